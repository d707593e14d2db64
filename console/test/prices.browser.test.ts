import type { Browser, Page } from 'playwright-core';
import { describeLocal } from '#test/support/target.ts';
import { unique } from '#test/support/wait.ts';
import { brl, cellsOf, consoleUrl, launch, look, settled, signedIn, textOf } from './support/browser.ts';
import { ok, product } from './support/shop.ts';

describeLocal('console: prices and promotions', () => {
  let browser: Browser;
  let gerente: Page;
  beforeAll(async () => {
    browser = await launch();
    gerente = await signedIn(browser, 'gerente');
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("lists each product's prices as the API has them", async () => {
    const { productId, name } = await product({ amount: 1299 });
    await gerente.goto(consoleUrl('prices'));
    await settled(gerente);
    // The newest products are not always on the first page: walk on until it shows.
    const row = gerente
      .getByRole('table', { name: 'Preços dos produtos' })
      .getByRole('row', { name: new RegExp(name) });
    const more = gerente.getByRole('button', { name: 'Carregar mais' });
    while ((await row.count()) === 0 && (await more.count()) > 0) {
      await more.click();
      // The next page is in when the product shows or the button is back (or gone, at the end).
      await row.or(more).first().waitFor();
    }
    const price = await ok('GET', `/prices/products/${productId}`);
    const [, list, effective, promotion] = await cellsOf(row);
    expect([list, effective, promotion]).toEqual([brl(price.listAmount), brl(price.amount), '—']);
    await look(gerente, '20-prices');
  });

  it('sets a price; the history shows it with user:gerente, as the API does', async () => {
    const { productId } = await product({ amount: 1299 });
    await gerente.goto(consoleUrl(`prices?product=${productId}`));
    await settled(gerente);
    expect(await textOf(gerente.getByTestId('list-price'))).toBe(brl(1299));

    await gerente.getByLabel('Novo preço de tabela (R$)').fill('15,49');
    await gerente.getByRole('button', { name: 'Definir preço' }).click();
    await gerente.getByText('Preço de tabela agora é R$').waitFor();
    await settled(gerente);

    expect((await ok('GET', `/prices/products/${productId}`)).listAmount).toBe(1549);
    const [latest] = (await ok('GET', `/prices/products/${productId}/history`)).items;
    expect(latest).toMatchObject({ amount: 1549, previousAmount: 1299, actor: 'user:gerente' });
    const history = gerente.getByRole('table', { name: 'Histórico de preço' }).locator('tbody tr');
    const [, amount, before, actor] = await cellsOf(history.first());
    expect([amount, before, actor]).toEqual([brl(1549), brl(1299), 'user:gerente']);
    expect(await textOf(gerente.getByTestId('list-price'))).toBe(brl(1549));
    await gerente.getByRole('img', { name: new RegExp(`Preço de tabela de ${productId}`) }).waitFor();
    await look(gerente, '21-price-history');
  });

  it('creates a promotion for a product and ends it', async () => {
    const { productId } = await product({ amount: 2000 });
    const name = `Semana do biscoito ${unique('promo')}`;
    await gerente.goto(consoleUrl(`prices?product=${productId}`));
    await settled(gerente);

    await gerente.getByText('Nova promoção').click();
    await gerente.getByLabel('Nome', { exact: true }).fill(name);
    expect(await gerente.getByLabel('Produtos (códigos separados por vírgula)').inputValue()).toBe(productId);
    await gerente.getByLabel('Percentual').check();
    await gerente.getByLabel('Desconto (%)').fill('10');
    await gerente.getByRole('button', { name: 'Criar promoção' }).click();
    await gerente.getByText(`Promoção "${name}" criada.`).waitFor();
    await settled(gerente);

    const created = ((await ok('GET', '/prices/promotions?limit=100')).items as { name: string }[]).find(
      (p) => p.name === name,
    ) as { promotionId: string; status: string; createdBy: string } | undefined;
    expect(created).toMatchObject({ status: 'ACTIVE', createdBy: 'user:gerente' });
    const price = await ok('GET', `/prices/products/${productId}`);
    expect(price).toMatchObject({ amount: 1800, promotion: { name } });
    await gerente.reload();
    await settled(gerente);
    expect(await textOf(gerente.getByTestId('effective-price'))).toBe(brl(1800));
    await look(gerente, '22-promotion');

    const row = gerente
      .getByRole('table', { name: 'Promoções' })
      .getByRole('row', { name: new RegExp(name) });
    await row.getByRole('button', { name: `Encerrar ${name}` }).click();
    const dialog = gerente.getByRole('dialog');
    await dialog.getByText('Os preços voltam ao de tabela.').waitFor();
    await look(gerente, '23-promotion-confirm');
    await dialog.getByRole('button', { name: 'Encerrar promoção' }).click();
    await row.getByText('encerrada').waitFor();

    const ended = await ok('GET', `/prices/promotions?limit=100`);
    expect(ended.items.find((p: { name: string }) => p.name === name)).toMatchObject({
      status: 'ENDED',
      endedBy: 'user:gerente',
    });
    expect((await ok('GET', `/prices/products/${productId}`)).amount).toBe(2000);
  });

  it('offers caixa no price changes or promotions', async () => {
    const { productId } = await product({ amount: 999 });
    const caixa = await signedIn(browser, 'caixa', `prices?product=${productId}`);
    await caixa.getByTestId('list-price').waitFor();

    expect(await caixa.getByRole('button', { name: 'Definir preço' }).count()).toBe(0);
    expect(await caixa.getByText('Nova promoção').count()).toBe(0);
    expect(await caixa.getByRole('button', { name: /^Encerrar/ }).count()).toBe(0);
    await look(caixa, '24-prices-caixa');
    await caixa.context().close();
  });
});
