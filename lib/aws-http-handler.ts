import { NodeHttpHandler } from '@smithy/node-http-handler';
import { outOfTime, remainingMs } from './deadline.ts';

/**
 * The HTTP handler of every AWS SDK client: an attempt may take what the request deadline leaves, and
 * none starts once it has passed, so the SDK's own retries (the only retry layer under an AWS call)
 * never outlive the function. There is no shorter fixed time-out on purpose: an attempt cut short
 * while its write is landing would be sent again, and a relative stock update applied twice.
 * Without `throwOnRequestTimeout` a request time-out would only be logged.
 */
class DeadlineHttpHandler extends NodeHttpHandler {
  override async handle(...[request, options = {}]: Parameters<NodeHttpHandler['handle']>) {
    const left = remainingMs();
    if (left <= 0) throw outOfTime(`a call to ${request.hostname}`);
    return super.handle(request, Number.isFinite(left) ? { ...options, requestTimeout: left } : options);
  }
}

/** Options for an AWS SDK v3 client: attempts bound by the request deadline, at most three of them. */
export const sdkClientOptions = () => ({
  maxAttempts: 3,
  requestHandler: new DeadlineHttpHandler({ throwOnRequestTimeout: true }),
});
