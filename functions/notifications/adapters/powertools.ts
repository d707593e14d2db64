import { MetricUnit, metrics, logger as powertoolsLogger } from '#lib/observability.ts';
import type { Logger, Metrics } from '../ports.ts';

/** Counts as EMF through Powertools (namespace RetailSuite, dimension service=notifications). */
export const powertoolsMetrics: Metrics = {
  count(name, value = 1) {
    metrics.addMetric(name, MetricUnit.Count, value);
  },
};

export const logger: Logger = powertoolsLogger;
