// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      'data/**',
      '.tmp/**',
      'apps/web/dist/**',
      '**/*.d.ts',
      '**/generated/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      // Every tsconfig of the workspace, so tests and scripts are linted with types too.
      parserOptions: {
        // The first project that includes a file lints it: each package's own configs come before those
        // of packages that import it (the CLI's test program compiles SDK sources without the DOM lib).
        project: [
          './tsconfig.scripts.json',
          './packages/protocol/tsconfig*.json',
          './packages/sdk/tsconfig*.json',
          './packages/*/tsconfig*.json',
          './apps/*/tsconfig*.json',
        ],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    linterOptions: { reportUnusedDisableDirectives: true },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-floating-promises': [
        'error',
        // node:test's test()/describe() return promises the runner itself awaits.
        {
          allowForKnownSafeCalls: [
            {
              from: 'package',
              package: 'node:test',
              name: ['test', 'describe', 'it', 'suite', 'before', 'after'],
            },
          ],
        },
      ],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  {
    // Test files poke at untyped wire objects and the official SDK's untyped surface.
    files: ['**/*.test.ts', '**/test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    files: ['packages/protocol/src/**/*.ts', 'packages/sdk/src/**/*.ts'],
    ignores: ['**/*.test.ts', 'packages/sdk/src/node.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', '@confab/server', 'better-sqlite3', 'pg', 'ioredis', 'fastify'],
              message:
                'protocol and sdk run in browsers: no Node built-ins or server code (docs/architecture.md).',
            },
          ],
        },
      ],
    },
  },
  // The server's inner boundaries (docs/architecture.md): the domain talks to ports, the edges (gateway,
  // http) to the domain, adapters implement ports, composition happens in server.ts. Each block holds
  // every restriction of its folder: a later block for the same files would replace these options.
  {
    files: ['packages/server/src/domain/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)(adapters|gateway|http)/|(^|/)context\\.js$',
              message:
                'the domain talks to ports (domain/ports), never to adapters, the gateway, http or the server context (docs/architecture.md).',
            },
            {
              group: ['fastify', 'fastify/*', '@fastify/*', 'ws', 'pg', 'pg/*', 'ioredis', 'better-sqlite3'],
              message:
                'the domain talks to ports (domain/ports): drivers and frameworks belong to adapters and edges (docs/architecture.md).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['packages/server/src/http/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)(adapters|gateway)/',
              message:
                'http is an edge: it calls the domain through the server context; adapters are built in server.ts and the gateway is another edge (docs/architecture.md).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['packages/server/src/gateway/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)(adapters|http)/',
              message:
                'the gateway is an edge: it calls the domain through the server context; adapters are built in server.ts and http is another edge (docs/architecture.md).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['packages/server/src/adapters/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)(gateway|http)/|(^|/)context\\.js$',
              message:
                'adapters implement domain ports and know nothing of the edges or the server context (docs/architecture.md).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)packages/[^/]+/(src|test)/|^@confab/[^/]+/(src|test)/',
              message:
                'the bench uses public package exports only (e.g. @confab/server/testkit), never package internals or tests.',
            },
          ],
        },
      ],
    },
  },
  {
    files: [
      'scripts/**/*.mjs',
      'scripts/**/*.ts',
      'packages/*/scripts/**/*.ts',
      'bench/**/*.ts',
      'packages/server/src/main.ts',
    ],
    rules: { 'no-console': 'off' },
  },
  { files: ['**/*.js', '**/*.mjs'], ...tseslint.configs.disableTypeChecked },
  { files: ['**/*.js', '**/*.mjs'], languageOptions: { globals: globals.node } },
);
