import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['.output/**', '.wxt/**', 'node_modules/**', 'test-results/**', 'demo-output/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      // Secrets are never logged; the CLI and sandbox print through their own reporters.
      'no-console': 'error',
    },
  },
  {
    files: ['scripts/**', 'sandbox/**', 'tests/**'],
    rules: { 'no-console': 'off' },
  },
);
