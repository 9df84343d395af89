export default {
  displayName: 'nx-parley',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  // The generator's templates (files/**) are not tests, whatever their names.
  testPathIgnorePatterns: ['/node_modules/', '/files/'],
};
