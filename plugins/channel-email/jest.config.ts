export default {
  displayName: 'channel-email',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
    'node_modules/email-reply-parser/.+\\.js$': '<rootDir>/jest.esm-transform.cjs',
    'node_modules/content-disposition/.+\\.js$': ['ts-jest', { tsconfig: { allowJs: true, module: 'commonjs', isolatedModules: true } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!(content-disposition|email-reply-parser)/)'],
  moduleFileExtensions: ['ts', 'js'],
};
