import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { describeLocal } from '#test/support/target.ts';
import { unique, waitFor } from '#test/support/wait.ts';
import { brl, cellsOf, consoleUrl, launch, look, settled, signedIn, textOf } from './support/browser.ts';
import { ok, order, product } from './support/shop.ts';

/** The São Paulo calendar day of now, and the instant a São Paulo day starts (UTC−3, no DST since 2019). */
const spDay = (offsetDays = 0) =>
  new Date(Date.now() - 3 * 3_600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);
const spStart = (day: string) => new Date(`${day}T03:00:00.000Z`).toISOString();
const nextDay = (day: string) =>
  new Date(Date.parse(`${day}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

const report = (fromDay: string, toDay: string) =>
  ok('GET', `/sales/reports/sales?from=${spStart(fromDay)}&to=${spStart(nextDay(toDay))}`);

/** The open reorder of a product, through every page of the open ones (undefined: none yet). */
async function openReorderOf(productId: string): Promise<true | undefined> {
  let cursor: string | null = null;
  do {
    const query: string = `status=OPEN&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const page = await ok('GET', `/inventory/reorders?${query}`);
    if (page.items.some((r: { productId: string }) => r.productId === productId)) return true;
    cursor = page.nextCursor;
  } while (cursor);
  return undefined;
}

describeLocal('console: home and reports', () => {
  let browser: Browser;
  let gerente: Page;
  let sold: { productId: string; name: string };
  beforeAll(async () => {
    browser = await launch();
    sold = await product({ amount: 3450, quantity: 40, name: 'Azeite Extra Virgem 500ml' });
    await order(unique('cliente'), [{ productId: sold.productId, quantity: 3 }]);
    // The report reads rollups a stream consumer keeps: the page and the test read it once it has the order.
    await waitFor('the order in the day report', async () => {
      const today = await report(spDay(), spDay());
      return today.byProduct.some((row: { productId: string }) => row.productId === sold.productId)
        ? true
        : undefined;
    });
    gerente = await signedIn(browser, 'gerente');
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("shows today's orders and revenue, 30 days of revenue, top products, low stock and open reorders", async () => {
    const low = await product({
      quantity: 10,
      reorderPoint: 5,
      reorderQuantity: 12,
      name: `Fósforo ${unique('f')}`,
    });
    await ok('PUT', `/inventory/products/${low.productId}`, { delta: -6, reason: 'vendas' });
    // The ledger settle opens the reorder a moment after the change (it gathers a second's changes);
    // the home screen lists the open reorders as they are when it loads.
    await waitFor('the reorder the settle opens', () => openReorderOf(low.productId));

    await gerente.goto(consoleUrl(''));
    await settled(gerente);
    const today = await report(spDay(), spDay());
    expect(await textOf(gerente.getByTestId('orders-today'))).toBe(String(today.orders));
    expect(await textOf(gerente.getByTestId('revenue-today'))).toBe(brl(today.revenue.amount));

    const month = await report(spDay(-29), spDay());
    if (month.byDay !== undefined) {
      await gerente.getByRole('img', { name: 'Receita por dia nos últimos 30 dias' }).waitFor();
    } else {
      await gerente.getByText('A API ainda não devolve a receita por dia (byDay) no relatório.').waitFor();
    }
    const top = [...month.byProduct].sort((a, b) => b.revenue.amount - a.revenue.amount).slice(0, 5);
    const topRows = gerente
      .getByRole('region', { name: 'Receita por dia — últimos 30 dias' })
      .locator('tbody tr');
    expect(await topRows.count()).toBe(top.length);
    for (const [index, entry] of top.entries()) {
      const [, units, revenue] = await cellsOf(topRows.nth(index));
      expect([units, revenue]).toEqual([String(entry.units), brl(entry.revenue.amount)]);
    }

    await gerente
      .getByRole('region', { name: 'Estoque no ponto de reposição ou abaixo' })
      .getByRole('link', { name: low.name })
      .waitFor();
    await gerente
      .getByRole('region', { name: 'Pedidos de reposição abertos' })
      .getByRole('link', { name: low.productId })
      .waitFor();
    await look(gerente, '40-home');
  });

  it('shows the sales report of a period, by day and by product, and downloads it as CSV', async () => {
    await gerente.goto(consoleUrl('reports'));
    await settled(gerente);
    const month = await report(spDay(-29), spDay());
    expect(await textOf(gerente.getByTestId('report-orders'))).toBe(String(month.orders));
    expect(await textOf(gerente.getByTestId('report-revenue'))).toBe(brl(month.revenue.amount));
    const entry = month.byProduct.find((p: { productId: string }) => p.productId === sold.productId);
    expect(entry).toMatchObject({ units: 3, revenue: { amount: 3 * 3450 } });
    const row = gerente
      .getByRole('table', { name: 'Vendas por produto' })
      .getByRole('row', { name: new RegExp(sold.productId) });
    const [, units, revenue] = await cellsOf(row);
    expect([units, revenue]).toEqual(['3', brl(3 * 3450)]);
    await look(gerente, '50-reports');

    const downloading = gerente.waitForEvent('download');
    await gerente.getByRole('button', { name: 'Baixar CSV' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe(`vendas-${spDay(-29)}-a-${spDay()}.csv`);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv).toContain(`Pedidos;${month.orders}`);
    expect(csv).toContain(`${sold.productId};${entry.name ?? ''};3;103,50`);
  });

  it('picks another period', async () => {
    await gerente.goto(consoleUrl('reports'));
    await settled(gerente);
    await gerente.getByRole('button', { name: 'Hoje' }).click();
    await settled(gerente);
    const params = new URL(gerente.url()).searchParams;
    expect([params.get('from'), params.get('to')]).toEqual([spDay(), spDay()]);
    const today = await report(spDay(), spDay());
    expect(await textOf(gerente.getByTestId('report-orders'))).toBe(String(today.orders));

    await gerente.getByLabel('De', { exact: true }).fill(spDay(-400));
    await gerente.getByRole('button', { name: 'Gerar relatório' }).click();
    await gerente.getByRole('alert').filter({ hasText: 'O período vai de 1 a 366 dias' }).waitFor();
  });

  it('shows caixa the stock part of the home page, and no sales figures', async () => {
    const caixa = await signedIn(browser, 'caixa');
    await caixa.getByRole('heading', { name: 'Pedidos de reposição abertos' }).waitFor();

    expect(await caixa.getByTestId('revenue-today').count()).toBe(0);
    await look(caixa, '41-home-caixa');
    await caixa.context().close();
  });
});
