import fc from 'fast-check';
import { ID_PATTERN, idSchema, newId } from './ids.ts';

describe('ids', () => {
  it('new ids match the public id pattern and sort by creation time', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 47 }), fc.integer({ min: 1, max: 2 ** 20 }), (t, gap) => {
        const earlier = newId('ord_', t);
        const later = newId('ord_', t + gap);
        expect(earlier).toMatch(ID_PATTERN);
        expect(earlier < later).toBe(true);
      }),
    );
  });

  it('accepts the ids API.md allows and rejects everything else', () => {
    expect(idSchema.safeParse('SKU-001_a.b').success).toBe(true);
    expect(idSchema.safeParse('a'.repeat(64)).success).toBe(true);
    for (const bad of ['', '-lead', '.lead', 'a'.repeat(65), 'a b', 'a/b', 'ação', '../x', 'a\n']) {
      expect(idSchema.safeParse(bad).success).toBe(false);
    }
  });
});
