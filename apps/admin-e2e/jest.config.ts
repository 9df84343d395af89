export default {
  displayName: 'admin-e2e',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }] },
  moduleFileExtensions: ['ts', 'js', 'mjs'],
  testMatch: ['<rootDir>/src/**/*.e2e.spec.ts'],
  // *.waiting-for-ui.e2e.spec.ts: tests of dashboard screens still being built (issue 14); they join
  // `npm test` once the UI they drive exists. PARLEY_E2E_WAITING=1 runs them to see where the UI stands.
  testPathIgnorePatterns: ['/node_modules/', ...(process.env['PARLEY_E2E_WAITING'] === '1' ? [] : ['\\.waiting-for-ui\\.e2e\\.spec\\.ts$'])],
  // Builds api + admin when dist is missing or stale (build.mjs).
  globalSetup: '<rootDir>/global-setup.mjs',
};
