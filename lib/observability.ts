import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';

/** One logger, metrics and tracer per function instance; service name from POWERTOOLS_SERVICE_NAME. */
export const logger = new Logger();
export const metrics = new Metrics();
export const tracer = new Tracer();

export { MetricUnit } from '@aws-lambda-powertools/metrics';
