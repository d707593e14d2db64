import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import {
  MOVEMENT_SK_PREFIX,
  movementKey,
  PENDING_SK_PREFIX,
  productKey,
} from '#functions/inventory/store/keys.ts';
import { makeChangeStock } from '#functions/inventory/use-cases/change-stock.ts';
import { makeSettleLedger } from '#functions/inventory/use-cases/settle-ledger.ts';
import { dynamo } from '#lib/dynamodb/client.ts';
import { type Json, call as request } from './support/api.ts';
import { eventsLog } from './support/events-log.ts';
import { adminRequest, allItems, inventoryClient } from './support/inventory-client.ts';
import { privateInventory, productImage } from './support/inventory-table.ts';
import { describeLocal, itLocal } from './support/target.ts';
import { eventually, unique } from './support/wait.ts';

/** Inventory over HTTP against the local runtime (API.md, Inventory, Events, Conventions). */

async function call(method: string, path: string, body?: unknown, raw?: string) {
  const response = await request(method, path, { as: 'admin', body: raw ?? body });
  return { status: response.status, body: response.body, type: response.headers['content-type'] ?? '' };
}

const { createProduct, product } = inventoryClient();

/**
 * Once the ledger has settled every change of the product: its version is a row and no movement is
 * pending any more (local table).
 */
const ledgerSettled = (productId: string) =>
  eventually(
    async () => {
      const { version } = await productImage('inventory', productId);
      const { Items = [] } = await dynamo.send(
        new QueryCommand({
          TableName: 'inventory',
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :ledger)',
          ExpressionAttributeValues: { ':pk': productKey(productId).pk, ':ledger': MOVEMENT_SK_PREFIX },
          ConsistentRead: true,
        }),
      );
      return { row: movementKey(productId, version).sk, keys: Items.map((i) => String(i.sk)) };
    },
    ({ row, keys }) => keys.includes(row) && !keys.some((sk) => sk.startsWith(PENDING_SK_PREFIX)),
  );

