import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const impureInDomain = [
  { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'The domain gets time from commands, not Date.now().' },
  { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'The domain gets time from commands, not new Date().' },
  { selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']", message: 'The domain is deterministic: no Math.random().' },
];

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'data/', 'coverage/', 'test/artifacts/', 'bench/results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { disallowTypeAnnotations: false, fixStyle: 'inline-type-imports' }],
    },
  },
  {
    // NestJS resolves constructor parameters from decorator metadata: their types must stay value imports.
    files: ['src/adapters/**/*.ts', 'src/application/**/*.ts', 'src/main.ts', 'src/app.module.ts'],
    rules: { '@typescript-eslint/consistent-type-imports': 'off' },
  },
  {
    files: ['src/domain/**/*.ts'],
    rules: { 'no-restricted-syntax': ['error', ...impureInDomain] },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
