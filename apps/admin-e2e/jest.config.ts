export default {
  displayName: 'admin-e2e',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }] },
  moduleFileExtensions: ['ts', 'js', 'mjs'],
  testMatch: ['<rootDir>/src/**/*.e2e.spec.ts'],
  // Builds api + admin when dist is missing or stale (build.mjs).
  globalSetup: '<rootDir>/global-setup.mjs',
};
