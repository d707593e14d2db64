import {
  effectiveEnd,
  nextTransition,
  normaliseTime,
  type Promotion,
  SCHEDULE_ACTOR,
  statusAt,
  transitionActor,
} from './promotion.ts';

const window = (endedAt: string | null = null): Pick<Promotion, 'startsAt' | 'endsAt' | 'endedAt'> => ({
  startsAt: '2030-01-01T10:00:00.000Z',
  endsAt: '2030-01-01T12:00:00.000Z',
  endedAt,
});

describe('promotion status', () => {
  it('is SCHEDULED before the start, ACTIVE from the start, ENDED from the end', () => {
    expect(statusAt(window(), '2030-01-01T09:59:59.999Z')).toBe('SCHEDULED');
    expect(statusAt(window(), '2030-01-01T10:00:00.000Z')).toBe('ACTIVE');
    expect(statusAt(window(), '2030-01-01T11:59:59.999Z')).toBe('ACTIVE');
    expect(statusAt(window(), '2030-01-01T12:00:00.000Z')).toBe('ENDED');
  });

  it('is ENDED from the moment it was ended early, even before it started', () => {
    expect(statusAt(window('2030-01-01T11:00:00.000Z'), '2030-01-01T11:00:00.000Z')).toBe('ENDED');
    expect(statusAt(window('2030-01-01T09:00:00.000Z'), '2030-01-01T09:30:00.000Z')).toBe('ENDED');
    expect(effectiveEnd(window('2030-01-01T13:00:00.000Z'))).toBe('2030-01-01T12:00:00.000Z');
  });
});

describe('nextTransition', () => {
  it('is the start while scheduled, the (early) end while active, and none once ended', () => {
    expect(nextTransition(window(), 'SCHEDULED')).toBe('2030-01-01T10:00:00.000Z');
    expect(nextTransition(window(), 'ACTIVE')).toBe('2030-01-01T12:00:00.000Z');
    expect(nextTransition(window('2030-01-01T11:00:00.000Z'), 'ACTIVE')).toBe('2030-01-01T11:00:00.000Z');
    expect(nextTransition(window(), 'ENDED')).toBeNull();
  });
});

describe('normaliseTime', () => {
  it('gives one fixed-width UTC form so stored times sort as strings', () => {
    expect(normaliseTime('2030-01-01T10:00:00Z')).toBe('2030-01-01T10:00:00.000Z');
    expect(normaliseTime('2030-01-01T10:00:00.5Z') > normaliseTime('2030-01-01T10:00:00Z')).toBe(true);
  });
});

describe('transitionActor', () => {
  const promotion = (overrides: Partial<Promotion> = {}) => ({
    ...window(),
    createdAt: '2030-01-01T09:00:00.000Z',
    createdBy: 'client:admin',
    endedBy: null,
    ...overrides,
  });

  it('gives a start at its planned time and an end at endsAt to the schedule', () => {
    expect(transitionActor(promotion(), 'ACTIVE')).toBe(SCHEDULE_ACTOR);
    expect(transitionActor(promotion(), 'ENDED')).toBe(SCHEDULE_ACTOR);
  });

  it('gives a start already due at creation to the creator, an early end to whoever ended it', () => {
    const createdActive = promotion({ createdAt: '2030-01-01T10:30:00.000Z' });
    expect(transitionActor(createdActive, 'ACTIVE')).toBe('client:admin');
    const ended = promotion({ endedAt: '2030-01-01T11:00:00.000Z', endedBy: 'user:gerente' });
    expect(transitionActor(ended, 'ENDED')).toBe('user:gerente');
    expect(transitionActor(createdActive, 'ENDED')).toBe(SCHEDULE_ACTOR);
  });

  it('falls back to the schedule for promotions from before actors were recorded', () => {
    expect(
      transitionActor(promotion({ createdAt: '2030-01-01T10:30:00.000Z', createdBy: null }), 'ACTIVE'),
    ).toBe(SCHEDULE_ACTOR);
    expect(transitionActor(promotion({ endedAt: '2030-01-01T11:00:00.000Z' }), 'ENDED')).toBe(SCHEDULE_ACTOR);
  });
});
