import { jest } from '@jest/globals';

// A browser test walks several screens against a real runtime; each step waits on the API and Chromium.
jest.setTimeout(120_000);
