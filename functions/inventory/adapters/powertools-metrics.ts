import { MetricUnit, metrics } from '#lib/observability.ts';
import type { Metrics } from '../ports.ts';

/** Counts as EMF through Powertools; the handler's pipeline flushes them once per invocation. */
export const powertoolsMetrics: Metrics = {
  count(name, value = 1) {
    metrics.addMetric(name, MetricUnit.Count, value);
  },
};
