const nxPreset = require('@nx/jest/preset').default;

module.exports = {
  ...nxPreset,
  // content-disposition 3 (under @fastify/static, which Swagger's UI needs on Fastify) and email-reply-parser
  // (the email plugin's quote stripping) ship ESM only. Node 20.19+ loads them natively; Jest's CommonJS
  // runtime needs them transpiled.
  transform: {
    'node_modules/content-disposition/.+\\.js$': ['ts-jest', { tsconfig: { allowJs: true, module: 'commonjs', isolatedModules: true } }],
    'node_modules/email-reply-parser/.+\\.js$': require.resolve('./tools/jest-esm-transform.cjs'),
  },
  transformIgnorePatterns: ['/node_modules/(?!(content-disposition|email-reply-parser)/)'],
};
