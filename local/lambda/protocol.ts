/** Messages between the runtime and a service worker. Events and results travel as JSON text, as in Lambda. */
export interface InvokeMessage {
  kind: 'invoke';
  id: number;
  /** Module path from the repository root, as the catalogue names it. */
  handler: string;
  functionName: string;
  /** Epoch ms after which the invocation has timed out. */
  deadline: number;
  event: string;
}

export interface InvocationError {
  errorType: string;
  errorMessage: string;
  stack?: string;
}

export type ResultMessage =
  | { kind: 'result'; id: number; ok: true; payload: string }
  | { kind: 'result'; id: number; ok: false; error: InvocationError };