describe('products', () => {
  it('creates, reads (also through the seed route), and refuses an existing id', async () => {
    const productId = await createProduct(7, { reorderPoint: 1, reorderQuantity: 5 });

    const read = await call('GET', `/inventory/products/${productId}`);
    const seed = await call('GET', `/inventario/produto/${productId}`);
    const again = await call('POST', '/inventory/products', { productId, sku: 'X', name: 'Y', quantity: 1 });

    expect(read.status).toBe(200);
    expect(read.body).toEqual({
      productId,
      sku: `SKU-${productId}`,
      name: 'Café',
      quantity: 7,
      reorderPoint: 1,
      reorderQuantity: 5,
      version: 1,
      updatedAt: expect.any(String),
    });
    expect(seed.body).toEqual(read.body);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('conflict');
    expect(await product(productId)).toEqual(read.body);
  });

  it('generates an id when none is given', async () => {
    const created = await call('POST', '/inventory/products', { sku: 'GEN', name: 'Generated', quantity: 2 });

    expect(created.status).toBe(201);
    expect(created.body.productId).toMatch(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/);
    expect((await product(created.body.productId)).quantity).toBe(2);
  });

  it('lists products sorted by productId, page by page', async () => {
    const prefix = unique('list');
    for (const s of ['b', 'a', 'c']) {
      await call('POST', '/inventory/products', {
        productId: `${prefix}-${s}`,
        sku: 'S',
        name: 'N',
        quantity: 1,
      });
    }

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { status: number; body: Json } = await call(
        'GET',
        `/inventory/products?limit=100${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((p: { productId: string }) => p.productId));
      cursor = page.body.nextCursor;
    } while (cursor);
    const small = await call('GET', '/inventory/products?limit=1');

    expect(seen).toEqual([...seen].sort());
    expect(seen.filter((id) => id.startsWith(prefix))).toEqual([`${prefix}-a`, `${prefix}-b`, `${prefix}-c`]);
    expect(small.body.items).toHaveLength(1);
    expect(typeof small.body.nextCursor).toBe('string');
  });

  it('finds products by SKU or the start of any word of the name, case- and accent-insensitive', async () => {
    // One word no other product has: the finds below are exactly these products.
    const word = unique('Pilão').replace('-', '');
    const prefix = unique('find');
    const sku = `${word.slice(-8).toUpperCase()}-CHÁ`;
    const products = [
      {
        productId: `${prefix}-a`,
        sku: `A-${prefix}`,
        name: `Café ${word} 500g`,
        quantity: 3,
        reorderPoint: 5,
      },
      {
        productId: `${prefix}-b`,
        sku: `B-${prefix}`,
        name: `${word} Extra Forte`,
        quantity: 50,
        reorderPoint: 5,
      },
      { productId: `${prefix}-c`, sku, name: 'Chá Mate Leão', quantity: 9, reorderPoint: 1 },
    ];
    for (const body of products) expect((await call('POST', '/inventory/products', body)).status).toBe(201);
    const find = async (query: string) => {
      const page = await call('GET', `/inventory/products?${query}`);
      expect(page.status).toBe(200);
      return page.body.items.map((p: { productId: string }) => p.productId);
    };
    const q = (text: string) => `q=${encodeURIComponent(text)}`;
    const plain = word.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

    expect(await find(q(plain))).toEqual([`${prefix}-a`, `${prefix}-b`]);
    expect(await find(q(` ${word.toUpperCase()} CAFE `))).toEqual([`${prefix}-a`]);
    expect(await find(q(`café ${plain.slice(0, -2)}`))).toEqual([`${prefix}-a`]);
    expect(await find(q(sku.toLowerCase()))).toEqual([`${prefix}-c`]);
    expect(await find(q(sku.slice(0, -1)))).toEqual([]);
    expect(await find(`${q(plain)}&lowStock=true`)).toEqual([`${prefix}-a`]);
    expect(await find(`${q(plain)}&lowStock=false`)).toEqual([`${prefix}-a`, `${prefix}-b`]);
  });

  it('lists the products at or below their reorder point, every filtered page full until the last', async () => {
    const word = unique('baixo').replace('-', '');
    const prefix = unique('low');
    for (const [s, quantity] of [
      ['a', 0],
      ['b', 9],
      ['c', 2],
      ['d', 1],
    ] as const) {
      await createProduct(quantity, { productId: `${prefix}-${s}`, name: `Leite ${word}`, reorderPoint: 2 });
    }

    const low = await allItems(adminRequest(), '/inventory/products?lowStock=true');
    const pages: string[][] = [];
    let cursor: string | null = null;
    do {
      const page: { status: number; body: Json } = await call(
        'GET',
        `/inventory/products?q=${word}&lowStock=true&limit=1${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(page.status).toBe(200);
      pages.push(page.body.items.map((p: { productId: string }) => p.productId));
      cursor = page.body.nextCursor;
    } while (cursor);

    expect(low.every((p) => p.quantity <= p.reorderPoint)).toBe(true);
    expect(low.map((p) => p.productId).filter((id) => id.startsWith(prefix))).toEqual([
      `${prefix}-a`,
      `${prefix}-c`,
      `${prefix}-d`,
    ]);
    // A page may end on the last match without knowing it was the last: then one empty page, the last.
    expect(pages.slice(0, 3)).toEqual([[`${prefix}-a`], [`${prefix}-c`], [`${prefix}-d`]]);
    expect(pages.slice(3).flat()).toEqual([]);
  });

  it('changes stock by delta and by count (also through the seed route), with a ledger newest first', async () => {
    const productId = await createProduct(10);

    const sold = await call('PUT', `/inventory/products/${productId}`, {
      delta: -3,
      reason: 'sale',
      reference: 'ticket-1',
    });
    const counted = await call('PUT', `/inventario/produto/${productId}`, {
      quantity: 20,
      expectedVersion: 2,
    });
    const stale = await call('PUT', `/inventory/products/${productId}`, { quantity: 1, expectedVersion: 2 });
    const oversell = await call('PUT', `/inventory/products/${productId}`, { delta: -21 });
    const movements = await call('GET', `/inventory/products/${productId}/movements`);
    const firstPage = await call('GET', `/inventory/products/${productId}/movements?limit=2`);
    const secondPage = await call(
      'GET',
      `/inventory/products/${productId}/movements?limit=2&cursor=${firstPage.body.nextCursor}`,
    );

    expect(sold.body).toMatchObject({ quantity: 7, version: 2 });
    expect(counted.body).toMatchObject({ quantity: 20, version: 3 });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('version_conflict');
    expect(oversell.status).toBe(409);
    expect(oversell.body.code).toBe('insufficient_stock');
    expect(oversell.body.errors[0]).toMatchObject({ productId, requested: 21, available: 20 });
    expect(movements.body.items).toEqual([
      {
        movementId: expect.any(String),
        delta: 13,
        quantityAfter: 20,
        reason: 'count',
        reference: null,
        actor: 'client:admin',
        at: expect.any(String),
      },
      {
        movementId: expect.any(String),
        delta: -3,
        quantityAfter: 7,
        reason: 'sale',
        reference: 'ticket-1',
        actor: 'client:admin',
        at: expect.any(String),
      },
      {
        movementId: expect.any(String),
        delta: 10,
        quantityAfter: 10,
        reason: 'initial',
        reference: null,
        actor: 'client:admin',
        at: expect.any(String),
      },
    ]);
    expect([...firstPage.body.items, ...secondPage.body.items]).toEqual(movements.body.items);
    expect((await product(productId)).quantity).toBe(20);
  });
});

describe('reservations', () => {
  it('reserves all lines, answers a repeat the same, and refuses other lines under the same id', async () => {
    const [a, b] = [await createProduct(5), await createProduct(5)];
    const reservationId = unique('r');
    const lines = [
      { productId: a, quantity: 2 },
      { productId: b, quantity: 1 },
    ];

    const first = await call('POST', '/inventory/reservations', { reservationId, lines });
    const repeat = await call('POST', '/inventory/reservations', {
      reservationId,
      lines: [...lines].reverse(),
    });
    const other = await call('POST', '/inventory/reservations', {
      reservationId,
      lines: [{ productId: a, quantity: 1 }],
    });
    const read = await call('GET', `/inventory/reservations/${reservationId}`);

    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      reservationId,
      status: 'ACTIVE',
      lines,
      expiresAt: expect.any(String),
    });
    expect(repeat.status).toBe(201);
    expect(repeat.body).toEqual(first.body);
    expect(other.status).toBe(409);
    expect(other.body.code).toBe('idempotency_key_reused');
    // The answer to a reservation names its products (Sales' receipts); a read of it does not.
    expect(first.body.lines.map((line: { name?: string }) => line.name)).toEqual(['Café', 'Café']);
    expect(read.body).toEqual({
      ...first.body,
      lines: first.body.lines.map(({ name: _name, ...line }: { name?: string }) => line),
    });
    expect([(await product(a)).quantity, (await product(b)).quantity]).toEqual([3, 4]);
  });

  it('reserves nothing when a line is short, naming each short product', async () => {
    const [a, b] = [await createProduct(5), await createProduct(1)];

    const short = await call('POST', '/inventory/reservations', {
      reservationId: unique('r'),
      lines: [
        { productId: a, quantity: 2 },
        { productId: b, quantity: 2 },
      ],
    });

    expect(short.status).toBe(409);
    expect(short.body.code).toBe('insufficient_stock');
    expect(short.body.errors).toEqual([
      { path: 'lines.1', message: expect.any(String), productId: b, requested: 2, available: 1 },
    ]);
    expect([(await product(a)).quantity, (await product(b)).quantity]).toEqual([5, 1]);
  });

  it('answers 404 for an unknown product and 400 for a product listed twice, reserving nothing', async () => {
    const a = await createProduct(5);

    const unknown = await call('POST', '/inventory/reservations', {
      reservationId: unique('r'),
      lines: [
        { productId: a, quantity: 1 },
        { productId: unique('ghost'), quantity: 1 },
      ],
    });
    const twice = await call('POST', '/inventory/reservations', {
      reservationId: unique('r'),
      lines: [
        { productId: a, quantity: 1 },
        { productId: a, quantity: 1 },
      ],
    });

    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('not_found');
    expect(twice.status).toBe(400);
    expect(twice.body.errors[0].path).toBe('body.lines.1.productId');
    expect((await product(a)).quantity).toBe(5);
  });

  it('commits once, and refuses to release a committed sale', async () => {
    const a = await createProduct(5);
    const reservationId = unique('r');
    await call('POST', '/inventory/reservations', { reservationId, lines: [{ productId: a, quantity: 2 }] });

    const commit = await call('POST', `/inventory/reservations/${reservationId}/commit`);
    const again = await call('POST', `/inventory/reservations/${reservationId}/commit`);
    const release = await call('DELETE', `/inventory/reservations/${reservationId}`);

    expect(commit.status).toBe(200);
    expect(commit.body.status).toBe('COMMITTED');
    expect(again.status).toBe(200);
    expect(again.body).toEqual(commit.body);
    expect(release.status).toBe(409);
    expect(release.body.code).toBe('conflict');
    expect((await product(a)).quantity).toBe(3);
  });

  it('releases once: stock returns exactly once, then commit is refused; unknown → 404', async () => {
    const a = await createProduct(5);
    const reservationId = unique('r');
    await call('POST', '/inventory/reservations', { reservationId, lines: [{ productId: a, quantity: 4 }] });

    const releases = await Promise.all(
      [1, 2, 3].map(() => call('DELETE', `/inventory/reservations/${reservationId}`)),
    );
    const commit = await call('POST', `/inventory/reservations/${reservationId}/commit`);
    const unknown = await call('DELETE', `/inventory/reservations/${unique('none')}`);
    const unknownGet = await call('GET', `/inventory/reservations/${unique('none')}`);

    expect(releases.map((r) => [r.status, r.body.status])).toEqual([
      [200, 'RELEASED'],
      [200, 'RELEASED'],
      [200, 'RELEASED'],
    ]);
    expect(commit.status).toBe(409);
    expect(unknown.status).toBe(404);
    expect(unknownGet.status).toBe(404);
    expect((await product(a)).quantity).toBe(5);
    const movements = (await call('GET', `/inventory/products/${a}/movements`)).body.items;
    expect(movements.map((m: { reason: string }) => m.reason)).toEqual([
      'reservation-released',
      'reservation',
      'initial',
    ]);
  });
});

