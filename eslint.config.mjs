// eslint 9 flat config: typescript-eslint (type-aware), the CDK team's rules that fit an app (@cdklabs/eslint-plugin), and
// formatting left to prettier (npm run lint runs both). A rule turned off says why on its line.
import js from '@eslint/js';
import cdklabs from '@cdklabs/eslint-plugin';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['node_modules/', 'cdk.out/', 'dist/', 'coverage/', '.bench/', 'ci-artifacts/', '.scratch/', '**/*.d.ts'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      // One program from tsconfig.json: 15 s where the project service took 25 s on two cores.
      parserOptions: { project: './tsconfig.json', tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@cdklabs': cdklabs },
    rules: {
      // Off: the app builds and reads CloudFormation templates, cloud assemblies and SDK replies as untyped JSON on purpose.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      // As tsc's noUnusedLocals: `_`-prefixed names and the siblings of a rest element (omitting keys) are meant unused.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      // Passing on a caught error or an abort signal's reason unchanged is meant.
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingAny: true, allowThrowingUnknown: true }],
      // The CDK team's rules that fit an app. invalid-cfn-imports, no-invalid-path and no-throw-default-error police
      // aws-cdk-lib's own sources, no-core-construct CDK v1 imports: not enabled.
      '@cdklabs/no-this-in-static': 'error',
      '@cdklabs/promiseall-no-unbounded-parallelism': 'error',
      // Off: Halo is an aws-partition platform (its schema requires arn:aws: certificates); its 41 literal ARNs are config
      // data, proof actors and template values that Aws.PARTITION would turn into Fn::Join (changing the templates).
      '@cdklabs/no-literal-partition': 'off',
    },
  },
  {
    files: ['test/**'],
    rules: {
      // Off in tests: they index into synthesized templates and mock SDK clients through `any`.
      '@typescript-eslint/no-explicit-any': 'off',
      // Off in tests: mocks implement async interfaces and answer at once.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    files: ['lib/proofs/**'],
    rules: {
      // Off: the template model resolves CloudFormation values (typed unknown) and stringifies them on purpose.
      '@typescript-eslint/no-base-to-string': 'off',
    },
  },
  {
    // The jest configuration and helpers, the Lambda handlers and the preload: CommonJS for Node, outside the TypeScript project.
    files: ['**/*.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { ...tseslint.configs.disableTypeChecked.languageOptions, sourceType: 'commonjs', globals: { ...globals.node } },
    rules: {
      ...tseslint.configs.disableTypeChecked.rules,
      // Off: CommonJS files import with require().
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    files: ['**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { ...tseslint.configs.disableTypeChecked.languageOptions, globals: { ...globals.node } },
  },
);
