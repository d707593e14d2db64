import { planReport } from './report-plan.ts';

describe('planReport', () => {
  it('reads whole days from daily rollups, whole hours beside them from hourly ones, the rest raw', () => {
    expect(planReport('2025-03-01T10:20:30.400Z', '2025-03-04T05:06:07.800Z')).toEqual({
      raw: [
        { from: '2025-03-01T10:20:30.400Z', to: '2025-03-01T11:00:00.000Z' },
        { from: '2025-03-04T05:00:00.000Z', to: '2025-03-04T05:06:07.800Z' },
      ],
      hours: [
        { from: '2025-03-01T11:00:00.000Z', to: '2025-03-02T00:00:00.000Z' },
        { from: '2025-03-04T00:00:00.000Z', to: '2025-03-04T05:00:00.000Z' },
      ],
      days: [{ from: '2025-03-02T00:00:00.000Z', to: '2025-03-04T00:00:00.000Z' }],
      months: undefined,
    });
  });

  it('reads a São Paulo day (03:00Z to 03:00Z) from rollups alone', () => {
    expect(planReport('2025-03-01T03:00:00.000Z', '2025-03-02T03:00:00.000Z')).toEqual({
      raw: [],
      hours: [{ from: '2025-03-01T03:00:00.000Z', to: '2025-03-02T03:00:00.000Z' }],
      days: [],
      months: undefined,
    });
    expect(planReport('2025-03-01T03:00:00.000Z', '2025-03-04T03:00:00.000Z')).toEqual({
      raw: [],
      hours: [
        { from: '2025-03-01T03:00:00.000Z', to: '2025-03-02T00:00:00.000Z' },
        { from: '2025-03-04T00:00:00.000Z', to: '2025-03-04T03:00:00.000Z' },
      ],
      days: [{ from: '2025-03-02T00:00:00.000Z', to: '2025-03-04T00:00:00.000Z' }],
      months: undefined,
    });
    expect(planReport('2025-03-01T00:00:00.000Z', '2026-03-02T00:00:00.000Z')).toEqual({
      raw: [],
      hours: [],
      days: [{ from: '2026-03-01T00:00:00.000Z', to: '2026-03-02T00:00:00.000Z' }],
      months: { from: '2025-03-01T00:00:00.000Z', to: '2026-03-01T00:00:00.000Z' },
    });
  });

  it('reads whole months from monthly rollups, the days beside them from daily ones', () => {
    expect(planReport('2025-01-30T12:00:00.000Z', '2025-04-02T00:00:00.000Z')).toEqual({
      raw: [],
      hours: [{ from: '2025-01-30T12:00:00.000Z', to: '2025-01-31T00:00:00.000Z' }],
      days: [
        { from: '2025-01-31T00:00:00.000Z', to: '2025-02-01T00:00:00.000Z' },
        { from: '2025-04-01T00:00:00.000Z', to: '2025-04-02T00:00:00.000Z' },
      ],
      months: { from: '2025-02-01T00:00:00.000Z', to: '2025-04-01T00:00:00.000Z' },
    });
    // A month that is not whole inside the range is read by its days.
    expect(planReport('2025-02-02T00:00:00.000Z', '2025-03-01T00:00:00.000Z').months).toBeUndefined();
  });

  it('reads a range without a whole hour raw, and a few hours from hourly rollups', () => {
    expect(planReport('2025-03-01T10:20:00.000Z', '2025-03-01T11:10:00.000Z')).toEqual({
      raw: [{ from: '2025-03-01T10:20:00.000Z', to: '2025-03-01T11:10:00.000Z' }],
      hours: [],
      days: [],
      months: undefined,
    });
    expect(planReport('2025-03-01T22:00:00.000Z', '2025-03-02T02:30:00.000Z')).toEqual({
      raw: [{ from: '2025-03-02T02:00:00.000Z', to: '2025-03-02T02:30:00.000Z' }],
      hours: [{ from: '2025-03-01T22:00:00.000Z', to: '2025-03-02T02:00:00.000Z' }],
      days: [],
      months: undefined,
    });
  });
});
