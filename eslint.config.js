// @ts-check
// `npm run lint` runs this (zero warnings), dependency-cruiser (.dependency-cruiser.cjs) and tsc.
// Why each scope is what it is: README, Design notes, "Lint and format" and "Layers".
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// file names are kebab-case (a rule of the house, kept here rather than by one more dependency)
const kebabCase = {
  meta: { type: 'suggestion', schema: [], messages: { name: 'file name “{{name}}” is not kebab-case (e.g. font-cache.ts)' } },
  create: (context) => ({
    Program(node) {
      const name = context.filename.split(/[\\/]/).pop() ?? '';
      if (!/^\.?[a-z0-9]+(?:[.-][a-z0-9]+)*$/.test(name)) context.report({ node, messageId: 'name', data: { name } });
    },
  }),
};

const unsafe = ['no-unsafe-assignment', 'no-unsafe-member-access', 'no-unsafe-call', 'no-unsafe-argument', 'no-unsafe-return'];
const off = (names) => Object.fromEntries(names.map((n) => [`@typescript-eslint/${n}`, 'off']));

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'out/', '.tmp/', 'template-sets/', 'templates/', 'data/', 'test/fixtures/', 'docs/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    plugins: { house: { rules: { 'kebab-case-files': kebabCase } } },
    rules: {
      'house/kebab-case-files': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      // YAML scalars and xlsx cell values are turned into text on purpose, after the object shapes
      // (rich text, formulas, errors, dates) have been handled; the rule cannot see that
      '@typescript-eslint/no-base-to-string': 'off',
    },
  },
  {
    // engine patches replace methods on the prototypes of untyped library internals (pdfmake/js/…,
    // pdfkit, fontkit, docx's classes): they keep the originals unbound and call them with `this`
    files: ['src/engines/**'],
    rules: { ...off(unsafe), '@typescript-eslint/unbound-method': 'off' },
  },
  {
    // tests read parsed YAML/JSON and use vitest's asymmetric matchers (expect.any(...)), typed `any`,
    // and spy on or wrap methods they restore afterwards
    files: ['test/**'],
    rules: { ...off(unsafe), '@typescript-eslint/unbound-method': 'off' },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        Buffer: 'readonly',
        module: 'writable',
        require: 'readonly',
        __dirname: 'readonly',
      },
    },
  },
);
