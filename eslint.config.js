/**
 * Lint rails: type-checked TypeScript (promise rules, type-only imports), Svelte 5, and the layer
 * rules of STYLE.md B.2 as `no-restricted-imports` blocks per folder. Formatting belongs to
 * Prettier, so eslint-config-prettier comes last and switches off every stylistic rule.
 */
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

/**
 * One ban per layer rule. A ban is a `no-restricted-imports` pattern group; `allowTypeImports`
 * lets a type cross a boundary where the rule says only the type may (the AppRouter).
 * [Note: Flat config overrides] A later block's options for a rule replace an earlier block's, so
 * each folder block below lists every ban that applies to it rather than adding to a base list.
 */
const BANS = {
	dexie: { group: ['dexie', 'dexie/*'], message: 'Only src/lib/db imports dexie (STYLE B.2).' },
	trpcClient: {
		group: ['@trpc/client', '@trpc/client/*'],
		message: 'Only src/lib/relay imports @trpc/client (STYLE B.2).'
	},
	sharp: { group: ['sharp'], message: 'Only server/media imports sharp (STYLE B.7).' },
	drizzle: {
		group: ['drizzle-orm', 'drizzle-orm/*'],
		message: 'Only server/db imports drizzle-orm (STYLE B.2).'
	},
	server: {
		group: ['**/server', '**/server/**', '$server/*'],
		message:
			'The app imports nothing of server/ (STYLE B.5); the relay client may import `type { AppRouter }`.'
	},
	// The relay client: anything of server/ but the router, whose type alone may be imported.
	serverButRouter: {
		group: ['**/server', '**/server/**', '!**/server/trpc/router', '!**/server/trpc/router.ts'],
		message:
			'src/lib/relay may import only `type { AppRouter }` from server/trpc/router (STYLE B.5).'
	},
	routerValue: {
		group: ['**/server/trpc/router', '**/server/trpc/router.ts'],
		allowTypeImports: true,
		message: 'Import the router as a type only: `import type { AppRouter }` (STYLE B.5).'
	},
	appFromRelay: {
		group: ['**/src/**', '!**/src/lib/shared', '!**/src/lib/shared/**', '$lib/*', '!$lib/shared/*'],
		message: 'The relay imports nothing of src/ but src/lib/shared (`#shared/*`) (STYLE B.2).'
	},
	trpcInServices: {
		group: ['@trpc/*', '**/trpc', '**/trpc/**'],
		message:
			'Services know nothing of tRPC: throw an AppError (server/services/app-error.ts); server/trpc maps it (STYLE B.8).'
	}
};

/** `@typescript-eslint/no-restricted-imports` set to exactly these bans. */
function layer(files, bans) {
	return {
		files,
		ignores: TEST_AND_TOOL_FILES,
		rules: {
			'@typescript-eslint/no-restricted-imports': [
				'error',
				{ patterns: bans.map((name) => BANS[name]) }
			]
		}
	};
}

/**
 * Tests, test helpers, simulations and benchmarks may reach across layers (sharp to draw test
 * images, drizzle to check invariants, a tRPC client to call the relay over HTTP).
 */
const TEST_AND_TOOL_FILES = [
	'**/*.test.ts',
	'**/*.contract.ts',
	'**/*.e2e.ts',
	'**/testing/**',
	'tests/**',
	'bench/**',
	'server/sync-sim/**',
	// A scripted relay for scheduler tests and bench/queue.ts; never imported by the app.
	'src/lib/queue/scripted-relay.ts'
];

/** Files outside every tsconfig.json (config files, scripts): typed by a default project. */
const DEFAULT_PROJECT_FILES = [
	'eslint.config.js',
	'svelte.config.js',
	'vitest.config.ts',
	'drizzle.config.ts',
	'playwright.screenshots.config.ts',
	'scripts/*.mjs',
	'src/service-worker.ts'
];

export default ts.config(
	{
		ignores: [
			'build/',
			'.svelte-kit/',
			'node_modules/',
			'data/',
			'drizzle/',
			'reports/',
			'docs/',
			'test-results/',
			'playwright-report/',
			'.tmp/',
			'patches/',
			'static/'
		]
	},
	js.configs.recommended,
	ts.configs.recommendedTypeChecked,
	svelte.configs.recommended,
	{
		languageOptions: {
			globals: { ...globals.browser, ...globals.node },
			parserOptions: {
				projectService: {
					allowDefaultProject: DEFAULT_PROJECT_FILES,
					maximumDefaultProjectFileMatchCount_THIS_WILL_SLOW_DOWN_LINTING: 16
				},
				tsconfigRootDir: import.meta.dirname,
				extraFileExtensions: ['.svelte']
			}
		}
	},
	{
		files: ['**/*.svelte', '**/*.svelte.ts', '**/*.svelte.js'],
		languageOptions: {
			parserOptions: { parser: ts.parser, svelteConfig }
		}
	},
	{
		rules: {
			// The rules issue 17 asks for, as errors (STYLE B.8, B.11).
			'@typescript-eslint/no-floating-promises': 'error',
			'@typescript-eslint/no-misused-promises': 'error',
			'@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
			// `_name` marks a parameter kept for its position.
			'@typescript-eslint/no-unused-vars': [
				'error',
				{ argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }
			],
			// The app is served from the root (no `paths.base`), so `resolve()` around every href adds nothing.
			'svelte/no-navigation-without-resolve': 'off'
		}
	},

	// Layer rules (STYLE B.2). Most specific folders after the general ones.
	layer(['src/**'], ['dexie', 'trpcClient', 'sharp', 'drizzle', 'server']),
	layer(['src/lib/db/**'], ['trpcClient', 'sharp', 'drizzle', 'server']),
	layer(['src/lib/relay/**'], ['dexie', 'sharp', 'drizzle', 'serverButRouter', 'routerValue']),
	layer(['server/**'], ['dexie', 'trpcClient', 'sharp', 'drizzle', 'appFromRelay']),
	layer(['server/media/**'], ['dexie', 'trpcClient', 'drizzle', 'appFromRelay']),
	layer(['server/db/**'], ['dexie', 'trpcClient', 'sharp', 'appFromRelay']),
	layer(
		['server/services/**'],
		['dexie', 'trpcClient', 'sharp', 'drizzle', 'appFromRelay', 'trpcInServices']
	),
	{
		files: TEST_AND_TOOL_FILES,
		rules: {
			'@typescript-eslint/no-restricted-imports': 'off',
			// Tests and benchmarks read untyped answers (JSON bodies, logs, fake providers) and assert
			// their shape; typing each to satisfy the `no-unsafe-*` family would add casts, not safety.
			'@typescript-eslint/no-unsafe-member-access': 'off',
			'@typescript-eslint/no-unsafe-assignment': 'off',
			'@typescript-eslint/no-unsafe-call': 'off',
			'@typescript-eslint/no-unsafe-return': 'off',
			'@typescript-eslint/no-unsafe-argument': 'off',
			'@typescript-eslint/no-explicit-any': 'off',
			// Fakes implement async interfaces with bodies that need no await, and reject like the real thing does.
			'@typescript-eslint/require-await': 'off',
			'@typescript-eslint/prefer-promise-reject-errors': 'off',
			// `expect(object.method)` and spies pass methods detached on purpose.
			'@typescript-eslint/unbound-method': 'off'
		}
	},

	{
		// Config files and scripts are plain JS/TS run by tools; no type-aware checks needed beyond parsing.
		files: ['**/*.js', '**/*.mjs'],
		...ts.configs.disableTypeChecked
	},
	prettier,
	svelte.configs.prettier
);
