/** The runtime's own free-port finder, so tests and `npm start` choose ports the same way. */
export { freePort, freePorts } from '#local/preflight.ts';