describe('actors', () => {
  it('names who moved stock: Sales reserving with its own token, the admin client releasing', async () => {
    const a = await createProduct(5);
    const reservationId = unique('r');
    const lines = [{ productId: a, quantity: 2 }];

    const reserved = await request('POST', '/inventory/reservations', {
      as: 'sales-service',
      body: { reservationId, lines },
    });
    const released = await call('DELETE', `/inventory/reservations/${reservationId}`);
    const movements = (await call('GET', `/inventory/products/${a}/movements`)).body.items;

    expect([reserved.status, released.status]).toEqual([201, 200]);
    expect(movements.map((m: Json) => [m.reason, m.delta, m.reference, m.actor])).toEqual([
      ['reservation-released', 2, reservationId, 'client:admin'],
      ['reservation', -2, reservationId, 'service:sales'],
      ['initial', 5, null, 'client:admin'],
    ]);
  });
});

describe('reorders', () => {
  const openReordersOf = async (productId: string): Promise<Json[]> =>
    (await call('GET', '/inventory/reorders?status=OPEN&limit=100')).body.items.filter(
      (r: { productId: string }) => r.productId === productId,
    );

  itLocal(
    'opens one reorder and publishes StockLow when stock falls to the point; receiving adds stock once',
    async () => {
      // Arrange
      const productId = await createProduct(4, { reorderPoint: 2, reorderQuantity: 10 });

      // Act: down to the point (the settled ledger opens the reorder a moment after), then below it;
      // then the goods arrive, twice, and an unknown reorder is received.
      await call('PUT', `/inventory/products/${productId}`, { delta: -2 });
      await eventually(
        () => openReordersOf(productId),
        (open) => open.length > 0,
      );
      await call('PUT', `/inventory/products/${productId}`, { delta: -1 });
      await ledgerSettled(productId);
      const open = await openReordersOf(productId);
      const stockLow = await eventsLog().settled('StockLow', (e) => e.data.productId === productId);
      const received = await call('POST', `/inventory/reorders/${open[0].reorderId}/receive`);
      const again = await call('POST', `/inventory/reorders/${open[0].reorderId}/receive`);
      const unknown = await call('POST', `/inventory/reorders/${unique('ro')}/receive`);

      // Assert
      expect(open).toEqual([
        {
          reorderId: expect.any(String),
          productId,
          quantity: 10,
          status: 'OPEN',
          createdAt: expect.any(String),
          receivedAt: null,
          createdBy: 'service:inventory',
          receivedBy: null,
        },
      ]);
      expect(stockLow).toHaveLength(1);
      expect(stockLow[0]).toMatchObject({
        type: 'StockLow',
        source: 'inventory',
        data: {
          productId,
          quantity: 2,
          reorderPoint: 2,
          reorderId: open[0].reorderId,
          actor: 'service:inventory',
        },
      });
      expect(received.status).toBe(200);
      expect(received.body.status).toBe('RECEIVED');
      expect(received.body).toMatchObject({ createdBy: 'service:inventory', receivedBy: 'client:admin' });
      expect((await call('GET', `/inventory/products/${productId}/movements`)).body.items[0]).toMatchObject({
        delta: 10,
        reason: 'reorder-received',
        reference: open[0].reorderId,
        actor: 'client:admin',
      });
      expect(again.status).toBe(200);
      expect(again.body).toEqual(received.body);
      expect(unknown.status).toBe(404);
      expect((await product(productId)).quantity).toBe(11);
    },
  );
});

