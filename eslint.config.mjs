import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules', 'out', 'dist', 'release', 'data', 'coverage', '.tmp', 'bench/.build', 'bench/results'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      // The hub core, shared code, the UI and the device SDK must run without the Electron binary (DESIGN §12).
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'electron', message: 'only src/main/shell and src/preload may import electron' }] },
      ],
    },
  },
  {
    files: ['src/main/shell/**', 'src/preload/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['src/renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['bin/**/*.js'],
    languageOptions: { globals: { ...globals.node } },
  },
);
