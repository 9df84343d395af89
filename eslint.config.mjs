import nx from '@nx/eslint-plugin';

/** A plugin's tests may boot the real host through libs/testing (as Vendure's plugins use @vendure/testing); its source may not. */
export const pluginTestBoundaries = {
  files: ['**/*.spec.ts'],
  rules: {
    '@nx/enforce-module-boundaries': [
      'error',
      { allow: [], depConstraints: [{ sourceTag: 'type:plugin', onlyDependOnLibsWithTags: ['type:plugin-sdk', 'type:contracts', 'type:testing'] }] },
    ],
  },
};

// One place states who may import whom; `npm test` runs it through `nx run-many -t lint`.
export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  { ignores: ['**/dist', '**/node_modules', '**/.angular', '**/tmp'] },
  {
    files: ['**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: true,
          allow: [],
          depConstraints: [
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'type:plugin-sdk', onlyDependOnLibsWithTags: ['type:contracts'] },
            { sourceTag: 'type:plugin', onlyDependOnLibsWithTags: ['type:plugin-sdk', 'type:contracts'] },
            {
              sourceTag: 'type:core',
              onlyDependOnLibsWithTags: ['type:contracts', 'type:plugin-sdk'],
            },
            { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:core', 'type:plugin-sdk', 'type:contracts'] },
            { sourceTag: 'type:admin', onlyDependOnLibsWithTags: ['type:contracts'] },
            {
              sourceTag: 'type:composition',
              onlyDependOnLibsWithTags: ['type:plugin', 'type:plugin-sdk', 'type:contracts'],
            },
            {
              sourceTag: 'type:app',
              onlyDependOnLibsWithTags: ['type:core', 'type:composition', 'type:plugin-sdk', 'type:contracts', 'type:testing'],
            },
          ],
        },
      ],
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  { ...pluginTestBoundaries, files: ['plugins/**/*.spec.ts'] },
];
