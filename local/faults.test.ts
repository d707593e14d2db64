import { createFaults, parseFault } from './faults.ts';

describe('local faults', () => {
  it('accepts a fault and defaults the delay of a slow one to 5 s', () => {
    expect(parseFault({ target: 'pricing', mode: 'slow' })).toEqual({
      ok: true,
      fault: { target: 'pricing', mode: 'slow', delayMs: 5000 },
    });
    expect(parseFault({ target: 'inventory', mode: 'unavailable' })).toMatchObject({ ok: true });
  });

  it('names every invalid field', () => {
    const parsed = parseFault({ target: 'platform', mode: 'slow', delayMs: -1, extra: true });

    expect(parsed.ok).toBe(false);
    const paths = parsed.ok ? [] : parsed.errors.map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['body.target', 'body.delayMs']));
  });

  it('keeps one fault per service and clears them all', () => {
    const faults = createFaults();
    faults.set({ target: 'sales', mode: 'slow', delayMs: 10 });
    faults.set({ target: 'sales', mode: 'unavailable', delayMs: 0 });

    expect(faults.of('sales')?.mode).toBe('unavailable');
    expect(faults.list()).toHaveLength(1);
    faults.clear();
    expect(faults.of('sales')).toBeUndefined();
  });
});
