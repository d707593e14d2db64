import type { Browser, Page } from 'playwright-core';
import { describeLocal } from '#test/support/target.ts';
import { unique } from '#test/support/wait.ts';
import { brl, cellsOf, consoleUrl, launch, look, settled, signedIn, textOf } from './support/browser.ts';
import { ok, order, product } from './support/shop.ts';

/** What the API offers, as its OpenAPI document says (the console reads the same). */
async function apiOffers(): Promise<{ byPeriod: boolean; returns: boolean }> {
  const doc = await ok('GET', '/openapi.json');
  const params = (doc.paths['/sales/orders']?.get?.parameters ?? []) as { name: string }[];
  return {
    byPeriod: params.some((p) => p.name === 'from'),
    returns: doc.paths['/sales/orders/{orderId}/returns']?.post !== undefined,
  };
}

describeLocal('console: orders', () => {
  let browser: Browser;
  let gerente: Page;
  let offers: { byPeriod: boolean; returns: boolean };
  beforeAll(async () => {
    offers = await apiOffers();
    browser = await launch();
    gerente = await signedIn(browser, 'gerente');
  });
  afterAll(async () => {
    await browser?.close();
  });

  /** An order of two products over the API, as a till places it. */
  async function placed() {
    const coffee = await product({ amount: 1899, quantity: 30, name: 'Café Torrado 500g' });
    const rice = await product({ amount: 2790, quantity: 30, name: 'Arroz Agulhinha 5kg' });
    const customerId = unique('cliente');
    const placedOrder = await order(customerId, [
      { productId: coffee.productId, quantity: 2 },
      { productId: rice.productId, quantity: 1 },
    ]);
    return { customerId, order: placedOrder, coffee, rice };
  }

  it("shows an order placed over the API in the customer's orders, with its total", async () => {
    const { customerId, order: placedOrder } = await placed();
    expect(placedOrder.total.amount).toBe(2 * 1899 + 2790);

    await gerente.goto(consoleUrl('orders'));
    await settled(gerente);
    if (offers.byPeriod) {
      // By day is the default, today first.
      const row = gerente.getByRole('row', { name: new RegExp(placedOrder.orderId) });
      await row.waitFor();
      expect((await cellsOf(row)).at(-1)).toBe(brl(placedOrder.total.amount));
      await look(gerente, '30-orders-today');
      await gerente.getByRole('button', { name: 'Por cliente' }).click();
    }
    await gerente.getByRole('searchbox', { name: 'Buscar pedidos do cliente (código)' }).fill(customerId);
    await gerente.getByRole('button', { name: 'Buscar' }).click();
    await settled(gerente);
    expect(new URL(gerente.url()).searchParams.get('customer')).toBe(customerId);

    const listed = (await ok('GET', `/sales/orders?customerId=${customerId}`)).items;
    const rows = gerente.getByRole('table', { name: 'Pedidos' }).locator('tbody tr');
    expect(await rows.count()).toBe(listed.length);
    const [id, invoice, customer, , status, total] = await cellsOf(rows.first());
    expect([id, invoice, customer, status, total]).toEqual([
      placedOrder.orderId,
      `${placedOrder.invoiceNumber} · série ${placedOrder.invoiceSeries}`,
      customerId,
      'confirmado',
      brl(placedOrder.total.amount),
    ]);
    await look(gerente, '31-orders-by-customer');
  });

  it("shows an order's lines, totals and invoice number, and its printable receipt", async () => {
    const { order: placedOrder } = await placed();
    await gerente.goto(consoleUrl(`orders/${placedOrder.orderId}`));
    await settled(gerente);

    expect(await textOf(gerente.getByTestId('invoice-number'))).toBe(String(placedOrder.invoiceNumber));
    expect(await textOf(gerente.getByTestId('invoice-series'))).toBe(String(placedOrder.invoiceSeries));
    expect(await textOf(gerente.getByTestId('total'))).toBe(brl(placedOrder.total.amount));
    expect(await textOf(gerente.getByTestId('status'))).toBe('confirmado');
    const lines = gerente.getByRole('table', { name: 'Itens do pedido' }).locator('tbody tr');
    expect(await lines.count()).toBe(placedOrder.lines.length);
    for (const [index, line] of (
      placedOrder.lines as {
        productId: string;
        name?: string;
        quantity: number;
        unitAmount: number;
        lineTotal: number;
      }[]
    ).entries()) {
      const [name, quantity, unit, lineTotal] = await cellsOf(lines.nth(index));
      expect(name).toContain(line.name ?? line.productId);
      expect([quantity, unit, lineTotal]).toEqual([
        String(line.quantity),
        brl(line.unitAmount),
        brl(line.lineTotal),
      ]);
    }

    await gerente.getByRole('button', { name: 'Mostrar recibo' }).click();
    const receipt = gerente.frameLocator('iframe[title="Recibo do pedido"]');
    await receipt.getByText(String(placedOrder.invoiceNumber)).first().waitFor();
    // Printing opens the browser's dialog; here it is enough that the receipt's own window is asked to print.
    const frame = gerente.frames().find((f) => f !== gerente.mainFrame())!;
    await frame.evaluate(() => {
      const receiptWindow = globalThis as unknown as { print: () => void; printed?: boolean };
      receiptWindow.print = () => {
        receiptWindow.printed = true;
      };
    });
    await gerente.getByRole('button', { name: 'Imprimir recibo' }).click();
    expect(await frame.evaluate(() => (globalThis as unknown as { printed?: boolean }).printed)).toBe(true);
    await look(gerente, '32-order');
  });

  it('cancels an order after asking first', async () => {
    const { order: placedOrder } = await placed();
    await gerente.goto(consoleUrl(`orders/${placedOrder.orderId}`));
    await settled(gerente);

    await gerente.getByRole('button', { name: 'Cancelar pedido' }).click();
    const dialog = gerente.getByRole('dialog');
    await dialog.getByText(`Cancelar o pedido ${placedOrder.orderId}`).waitFor();
    await dialog.getByRole('button', { name: 'Voltar' }).click();
    expect((await ok('GET', `/sales/orders/${placedOrder.orderId}`)).status).toBe('CONFIRMED');

    await gerente.getByRole('button', { name: 'Cancelar pedido' }).click();
    await look(gerente, '33-order-cancel-confirm');
    await dialog.getByRole('button', { name: 'Sim, cancelar' }).click();
    await gerente.getByText('Pedido cancelado.').waitFor();
    await settled(gerente);

    expect((await ok('GET', `/sales/orders/${placedOrder.orderId}`)).status).toBe('CANCELLED');
    expect(await textOf(gerente.getByTestId('status'))).toBe('cancelado');
    expect(await gerente.getByRole('button', { name: 'Cancelar pedido' }).count()).toBe(0);
    await look(gerente, '34-order-cancelled');
  });

  it('returns units of an order when the API takes returns', async () => {
    if (!offers.returns) {
      // The API has no POST /sales/orders/{orderId}/returns yet: the console offers no return.
      const { order: placedOrder } = await placed();
      await gerente.goto(consoleUrl(`orders/${placedOrder.orderId}`));
      await settled(gerente);
      expect(await gerente.getByText('Registrar devolução').count()).toBe(0);
      return;
    }
    const { order: placedOrder, coffee } = await placed();
    await gerente.goto(consoleUrl(`orders/${placedOrder.orderId}`));
    await settled(gerente);
    await gerente.getByText('Registrar devolução').click();
    await gerente
      .getByLabel(/Café Torrado 500g|ui-/)
      .first()
      .fill('1');
    await gerente.getByRole('button', { name: 'Devolver itens' }).click();
    await gerente.getByRole('dialog').getByRole('button', { name: 'Sim, devolver' }).click();
    await gerente.getByText('Devolução registrada').waitFor();
    await settled(gerente);

    const after = await ok('GET', `/sales/orders/${placedOrder.orderId}`);
    expect(after.returns).toHaveLength(1);
    expect(after.returns[0]).toMatchObject({
      lines: [{ productId: coffee.productId, quantity: 1 }],
      actor: 'user:gerente',
    });
    const row = gerente.getByRole('table', { name: 'Devoluções' }).locator('tbody tr').first();
    const cells = await cellsOf(row);
    expect(cells[0]).toBe(String(after.returns[0].creditNoteNumber));
    expect(cells[3]).toBe(brl(after.returns[0].refund.amount));
    expect(cells[5]).toBe('user:gerente');
    await look(gerente, '35-order-returned');
  });

  it('shows caixa the order with no cancel button', async () => {
    const { order: placedOrder } = await placed();
    const caixa = await signedIn(browser, 'caixa', `orders/${placedOrder.orderId}`);
    await caixa.getByTestId('invoice-number').waitFor();

    expect(await textOf(caixa.getByTestId('total'))).toBe(brl(placedOrder.total.amount));
    expect(await caixa.getByRole('button', { name: 'Cancelar pedido' }).count()).toBe(0);
    expect(await caixa.getByText('Registrar devolução').count()).toBe(0);
    await caixa.getByRole('button', { name: 'Mostrar recibo' }).waitFor();
    await look(caixa, '36-order-caixa');
    await caixa.context().close();
  });
});
