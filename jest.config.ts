import type { Config } from 'jest';

/** TypeScript through swc, kept as ES modules (jest runs with --experimental-vm-modules). */
const typescript = {
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: { parser: { syntax: 'typescript' }, target: 'es2022', keepClassNames: true },
        module: { type: 'es6' },
      },
    ],
  },
  testEnvironment: 'node',
} satisfies Config;

const config: Config = {
  // One local runtime (DynamoDB Local, SNS/SQS, gateway) for every project that needs it; see the file.
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  projects: [
    {
      ...typescript,
      displayName: 'unit',
      testMatch: ['<rootDir>/{lib,functions,local,scripts}/**/*.test.ts'],
      setupFilesAfterEnv: ['<rootDir>/test/support/unit-timeout.ts'],
    },
    { ...typescript, displayName: 'infra', testMatch: ['<rootDir>/cdk/**/*.test.ts'] },
    {
      ...typescript,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      // 60 s per test (Jest ignores a project's own `testTimeout`).
      setupFilesAfterEnv: ['<rootDir>/test/support/e2e-timeout.ts'],
    },
    {
      ...typescript,
      // The operator console in headless Chromium against the runtime (`npm run test:console`).
      displayName: 'console',
      testMatch: ['<rootDir>/console/**/*.browser.test.ts'],
      setupFilesAfterEnv: ['<rootDir>/console/test/support/timeout.ts'],
    },
  ],
};

export default config;