describeLocal('order events from Sales', () => {
  const sns = () => new SNSClient({});
  const salesTopic = 'arn:aws:sns:us-east-1:000000000000:sales-events';
  const publish = (
    type: 'OrderConfirmed' | 'OrderCancelled' | 'OrderReturned',
    data: unknown,
    id = unique('evt'),
  ) =>
    sns().send(
      new PublishCommand({
        TopicArn: salesTopic,
        Message: JSON.stringify({
          id,
          type,
          source: 'sales',
          time: new Date().toISOString(),
          correlationId: unique('c'),
          data,
        }),
        MessageAttributes: { type: { DataType: 'String', StringValue: type } },
      }),
    );
  const statusOf = async (reservationId: string) =>
    (await call('GET', `/inventory/reservations/${reservationId}`)).body.status;
  const statusBecomes = (reservationId: string, status: string) =>
    eventually(
      () => statusOf(reservationId),
      (s) => s === status,
    );

  /** A marker event sent after the others: once it is handled, the ones before it have been too. */
  async function earlierEventsHandled(productId: string): Promise<void> {
    const marker = unique('order');
    await call('POST', '/inventory/reservations', {
      reservationId: marker,
      lines: [{ productId, quantity: 1 }],
    });
    await publish('OrderCancelled', { orderId: marker, lines: [{ productId, quantity: 1 }] });
    await statusBecomes(marker, 'RELEASED');
  }

  it('commits on OrderConfirmed, releases once on OrderCancelled (duplicates too), ignores a late confirmation', async () => {
    // Arrange: a reservation, and the OrderConfirmed of its order.
    const a = await createProduct(6);
    const orderId = unique('order');
    const lines = [{ productId: a, quantity: 2 }];
    await call('POST', '/inventory/reservations', { reservationId: orderId, lines });
    const confirmed = {
      orderId,
      customerId: 'c1',
      lines,
      total: { amount: 100, currency: 'BRL' },
      invoiceNumber: 1,
    };

    // Act: OrderConfirmed twice, one OrderCancelled delivered twice, then a late OrderConfirmed.
    await publish('OrderConfirmed', confirmed);
    await publish('OrderConfirmed', confirmed);
    const afterConfirmed = await statusBecomes(orderId, 'COMMITTED');
    const cancelled = unique('evt');
    await publish('OrderCancelled', { orderId, lines }, cancelled);
    await publish('OrderCancelled', { orderId, lines }, cancelled);
    const afterCancelled = await statusBecomes(orderId, 'RELEASED');
    await publish('OrderConfirmed', confirmed);
    await earlierEventsHandled(a);

    // Assert
    expect(afterConfirmed).toBe('COMMITTED');
    expect(afterCancelled).toBe('RELEASED');
    expect(await statusOf(orderId)).toBe('RELEASED');
    expect((await product(a)).quantity).toBe(6);
    // The event names no actor: Inventory itself gave the stock back.
    const movements: Json[] = (await call('GET', `/inventory/products/${a}/movements`)).body.items;
    expect(movements.filter((m) => m.reference === orderId).map((m) => [m.reason, m.actor])).toEqual([
      ['reservation-released', 'service:inventory'],
      ['reservation', 'client:admin'],
    ]);
  });

  it('restocks an OrderReturned once however often it is delivered, and nothing for restock: false', async () => {
    // Arrange: a sold order of 3 units of a and 1 of b.
    const [a, b] = [await createProduct(10), await createProduct(10)];
    const orderId = unique('order');
    await request('POST', '/inventory/reservations', {
      as: 'sales-service',
      body: {
        reservationId: orderId,
        lines: [
          { productId: a, quantity: 3 },
          { productId: b, quantity: 1 },
        ],
      },
    });
    await call('POST', `/inventory/reservations/${orderId}/commit`);
    const returnId = unique('ret');
    const returned = {
      orderId,
      returnId,
      lines: [{ productId: a, quantity: 2 }],
      restock: true,
      refund: { amount: 2000, currency: 'BRL' },
      creditNoteNumber: 1,
      actor: 'user:caixa',
    };
    const binned = {
      ...returned,
      returnId: unique('ret'),
      lines: [{ productId: b, quantity: 1 }],
      restock: false,
      creditNoteNumber: 2,
    };

    // Act: the same OrderReturned twice (one envelope redelivered, then a duplicate of it), and a
    // return not resaleable; then a marker event, handled after all of them.
    const envelopeId = unique('evt');
    await publish('OrderReturned', returned, envelopeId);
    await publish('OrderReturned', returned, envelopeId);
    await publish('OrderReturned', returned);
    await publish('OrderReturned', binned);
    const restocked = await eventually(
      () => product(a),
      (p) => p.quantity === 9,
    );
    await earlierEventsHandled(a);
    await earlierEventsHandled(b);

    // Assert: 10 - 3 + 2 = 9 of a, once; b stays at 10 - 1.
    expect(restocked.quantity).toBe(9);
    expect((await product(a)).quantity).toBe(9);
    expect((await product(b)).quantity).toBe(9);
    const ofA = (await call('GET', `/inventory/products/${a}/movements?limit=100`)).body.items;
    expect(ofA.filter((m: Json) => m.reason === 'return')).toEqual([
      {
        movementId: expect.any(String),
        delta: 2,
        quantityAfter: 9,
        reason: 'return',
        reference: returnId,
        actor: 'user:caixa',
        at: expect.any(String),
      },
    ]);
    const ofB = (await call('GET', `/inventory/products/${b}/movements?limit=100`)).body.items;
    expect(ofB.map((m: Json) => m.reason)).not.toContain('return');
  });
});

