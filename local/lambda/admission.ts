/**
 * How many invocations of one function run at once in the local runtime, as a Lambda function's
 * concurrency would bound them. Lambda runs each invocation in an instance of its own; here all of a
 * service's run in one worker thread, so without a bound a flood of requests shares that thread until
 * every one of them outlives its timeout (a 500 for all, where a bounded few would have answered).
 * Over the bound, a request waits its turn here, where it costs no CPU, and the wait counts against
 * its timeout; one that waited too long to finish in what is left is turned away (the gateway answers
 * 503 with Retry-After) rather than starting work it cannot finish.
 */
export interface Admission {
  /** Resolves to a release function once the invocation may run, or to undefined when turned away. */
  enter(functionName: string, maxWaitMs: number): Promise<(() => void) | undefined>;
}

interface Waiter {
  admit: () => void;
  timer: NodeJS.Timeout;
}

export function createAdmission(concurrency: number): Admission {
  const running = new Map<string, number>();
  const queues = new Map<string, Waiter[]>();

  const releaseFor = (functionName: string) => {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = queues.get(functionName)?.shift();
      if (next) {
        clearTimeout(next.timer);
        next.admit(); // the slot passes straight on: `running` stays as it is
      } else {
        running.set(functionName, (running.get(functionName) ?? 1) - 1);
      }
    };
  };

  return {
    enter(functionName, maxWaitMs) {
      const now = running.get(functionName) ?? 0;
      if (now < concurrency) {
        running.set(functionName, now + 1);
        return Promise.resolve(releaseFor(functionName));
      }
      return new Promise((resolve) => {
        const queue = queues.get(functionName) ?? [];
        queues.set(functionName, queue);
        const waiter: Waiter = {
          admit: () => resolve(releaseFor(functionName)),
          timer: setTimeout(() => {
            queue.splice(queue.indexOf(waiter), 1);
            resolve(undefined);
          }, maxWaitMs),
        };
        queue.push(waiter);
      });
    },
  };
}
