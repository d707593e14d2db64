import { jest } from '@jest/globals';

// The store tests share one DynamoDB Local with every other worker: on a busy two-core machine a
// contended case takes seconds, not Jest's default 5. A pure test finishes in milliseconds either way.
jest.setTimeout(30_000);
