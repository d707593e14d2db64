import type { Browser, Page } from 'playwright-core';
import { describeLocal } from '#test/support/target.ts';
import { eventually, unique } from '#test/support/wait.ts';
import { cellsOf, consoleUrl, launch, look, settled, signedIn, squash, textOf } from './support/browser.ts';
import { admin, ok, product } from './support/shop.ts';

const ledgerRows = (page: Page) =>
  page.getByRole('table', { name: 'Movimentações de estoque' }).locator('tbody tr');

describeLocal('console: products and stock', () => {
  let browser: Browser;
  let gerente: Page;
  beforeAll(async () => {
    browser = await launch();
    gerente = await signedIn(browser, 'gerente');
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('finds a product by SKU and by the start of its name, and filters low stock', async () => {
    const low = await product({ quantity: 2, reorderPoint: 5, name: `Água Tônica ${unique('n')}` });

    await gerente.goto(consoleUrl('products'));
    await gerente.getByRole('searchbox', { name: 'Buscar por SKU ou nome' }).fill(low.sku);
    await gerente.getByRole('button', { name: 'Buscar' }).click();
    await settled(gerente);
    expect(new URL(gerente.url()).searchParams.get('q')).toBe(low.sku);
    await gerente.getByRole('row', { name: new RegExp(low.sku) }).waitFor();
    expect(await gerente.getByRole('table', { name: 'Produtos' }).locator('tbody tr').count()).toBe(1);

    // Accents and case do not matter for a name.
    await gerente.goto(
      consoleUrl(`products?q=${encodeURIComponent(low.name.toUpperCase().replace('Á', 'A'))}`),
    );
    await settled(gerente);
    await gerente.getByRole('link', { name: low.name }).waitFor();

    await gerente.goto(consoleUrl('products?lowStock=1'));
    await settled(gerente);
    await gerente.getByRole('link', { name: low.name }).waitFor();
    const shown = await gerente
      .getByRole('table', { name: 'Produtos' })
      .locator('tbody tr td:first-child')
      .allTextContents();
    const listed = (await ok('GET', '/inventory/products?limit=100')).items as {
      sku: string;
      quantity: number;
      reorderPoint: number;
    }[];
    for (const row of shown) {
      const item = listed.find((p) => p.sku === row);
      if (item) expect(item.quantity).toBeLessThanOrEqual(item.reorderPoint);
    }
    await look(gerente, '10-products');
  });

  it('creates a product from the form and opens its page', async () => {
    const productId = unique('novo');
    await gerente.goto(consoleUrl('products'));
    await gerente.getByText('Novo produto').click();
    await gerente.getByLabel('Código (opcional)').fill(productId);
    await gerente.getByLabel('SKU', { exact: true }).fill(`SKU-${productId}`);
    await gerente.getByLabel('Nome', { exact: true }).fill('Pão de Queijo 1kg');
    await gerente.getByLabel('Estoque inicial').fill('12');
    await gerente.getByLabel('Ponto de reposição').fill('3');
    await gerente.getByLabel('Quantidade de reposição').fill('24');
    await gerente.getByRole('button', { name: 'Criar produto' }).click();

    await gerente.waitForURL(`**/console/products/${productId}`);
    await gerente.getByRole('heading', { name: 'Pão de Queijo 1kg', level: 1 }).waitFor();
    const created = await ok('GET', `/inventory/products/${productId}`);
    expect(created).toMatchObject({
      sku: `SKU-${productId}`,
      quantity: 12,
      reorderPoint: 3,
      reorderQuantity: 24,
    });
    expect(await textOf(gerente.getByTestId('stock'))).toBe('12');
  });

  it('changes stock by a delta with a reason: the ledger shows it with user:gerente, as the API does', async () => {
    const { productId } = await product({ quantity: 40, amount: 1299 });
    await gerente.goto(consoleUrl(`products/${productId}`));
    await settled(gerente);

    await gerente.getByLabel('Variação (ex.: 5 ou -3)').fill('-3');
    await gerente.getByLabel('Motivo').fill('Quebra na prateleira');
    await gerente.getByLabel('Referência (opcional)').fill('ocorrência 17');
    await gerente.getByRole('button', { name: 'Aplicar variação' }).click();
    await gerente.getByText('Estoque alterado para 37.').waitFor();
    await settled(gerente);

    const [latest] = (await ok('GET', `/inventory/products/${productId}/movements`)).items;
    expect(latest).toMatchObject({
      delta: -3,
      quantityAfter: 37,
      reason: 'Quebra na prateleira',
      actor: 'user:gerente',
    });
    const [, delta, after, reason, reference, actor] = await cellsOf(ledgerRows(gerente).first());
    expect([delta, after, reason, reference, actor]).toEqual([
      '-3',
      '37',
      'Quebra na prateleira',
      'ocorrência 17',
      'user:gerente',
    ]);
    expect(await textOf(gerente.getByTestId('stock'))).toBe('37');
    expect(await textOf(gerente.getByTestId('price'))).toContain('R$ 12,99');
    await look(gerente, '11-product');
  });

  it('counts stock at the version read: a change made meanwhile is shown as the 409 the API answers', async () => {
    const { productId } = await product({ quantity: 20 });
    await gerente.goto(consoleUrl(`products/${productId}`));
    await settled(gerente);
    const readVersion = Number(await textOf(gerente.getByTestId('version')));

    // Someone else sells one meanwhile.
    await ok('PUT', `/inventory/products/${productId}`, { delta: -1, reason: 'venda no balcão' });
    const conflict = await admin('PUT', `/inventory/products/${productId}`, {
      quantity: 18,
      expectedVersion: readVersion,
    });
    expect(conflict.status).toBe(409);
    expect(conflict.body.code).toBe('version_conflict');

    await gerente.getByLabel('Quantidade contada').fill('18');
    await gerente.getByRole('button', { name: 'Registrar contagem' }).click();
    const alert = gerente.getByRole('alert').filter({ hasText: 'version_conflict' });
    await alert.waitFor();
    expect(await textOf(alert)).toContain(squash(conflict.body.detail));
    await look(gerente, '12-product-version-conflict');

    await gerente.getByRole('button', { name: 'Recarregar o produto e contar de novo' }).click();
    await settled(gerente);
    await gerente.getByLabel('Quantidade contada').fill('18');
    await gerente.getByRole('button', { name: 'Registrar contagem' }).click();
    await gerente.getByText('Contagem registrada: estoque 18.').waitFor();
    expect((await ok('GET', `/inventory/products/${productId}`)).quantity).toBe(18);
  });

  it('receives an open reorder', async () => {
    const { productId } = await product({ quantity: 10, reorderPoint: 5, reorderQuantity: 20 });
    await ok('PUT', `/inventory/products/${productId}`, { delta: -6, reason: 'vendas' });
    const open = await eventually(
      async () =>
        (
          (await ok('GET', '/inventory/reorders?status=OPEN&limit=100')).items as {
            productId: string;
            reorderId: string;
          }[]
        ).find((r) => r.productId === productId),
      (r) => r !== undefined,
    );
    expect(open).toBeDefined();

    await gerente.goto(consoleUrl(`products/${productId}`));
    await settled(gerente);
    await gerente.getByRole('button', { name: 'Receber 20 unidades' }).click();
    await gerente.getByText('Nenhum pedido de reposição aberto.').waitFor();
    await settled(gerente);

    const reorder = (
      (await ok('GET', '/inventory/reorders?limit=100')).items as { reorderId: string; status: string }[]
    ).find((r) => r.reorderId === open!.reorderId);
    expect(reorder?.status).toBe('RECEIVED');
    expect((await ok('GET', `/inventory/products/${productId}`)).quantity).toBe(24);
    expect(await textOf(gerente.getByTestId('stock'))).toBe('24');
  });

  it('offers caixa no stock changes', async () => {
    const { productId } = await product({ quantity: 5 });
    const caixa = await signedIn(browser, 'caixa', `products/${productId}`);
    await caixa.getByRole('heading', { name: 'Movimentações de estoque' }).waitFor();

    expect(await caixa.getByRole('button', { name: 'Aplicar variação' }).count()).toBe(0);
    expect(await caixa.getByRole('button', { name: 'Registrar contagem' }).count()).toBe(0);
    expect(await caixa.getByText('Novo produto').count()).toBe(0);
    await look(caixa, '13-product-caixa');
    await caixa.context().close();
  });
});
