import { type Json, pricesStaleSince, privateSalesClient } from './support/sales-client.ts';
import { describeLocal } from './support/target.ts';
import { eventually, unique } from './support/wait.ts';

// Returns (API.md "Sales": POST /sales/orders/{orderId}/returns) over HTTP, on a runtime of this file's
// own: credit-note numbers are a single series, and only here can a test see that no other suite took
// one between its own.

const inMinutes = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();

/** Consecutive integers, in any order: no gap, no repeat. */
const expectContiguous = (numbers: number[]) => {
  const sorted = [...numbers].sort((a, b) => a - b);
  expect(sorted).toEqual(sorted.map((_, i) => sorted[0]! + i));
};

describeLocal('returns (private runtime)', () => {
  const api = privateSalesClient();

  const returnOf = (orderId: string, body: Record<string, unknown>) =>
    api().call('POST', `/sales/orders/${orderId}/returns`, body);
  const orderOf = async (orderId: string) => (await api().call('GET', `/sales/orders/${orderId}`)).body;
  const returnedEvents = (orderId: string) =>
    api().settledEvents('OrderReturned', (e) => e.data?.orderId === orderId);

  /** An order of `quantity` units of a new product at `amount` each, and of one unit of another. */
  async function anOrder(quantity: number, amount = 1000) {
    const [main, other] = [await api().product(50, amount), await api().product(50, 300)];
    const placed = await api().order(unique('cus'), [
      { productId: main, quantity },
      { productId: other, quantity: 1 },
    ]);
    expect(placed.status).toBe(201);
    return { orderId: placed.body.orderId as string, main, other, placed: placed.body };
  }

  it('takes several returns until everything is returned: status, quantities and the invoice as issued', async () => {
    const { orderId, main, other, placed } = await anOrder(3, 1250);
    const invoiceBefore = (await api().call('GET', `/sales/orders/${orderId}/invoice`)).body;

    const first = await returnOf(orderId, {
      returnId: unique('ret'),
      lines: [{ productId: main, quantity: 2 }],
      restock: true,
      reason: 'não gostou',
    });
    const afterFirst = await orderOf(orderId);
    const second = await returnOf(orderId, {
      returnId: unique('ret'),
      lines: [
        { productId: other, quantity: 1 },
        { productId: main, quantity: 1 },
      ],
      restock: false,
    });
    const afterAll = await orderOf(orderId);
    const more = await returnOf(orderId, {
      returnId: unique('ret'),
      lines: [{ productId: main, quantity: 1 }],
      restock: true,
    });
    const cancel = await api().call('POST', `/sales/orders/${orderId}/cancel`);
    const invoiceAfter = (await api().call('GET', `/sales/orders/${orderId}/invoice`)).body;

    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      orderId,
      lines: [{ productId: main, quantity: 2, refund: { amount: 2500, currency: 'BRL' } }],
      restock: true,
      reason: 'não gostou',
      refund: { amount: 2500, currency: 'BRL' },
      actor: 'client:admin',
      refundStatus: 'REFUNDED',
    });
    expect(afterFirst.status).toBe('PARTIALLY_RETURNED');
    expect(afterFirst.lines.map((l: Json) => l.returnedQuantity)).toEqual([2, 0]);
    expect(afterFirst.returns).toEqual([first.body]);
    expect(second.status).toBe(201);
    expect(second.body).toMatchObject({ refund: { amount: 1250 + 300 }, restock: false, reason: null });
    expect(second.body.creditNoteNumber).toBe(first.body.creditNoteNumber + 1);
    expect(afterAll.status).toBe('RETURNED');
    expect(afterAll.lines.map((l: Json) => l.returnedQuantity)).toEqual([3, 1]);
    expect(afterAll.returns).toEqual([first.body, second.body]);
    expect(more.status).toBe(409);
    expect(more.body.code).toBe('conflict');
    expect(more.body.errors).toEqual([
      expect.objectContaining({ path: 'body.lines.0.quantity', productId: main }),
    ]);
    expect(cancel.status).toBe(409);
    expect(cancel.body.code).toBe('conflict');
    const { status: _before, ...issued } = invoiceBefore;
    const { status: _after, ...still } = invoiceAfter;
    expect(still).toEqual(issued);
    expect(invoiceAfter.status).toBe('RETURNED');
    // Before any return, an order's lines look as they always did.
    expect(placed.lines[0]).not.toHaveProperty('returnedQuantity');
  }, 30_000);

  it('refuses what does not fit: more than is left, a product not on the order, a cancelled or unknown order', async () => {
    const { orderId, main, other } = await anOrder(2);
    const cancelled = await anOrder(1);
    await api().call('POST', `/sales/orders/${cancelled.orderId}/cancel`);
    const ret = (lines: Json[]) => ({ returnId: unique('ret'), lines, restock: true });

    const tooMany = await returnOf(
      orderId,
      ret([
        { productId: other, quantity: 1 },
        { productId: main, quantity: 3 },
      ]),
    );
    const notOnOrder = await returnOf(orderId, ret([{ productId: cancelled.main, quantity: 1 }]));
    const twice = await returnOf(
      orderId,
      ret([
        { productId: main, quantity: 1 },
        { productId: main, quantity: 1 },
      ]),
    );
    const onCancelled = await returnOf(cancelled.orderId, ret([{ productId: cancelled.main, quantity: 1 }]));
    const unknown = await returnOf('no-such-order', ret([{ productId: main, quantity: 1 }]));
    const order = await orderOf(orderId);

    expect(tooMany.status).toBe(409);
    expect(tooMany.body).toMatchObject({ code: 'conflict' });
    expect(tooMany.body.errors).toEqual([
      expect.objectContaining({ path: 'body.lines.1.quantity', productId: main, returnable: 2 }),
    ]);
    expect(notOnOrder.status).toBe(409);
    expect(notOnOrder.body.errors).toEqual([
      expect.objectContaining({ path: 'body.lines.0.productId', productId: cancelled.main }),
    ]);
    expect(twice.status).toBe(400);
    expect(twice.body.errors).toEqual([expect.objectContaining({ path: 'body.lines.1.productId' })]);
    expect(onCancelled.status).toBe(409);
    expect(onCancelled.body.code).toBe('conflict');
    expect(unknown.status).toBe(404);
    expect(order).toMatchObject({ status: 'CONFIRMED', returns: [] });
    expect((await api().events('OrderReturned')).filter((e) => e.data?.orderId === orderId)).toEqual([]);
  }, 30_000);

  it('answers the same returnId and body the same, once; another body is idempotency_key_reused', async () => {
    const { orderId, main } = await anOrder(3);
    const other = await anOrder(3);
    const body = { returnId: unique('ret'), lines: [{ productId: main, quantity: 1 }], restock: true };

    const first = await returnOf(orderId, body);
    const again = await returnOf(orderId, { ...body, lines: [{ quantity: 1, productId: main }] });
    const changed = await returnOf(orderId, { ...body, restock: false });
    const elsewhere = await returnOf(other.orderId, {
      ...body,
      lines: [{ productId: other.main, quantity: 1 }],
    });
    const events = await returnedEvents(orderId);

    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(changed.status).toBe(409);
    expect(changed.body.code).toBe('idempotency_key_reused');
    expect(elsewhere.status).toBe(409);
    expect(elsewhere.body.code).toBe('idempotency_key_reused');
    expect((await orderOf(orderId)).lines[0].returnedQuantity).toBe(1);
    expect((await orderOf(other.orderId)).returns).toEqual([]);
    expect(events).toHaveLength(1);
    expect(events[0].data).toEqual({
      orderId,
      returnId: body.returnId,
      lines: [{ productId: main, quantity: 1, refund: { amount: 1000, currency: 'BRL' } }],
      restock: true,
      refund: { amount: 1000, currency: 'BRL' },
      creditNoteNumber: first.body.creditNoteNumber,
      actor: 'client:admin',
      hasContact: false,
    });
  }, 30_000);

  it('says in OrderReturned whether the units go back on the shelf', async () => {
    const { orderId, main, other } = await anOrder(2);

    const back = await returnOf(orderId, {
      returnId: unique('ret'),
      lines: [{ productId: main, quantity: 1 }],
      restock: true,
    });
    const broken = await returnOf(orderId, {
      returnId: unique('ret'),
      lines: [{ productId: other, quantity: 1 }],
      restock: false,
      reason: 'quebrado',
    });
    const events = await returnedEvents(orderId);

    expect([back.status, broken.status]).toEqual([201, 201]);
    expect(new Map(events.map((e: Json) => [e.data.returnId, e.data.restock]))).toEqual(
      new Map([
        [back.body.returnId, true],
        [broken.body.returnId, false],
      ]),
    );
  }, 30_000);

  it('lets 20 concurrent returns of one unit on a line of 10 return exactly 10, with contiguous credit notes', async () => {
    const { orderId, main } = await anOrder(10);

    const answers = await Promise.all(
      Array.from({ length: 20 }, () =>
        returnOf(orderId, {
          returnId: unique('ret'),
          lines: [{ productId: main, quantity: 1 }],
          restock: true,
        }),
      ),
    );
    const order = await orderOf(orderId);
    const events = await returnedEvents(orderId);

    const won = answers.filter((a) => a.status === 201);
    expect(won).toHaveLength(10);
    expect(answers.filter((a) => a.status === 409 && a.body.code === 'conflict')).toHaveLength(10);
    expectContiguous(won.map((a) => a.body.creditNoteNumber));
    expect(won.reduce((sum, a) => sum + a.body.refund.amount, 0)).toBe(10_000);
    expect(order.lines[0].returnedQuantity).toBe(10);
    expect(order.returns).toHaveLength(10);
    expect(order.status).toBe('PARTIALLY_RETURNED');
    expect(events.map((e: Json) => e.data.returnId).sort()).toEqual(won.map((a) => a.body.returnId).sort());
  }, 60_000);

  it('numbers concurrent returns on different orders from one series without a gap', async () => {
    const orders = await Promise.all(Array.from({ length: 8 }, () => anOrder(1)));

    const answers = await Promise.all(
      orders.map(({ orderId, main }) =>
        returnOf(orderId, {
          returnId: unique('ret'),
          lines: [{ productId: main, quantity: 1 }],
          restock: false,
        }),
      ),
    );

    expect(answers.map((a) => a.status)).toEqual(orders.map(() => 201));
    expectContiguous(answers.map((a) => a.body.creditNoteNumber));
  }, 60_000);

  it('refunds three returns of one line of 3 × R$ 10,00 at 33% off to the centavo of the line total', async () => {
    // Sales charges a unit price and lineTotal = unitAmount × quantity, so each unit's share is
    // exactly the unit price charged (R$ 6,70 here); lines whose total is not a multiple of their
    // quantity are covered by the refund split's property test.
    const productId = await api().product(10, 1000);
    const promotion = await api().call('POST', '/prices/promotions', {
      name: unique('promo'),
      productIds: [productId],
      percentOff: 33,
      startsAt: inMinutes(-1),
      endsAt: inMinutes(60),
    });
    expect(promotion.status).toBe(201);
    await eventually(
      async () => (await api().call('GET', `/prices/products/${productId}`)).body.amount,
      (amount) => amount === 670,
    );
    await pricesStaleSince(Date.now());
    const placed = await api().order(unique('cus'), [{ productId, quantity: 3 }]);
    expect(placed.body.lines[0]).toMatchObject({ unitAmount: 670, lineTotal: 2010 });
    const orderId = placed.body.orderId;

    const refunds: number[] = [];
    for (const n of [1, 2, 3]) {
      const answer = await returnOf(orderId, {
        returnId: `ret-${n}-${orderId}`,
        lines: [{ productId, quantity: 1 }],
        restock: true,
      });
      expect(answer.status).toBe(201);
      refunds.push(answer.body.refund.amount);
    }
    const order = await orderOf(orderId);

    expect(refunds).toEqual([670, 670, 670]);
    expect(refunds.reduce((a, b) => a + b, 0)).toBe(placed.body.lines[0].lineTotal);
    expect(order.status).toBe('RETURNED');
  }, 30_000);

  it('records who returns and who cancels; a cancellation after a return cancels and refunds only the rest', async () => {
    const { orderId, main, other } = await anOrder(3);
    const confirmed = await api().expectOneEvent('OrderConfirmed', (e) => e.data?.orderId === orderId);

    const returned = await returnOf(orderId, {
      returnId: unique('ret'),
      lines: [{ productId: main, quantity: 1 }],
      restock: true,
    });
    const cancelled = await api().call('POST', `/sales/orders/${orderId}/cancel`);
    const again = await api().call('POST', `/sales/orders/${orderId}/cancel`);
    const afterCancel = await returnOf(orderId, {
      returnId: unique('ret'),
      lines: [{ productId: other, quantity: 1 }],
      restock: true,
    });
    const event = await api().expectOneEvent('OrderCancelled', (e) => e.data?.orderId === orderId);

    expect(confirmed.data.actor).toBe('client:admin');
    expect(returned.body.actor).toBe('client:admin');
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({
      status: 'CANCELLED',
      placedBy: 'client:admin',
      cancelledBy: 'client:admin',
      refund: { status: 'REFUNDED', amount: { amount: 3300 - 1000, currency: 'BRL' } },
      returns: [returned.body],
    });
    expect(again.body).toEqual(cancelled.body);
    expect(afterCancel.status).toBe(409);
    expect(event.data).toEqual({
      orderId,
      lines: [
        { productId: main, quantity: 2 },
        { productId: other, quantity: 1 },
      ],
      actor: 'client:admin',
      hasContact: false,
    });
  }, 30_000);

  it('shows a return as JSON, or as a printable pt-BR credit note', async () => {
    const { orderId, main } = await anOrder(2);
    const returned = await returnOf(orderId, {
      returnId: unique('ret'),
      lines: [{ productId: main, quantity: 1 }],
      restock: false,
      reason: '<b>quebrado</b>',
    });
    const path = `/sales/orders/${orderId}/returns/${returned.body.returnId}`;

    const json = await api().call('GET', path);
    const html = await api().call('GET', path, undefined, { accept: 'text/html' });
    const missing = await api().call('GET', `/sales/orders/${orderId}/returns/no-such-return`);

    expect(json.status).toBe(200);
    expect(json.body).toEqual(returned.body);
    expect(json.headers.vary).toBe('Accept');
    expect(html.status).toBe(200);
    expect(html.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(html.headers['content-security-policy']).toContain("default-src 'none'");
    expect(html.headers.vary).toBe('Accept');
    expect(html.body).toContain(`Nota de crédito nº ${returned.body.creditNoteNumber}`);
    expect(html.body).toContain('R$\u00a010,00');
    expect(html.body).toContain('&lt;b&gt;quebrado&lt;/b&gt;');
    expect(missing.status).toBe(404);
  }, 30_000);

  it('nets the returns made in a period out of its sales report', async () => {
    const from = new Date().toISOString();
    const { orderId, main } = await anOrder(4, 1000); // 4 × 1000 + 1 × 300
    await returnOf(orderId, {
      returnId: unique('ret'),
      lines: [{ productId: main, quantity: 3 }],
      restock: true,
    });
    const to = new Date(Date.now() + 1000).toISOString();

    const report = await api().call('GET', `/sales/reports/sales?from=${from}&to=${to}`);

    expect(report.status).toBe(200);
    expect(report.body).toMatchObject({
      orders: 1,
      units: 2,
      revenue: { amount: 4300 - 3000, currency: 'BRL' },
      returns: { amount: 3000, currency: 'BRL' },
    });
    expect(report.body.byProduct).toEqual(
      expect.arrayContaining([
        { productId: main, name: 'Café 500 g', units: 1, revenue: { amount: 1000, currency: 'BRL' } },
      ]),
    );
  }, 30_000);
});
