import { MetricUnit, metrics } from '#lib/observability.ts';
import type { Metrics } from '../ports.ts';

export const powertoolsMetrics: Metrics = {
  count(name, value = 1) {
    metrics.addMetric(name, MetricUnit.Count, value);
  },
};
