import { sveltekit } from '@sveltejs/kit/vite';
import { SvelteKitPWA } from '@vite-pwa/sveltekit';
import { defineConfig } from 'vite';

const RELAY = process.env.RELAY_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
	plugins: [
		sveltekit(),
		SvelteKitPWA({
			// Never activate a new service worker silently: the app shows "update available — reload".
			registerType: 'prompt',
			injectRegister: false,
			// Kit builds with relative asset paths, so the plugin would register `./sw.js` — from
			// /gallery/x that is /gallery/sw.js (404). The worker lives at the root, for the whole site.
			buildBase: '/',
			scope: '/',
			manifest: {
				name: 'Nano Banana Studio',
				short_name: 'Banana Studio',
				description: 'Generate, keep and batch AI images — local-first.',
				lang: 'en',
				start_url: '/',
				scope: '/',
				display: 'standalone',
				theme_color: '#1f1d1a',
				background_color: '#1f1d1a',
				icons: [
					{ src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' },
					{ src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png' },
					{
						src: '/icons/icon-maskable-512.png',
						sizes: '512x512',
						type: 'image/png',
						purpose: 'maskable'
					}
				]
			},
			workbox: {
				globPatterns: [
					'client/**/*.{js,css,ico,png,svg,webp,woff2,webmanifest}',
					'prerendered/**/*.html'
				],
				navigateFallback: '/',
				// API, blobs and probes are never answered by the app shell.
				navigateFallbackDenylist: [/^\/trpc/, /^\/blob/, /^\/healthz/, /^\/readyz/]
			},
			kit: { adapterFallback: 'index.html', spa: { fallbackMapping: '/' } }
		})
	],
	// The queue worker is an ES module worker (code-split, shares chunks with the app).
	worker: { format: 'es' },
	server: {
		proxy: { '/trpc': RELAY, '/blob': RELAY, '/healthz': RELAY, '/readyz': RELAY }
	}
});
