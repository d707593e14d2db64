import { jest } from '@jest/globals';

// Jest honours `testTimeout` only at the top level, not per project; e2e tests wait on real processes.
jest.setTimeout(60_000);
