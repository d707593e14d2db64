import { outOfTime, remainingMs, within } from '#lib/deadline.ts';

/**
 * The least time each step of the order flow needs to be worth starting. Each step may take what is
 * left of the request deadline less what the steps after it need (and its adapter's own cap, if
 * lower), so however long the steps take, the flow ends inside the deadline.
 */
export const stepNeedsMs = {
  /** The cache read and a short Pricing attempt; a cut-off attempt falls back to the cached price. */
  price: 300,
  /** An uncontended reservation at Inventory. */
  reserve: 2_000,
  charge: 500,
  /** One transaction (a counter read first when this instance does not know its series' counter). */
  record: 1_000,
} as const;

/**
 * Kept until the order is recorded: from the reservation on, a failure gives the stock back (one
 * release attempt) and the money (refund), after checking whether the write landed after all.
 */
export const UNDO_MS = 2_500;

export type OrderStep = keyof typeof stepNeedsMs;

const steps = Object.keys(stepNeedsMs) as OrderStep[];

/** What `step` may take, given `leftMs` of the deadline: what is left less what comes after it. */
export function stepBudgetMs(step: OrderStep, leftMs: number = remainingMs()): number {
  const later = steps.slice(steps.indexOf(step) + 1).reduce((sum, s) => sum + stepNeedsMs[s], 0);
  return Math.max(0, leftMs - later - UNDO_MS);
}

/**
 * Runs one step inside its budget (its calls see the narrowed deadline), or answers 503 before
 * starting it when the budget is under the step's need: a step that could be cut off is not begun.
 */
export function inStep<T>(step: OrderStep, work: () => Promise<T>): Promise<T> {
  const budget = stepBudgetMs(step);
  if (budget < stepNeedsMs[step]) return Promise.reject(outOfTime(`the order step '${step}'`));
  return within(budget, work);
}
