import type { Config } from 'jest';

// One Jest run over every project, so `npm test` reports a single pass/fail total.
const config: Config = {
  projects: [
    '<rootDir>/libs/contracts',
    '<rootDir>/libs/core',
    '<rootDir>/libs/plugin-sdk',
    '<rootDir>/apps/api',
    '<rootDir>/apps/admin',
    '<rootDir>/apps/admin-e2e',
    '<rootDir>/plugins/channel-sms',
    '<rootDir>/plugins/channel-whatsapp',
    '<rootDir>/plugins/channel-email',
    '<rootDir>/plugins/channel-webchat',
    '<rootDir>/plugins/channel-voice',
    '<rootDir>/plugins/ai-openai',
    '<rootDir>/plugins/ai-rules',
    '<rootDir>/tools/nx-parley',
  ],
  // Integration suites boot the whole app on real PostgreSQL and Redis.
  testTimeout: 60_000,
  globalSetup: '<rootDir>/libs/testing/global-setup.cjs',
  globalTeardown: '<rootDir>/libs/testing/global-teardown.cjs',
};

export default config;
