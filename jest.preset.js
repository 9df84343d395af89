const nxPreset = require('@nx/jest/preset').default;

module.exports = {
  ...nxPreset,
  // content-disposition 3 (under @fastify/static, which Swagger's UI needs on Fastify) ships ESM only.
  // Node 20.19+ loads it natively; Jest's CommonJS runtime needs it transpiled.
  transform: {
    'node_modules/content-disposition/.+\\.js$': ['ts-jest', { tsconfig: { allowJs: true, module: 'commonjs', isolatedModules: true } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!content-disposition/)'],
};
