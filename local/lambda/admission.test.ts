import { createAdmission } from './admission.ts';

describe('admission of invocations of one function', () => {
  it('runs up to its concurrency at once, each function counted apart', async () => {
    const admission = createAdmission(2);

    const a = await admission.enter('sales-place-order', 0);
    const b = await admission.enter('sales-place-order', 0);
    const other = await admission.enter('inventory-create-reservation', 0);

    expect([a, b, other].every((release) => typeof release === 'function')).toBe(true);
    expect(await admission.enter('sales-place-order', 0)).toBeUndefined();
  });

  it('lets the first one waiting in when one ends, in the order they came', async () => {
    const admission = createAdmission(1);
    const first = await admission.enter('f', 0);
    const order: string[] = [];
    const second = admission.enter('f', 1000).then((release) => {
      order.push('second');
      return release;
    });
    const third = admission.enter('f', 1000).then((release) => {
      order.push('third');
      return release;
    });

    first?.();
    (await second)?.();
    (await third)?.();

    expect(order).toEqual(['second', 'third']);
  });

  it('turns away one that waited too long, and does not count it', async () => {
    const admission = createAdmission(1);
    const first = await admission.enter('f', 0);

    expect(await admission.enter('f', 20)).toBeUndefined();
    first?.();
    first?.(); // released twice: counted once

    const again = await admission.enter('f', 0);
    expect(typeof again).toBe('function');
    expect(await admission.enter('f', 0)).toBeUndefined();
  });
});
