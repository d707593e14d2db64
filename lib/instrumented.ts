import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy, { type MiddlewareObj } from '@middy/core';
import type { Context } from 'aws-lambda';
import { deadlineFromContext, withDeadline } from './deadline.ts';
import { logger, metrics, tracer } from './observability.ts';

/**
 * Flushes the invocation's business metrics as EMF. Unlike Powertools' `logMetrics`, an invocation
 * that counted nothing (most schedule ticks and reads) writes nothing instead of a warning.
 */
const flushMetrics: MiddlewareObj = {
  after: () => {
    if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
  },
  onError: () => {
    if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
  },
};

/**
 * Every Lambda handler of the suite: X-Ray segment, logger with the Lambda context, metrics flushed,
 * and the invocation's work inside its request deadline (lib/deadline.ts).
 */
export function instrumented<E, R>(handler: (event: E, context: Context) => Promise<R>) {
  const inDeadline = (event: E, context: Context) =>
    withDeadline(deadlineFromContext(context), () => handler(event, context));
  return middy(inDeadline)
    .use(captureLambdaHandler(tracer))
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(flushMetrics);
}