describeLocal('transactional outbox', () => {
  it('publishes a StockLow whose process stopped between the write and the publish, through the sweeper', async () => {
    // Arrange: a table no stream publisher watches: the state change and its outbox row are stored,
    // nothing published (Inventory publishes only StockLow, so these are all its outbox rows).
    const inventory = await privateInventory();
    try {
      const productId = unique('outbox');
      await inventory.createProduct(productId, 3, { reorderPoint: 1, reorderQuantity: 4 });
      await makeChangeStock(inventory.deps)({
        kind: 'delta',
        productId,
        delta: -2,
        reason: 'sale',
        reference: null,
        actor: 'client:admin',
      });
      await makeSettleLedger(inventory.deps)(await inventory.image(productId));
      const rows = await inventory.outboxEvents('StockLow');
      const published = () => eventsLog().matching('StockLow', (e) => e.id === rows[0]?.id);
      const beforeSweep = await published();

      // Act: the sweeper of a later run (past its grace period) finds the row and publishes it.
      Object.assign(process.env, {
        TABLE_NAME: inventory.table.name,
        EVENTS_TOPIC_ARN: 'arn:aws:sns:us-east-1:000000000000:inventory-events',
      });
      const { sweepOutbox } = await import('#lib/events/outbox/sweep-handler.ts');
      const swept = await sweepOutbox(Date.now() + 60_000);
      const afterSweep = await eventually(published, (events) => events.length === 1);

      // Assert
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        type: 'StockLow',
        data: { productId, quantity: 1, reorderPoint: 1 },
      });
      expect(beforeSweep).toEqual([]);
      expect(swept).toBe(1);
      expect(afterSweep).toHaveLength(1);
    } finally {
      await inventory.table.drop();
    }
  });
});

