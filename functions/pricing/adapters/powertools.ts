import { logger, MetricUnit, metrics } from '#lib/observability.ts';
import type { Logger, Metrics } from '../ports.ts';

/** The Metrics and Logger ports on the function instance's Powertools metrics and logger. */
export const powertoolsMetrics: Metrics = {
  count(name, value = 1) {
    metrics.addMetric(name, MetricUnit.Count, value);
  },
};

export const powertoolsLogger: Logger = {
  info(message, attributes = {}) {
    logger.info(message, attributes);
  },
};
