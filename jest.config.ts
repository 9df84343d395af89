import type { Config } from 'jest';

// One Jest run over every project, so `npm test` reports a single pass/fail total.
const config: Config = {
  projects: [
    '<rootDir>/libs/contracts',
    '<rootDir>/libs/core',
    '<rootDir>/libs/plugin-sdk',
    '<rootDir>/apps/api',
    '<rootDir>/apps/admin',
  ],
  globalSetup: '<rootDir>/libs/testing/src/global-setup.ts',
  globalTeardown: '<rootDir>/libs/testing/src/global-teardown.ts',
};

export default config;
