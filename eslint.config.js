// Flat ESLint config: type-aware TypeScript rules, React hooks rules, and the architecture's one boundary —
// lib/ is the framework-free core (../shared/ARCHITECTURE.md), so it may not import React, Next or React Flow.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

const frameworkImports = {
  patterns: [
    { group: ['react', 'react/*', 'react-dom', 'react-dom/*'], message: 'lib/ is framework-free: no React here.' },
    { group: ['next', 'next/*'], message: 'lib/ is framework-free: no Next.js here.' },
    { group: ['@xyflow/*', 'reactflow'], message: 'lib/ is framework-free: no React Flow here.' },
  ],
};

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      '.next/**',
      'out/**',
      'public/vendor/**',
      'test-results/**',
      'playwright-report/**',
      'next-env.d.ts',
      '.reports/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      'no-console': 'off',
    },
  },
  {
    files: ['lib/**/*.{ts,tsx}'],
    rules: { 'no-restricted-imports': ['error', frameworkImports] },
  },
  {
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
);
