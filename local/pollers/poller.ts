/** A running event source (queue, stream or schedule). */
export interface Poller {
  /** Ends its loop and waits for the invocation in flight, if any. */
  stop(): Promise<void>;
}
