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

  it('accepts messaging only as unavailable', () => {
    expect(parseFault({ target: 'messaging', mode: 'unavailable' })).toMatchObject({ ok: true });
    expect(parseFault({ target: 'messaging', mode: 'slow' })).toEqual({
      ok: false,
      errors: [{ path: 'body.mode', message: 'messaging can only be made unavailable' }],
    });
  });

  it('stops the messaging emulator for a messaging fault and starts it again when faults are cleared', async () => {
    const calls: string[] = [];
    const faults = createFaults({
      pause: async () => void calls.push('pause'),
      resume: async () => void calls.push('resume'),
    });

    await faults.set({ target: 'pricing', mode: 'unavailable', delayMs: 0 });
    expect(calls).toEqual([]);
    await faults.set({ target: 'messaging', mode: 'unavailable', delayMs: 0 });
    expect(calls).toEqual(['pause']);
    expect(faults.of('messaging')?.mode).toBe('unavailable');
    await faults.clear();

    expect(calls).toEqual(['pause', 'resume']);
    expect(faults.list()).toEqual([]);
  });

  it('keeps one fault per service and clears them all', async () => {
    const faults = createFaults();
    await faults.set({ target: 'sales', mode: 'slow', delayMs: 10 });
    await faults.set({ target: 'sales', mode: 'unavailable', delayMs: 0 });

    expect(faults.of('sales')?.mode).toBe('unavailable');
    expect(faults.list()).toHaveLength(1);
    await faults.clear();
    expect(faults.of('sales')).toBeUndefined();
  });
});
