/**
 * Builds the provider adapters the environment configures (a provider is configured when its key
 * is set — OPENROUTER_API_KEY enables both OpenRouter modes; the demo when DEMO_PROVIDER says so)
 * and the catalogue filtered to them. Start-up only.
 */
import type { Env } from '../env';
import type { ImageProvider } from './provider';
import { loadCatalogue, type Catalogue, type ProviderName } from './catalogue';
import { createDemoProvider } from './demo';
import { createOpenRouterProvider } from './openrouter';
import { createOpenRouterImagesProvider } from './openrouter-images';
import { createOpenAIImagesProvider } from './openai-images';
import { createArkProvider } from './ark';
import { createGeminiProvider } from './gemini';

/** The environment fields the registry reads. */
export type RegistryEnv = Pick<
	Env,
	| 'DEMO_PROVIDER'
	| 'DEMO_LATENCY_MS'
	| 'MODELS_FILE'
	| 'OPENROUTER_API_KEY'
	| 'OPENROUTER_BASE_URL'
	| 'OPENAI_API_KEY'
	| 'OPENAI_BASE_URL'
	| 'ARK_API_KEY'
	| 'ARK_BASE_URL'
	| 'GEMINI_API_KEY'
	| 'GEMINI_BASE_URL'
>;

export interface ProviderRegistry {
	/** Adapters by catalogue provider name. */
	providers: Map<string, ImageProvider>;
	catalogue: Catalogue;
	/** Names of the configured providers, in a stable order. */
	configured: ProviderName[];
}

/** Sent to OpenRouter as the app's attribution title. */
const APP_TITLE = 'Nano Banana Studio';

/** True when the demo provider should run: DEMO_PROVIDER `on`, or `auto` with no real key set. */
export function isDemoEnabled(env: RegistryEnv): boolean {
	if (env.DEMO_PROVIDER === 'on') return true;
	if (env.DEMO_PROVIDER === 'off') return false;
	return !(env.OPENROUTER_API_KEY || env.OPENAI_API_KEY || env.ARK_API_KEY || env.GEMINI_API_KEY);
}

/**
 * Creates every configured adapter and loads the catalogue for them.
 * @param fetch used by every network adapter (tests pass one that reaches the fake provider).
 * @throws Error when MODELS_FILE is unreadable or invalid (see {@link loadCatalogue}).
 */
export function createProviderRegistry(options: { env: RegistryEnv; fetch?: typeof globalThis.fetch }): ProviderRegistry {
	const { env } = options;
	const fetch = options.fetch ?? globalThis.fetch;
	const providers = new Map<ProviderName, ImageProvider>();

	if (isDemoEnabled(env)) providers.set('demo', createDemoProvider({ latencyMs: env.DEMO_LATENCY_MS }));
	if (env.OPENROUTER_API_KEY) {
		const openRouter = { apiKey: env.OPENROUTER_API_KEY, baseUrl: env.OPENROUTER_BASE_URL, fetch, appTitle: APP_TITLE };
		providers.set('openrouter', createOpenRouterProvider(openRouter));
		providers.set('openrouter-images', createOpenRouterImagesProvider(openRouter));
	}
	if (env.OPENAI_API_KEY) {
		providers.set('openai', createOpenAIImagesProvider({ apiKey: env.OPENAI_API_KEY, baseUrl: env.OPENAI_BASE_URL, fetch }));
	}
	if (env.ARK_API_KEY) providers.set('ark', createArkProvider({ apiKey: env.ARK_API_KEY, baseUrl: env.ARK_BASE_URL, fetch }));
	if (env.GEMINI_API_KEY) providers.set('gemini', createGeminiProvider({ apiKey: env.GEMINI_API_KEY, baseUrl: env.GEMINI_BASE_URL, fetch }));

	const configured = [...providers.keys()];
	const catalogue = loadCatalogue({ modelsFile: env.MODELS_FILE, configuredProviders: new Set(configured) });
	return { providers: new Map(providers), catalogue, configured };
}
