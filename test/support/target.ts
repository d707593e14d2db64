/**
 * The end-to-end suites run against the local runtime (default) or a deployed stack
 * (`E2E_TARGET=deployed`, with API_URL, TOKEN_URL and client credentials, see README "Tests").
 * Tests that need what only the local runtime has (faults, the events log, the emulators, restarts)
 * are declared with these and skipped against a deployed stack.
 */
export const deployed = process.env.E2E_TARGET === 'deployed';

export const describeLocal: typeof describe = deployed ? describe.skip : describe;
export const itLocal: typeof it = deployed ? it.skip : it;