describe('bad input changes nothing', () => {
  let productId: string;
  beforeAll(async () => {
    productId = await createProduct(5);
  });

  const cases: [string, string, string, unknown, number, string?][] = [
    ['id with a space', 'PUT', '/inventory/products/bad%20id', { delta: 1 }, 400],
    ['id too long', 'GET', `/inventory/products/${'a'.repeat(65)}`, undefined, 400],
    ['reservation id invalid', 'GET', '/inventory/reservations/-x', undefined, 400],
    ['delta 0', 'PUT', 'SELF', { delta: 0 }, 400],
    ['delta float', 'PUT', 'SELF', { delta: -1.5 }, 400],
    ['delta over a million', 'PUT', 'SELF', { delta: 1_000_001 }, 400],
    ['delta as a string', 'PUT', 'SELF', { delta: '-1' }, 400],
    ['both forms', 'PUT', 'SELF', { delta: -1, quantity: 3 }, 400],
    ['neither form', 'PUT', 'SELF', { reason: 'x' }, 400],
    ['count negative', 'PUT', 'SELF', { quantity: -1 }, 400],
    ['count float', 'PUT', 'SELF', { quantity: 2.5 }, 400],
    ['unknown product', 'PUT', '/inventory/products/no-such-product-x', { delta: -1 }, 404],
    [
      'reservation quantity 0',
      'POST',
      '/inventory/reservations',
      { reservationId: 'r-bad-0', lines: [{ productId: 'SELF', quantity: 0 }] },
      400,
    ],
    [
      'reservation quantity negative',
      'POST',
      '/inventory/reservations',
      { reservationId: 'r-bad-1', lines: [{ productId: 'SELF', quantity: -2 }] },
      400,
    ],
    [
      'reservation quantity float',
      'POST',
      '/inventory/reservations',
      { reservationId: 'r-bad-2', lines: [{ productId: 'SELF', quantity: 1.5 }] },
      400,
    ],
    [
      'reservation quantity too big',
      'POST',
      '/inventory/reservations',
      { reservationId: 'r-bad-3', lines: [{ productId: 'SELF', quantity: 1_000_001 }] },
      400,
    ],
    [
      'reservation quantity string',
      'POST',
      '/inventory/reservations',
      { reservationId: 'r-bad-4', lines: [{ productId: 'SELF', quantity: '1' }] },
      400,
    ],
    [
      'reservation without lines',
      'POST',
      '/inventory/reservations',
      { reservationId: 'r-bad-5', lines: [] },
      400,
    ],
    [
      'reservation id invalid in body',
      'POST',
      '/inventory/reservations',
      { reservationId: 'no spaces', lines: [{ productId: 'SELF', quantity: 1 }] },
      400,
    ],
    [
      'reservation of 51 lines',
      'POST',
      '/inventory/reservations',
      {
        reservationId: 'r-bad-6',
        lines: Array.from({ length: 51 }, (_, i) => ({ productId: `p${i}`, quantity: 1 })),
      },
      400,
    ],
    [
      'product quantity float',
      'POST',
      '/inventory/products',
      { productId: 'SELF', sku: 'S', name: 'N', quantity: 1.5 },
      400,
    ],
    ['limit 0', 'GET', '/inventory/products?limit=0', undefined, 400],
    ['limit 101', 'GET', '/inventory/products?limit=101', undefined, 400],
    ['bad cursor', 'GET', '/inventory/products?cursor=not-a-cursor', undefined, 400],
    ['search of blanks', 'GET', '/inventory/products?q=%20%20', undefined, 400],
    ['search over 100 characters', 'GET', `/inventory/products?q=${'a'.repeat(101)}`, undefined, 400],
    ['lowStock not true or false', 'GET', '/inventory/products?lowStock=yes', undefined, 400],
    ['non-JSON body', 'PUT', 'SELF', undefined, 400, '{"delta": -1'],
    [
      'body over 256 KiB',
      'PUT',
      'SELF',
      undefined,
      413,
      JSON.stringify({ delta: -1, reason: 'x'.repeat(300 * 1024) }),
    ],
  ];

  // Object rows: with array rows shorter than the callback's parameter list, Jest passes `done` instead.
  const rows = cases.map(([name, method, path, body, status, raw]) => ({
    name,
    method,
    path,
    body,
    status,
    raw,
  }));

  it.each(rows)('$name answers problem+json', async ({ method, path, body, status, raw }) => {
    const before = await product(productId);
    const target = path === 'SELF' ? `/inventory/products/${productId}` : path;
    const payload = JSON.parse(JSON.stringify(body ?? null).replaceAll('"SELF"', JSON.stringify(productId)));

    const response = await call(method, target, raw === undefined ? (payload ?? undefined) : undefined, raw);

    expect(response.status).toBe(status);
    expect(response.type).toContain('application/problem+json');
    expect(response.body).toMatchObject({
      status,
      code: expect.any(String),
      type: expect.any(String),
      title: expect.any(String),
    });
    expect(await product(productId)).toEqual(before);
  });
});
