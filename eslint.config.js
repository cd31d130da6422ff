import tseslint from 'typescript-eslint';
import { layering } from './tools/eslint/layering.js';

const DOM_GLOBALS = [
  'window',
  'document',
  'navigator',
  'localStorage',
  'sessionStorage',
  'HTMLElement',
  'HTMLCanvasElement',
  'Image',
  'FileReader',
  'XMLHttpRequest',
].map((name) => ({ name, message: 'src/ is plain Node: the DOM belongs to renderer/.' }));

const WALL_CLOCK = [
  {
    selector: "NewExpression[callee.name='Date'][arguments.length=0]",
    message: 'Take `now: Clock` from deps (src/clock); only a composition root reads the wall clock.',
  },
  {
    selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
    message: 'Take `now: Clock` from deps (src/clock), or performance.now() for elapsed time.',
  },
];

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'dist/**',
      'out/**',
      'test-results/**',
      'playwright-report/**',
      'coverage/**',
      'models/**',
    ],
  },
  {
    files: ['**/*.{ts,tsx,js,mjs,cjs}'],
    languageOptions: { parser: tseslint.parser, ecmaVersion: 2024, sourceType: 'module' },
    plugins: { local: { rules: { layering } }, '@typescript-eslint': tseslint.plugin },
    rules: {
      'local/layering': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-debugger': 'error',
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-globals': ['error', ...DOM_GLOBALS],
      // Time is an input: decisions read the Clock their composition root hands down (src/clock).
      'no-restricted-syntax': ['error', ...WALL_CLOCK],
    },
  },
);
