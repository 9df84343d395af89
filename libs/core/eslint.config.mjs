import baseConfig from '../../eslint.config.mjs';

export default [
  ...baseConfig,
  {
    // class-validator's @IsOptional lets null through to the database: DTOs use common/validation's OptionalNotNull (or OptionalNullable).
    files: ['**/*.dto.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'class-validator',
              importNames: ['IsOptional'],
              message: 'Use OptionalNotNull (or OptionalNullable for documented nullable fields) from common/validation.',
            },
          ],
        },
      ],
    },
  },
];
