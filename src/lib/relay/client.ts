/**
 * The one tRPC client of the app: batches calls to `/trpc` on the same origin (the session cookie
 * rides along) and sends the protocol header the relay requires on every call (else 403).
 * Subscriptions (the sync poke) go over SSE (`httpSubscriptionLink`); everything else is batched.
 */
import { createTRPCClient, httpBatchLink, httpSubscriptionLink, splitLink } from '@trpc/client';
import type { AppRouter } from '../../../server/trpc/router';
import { CLIENT_HEADER, PROTOCOL_VERSION } from '../shared/protocol';

/** Most calls the relay accepts in one HTTP batch (server/app.ts MAX_BATCH_SIZE). */
const MAX_BATCH_SIZE = 10;

/** Typed procedures of the relay: `relay.auth.me.query()`, `relay.generate.submit.mutate(…)`. */
export const relay = createTRPCClient<AppRouter>({
	links: [
		splitLink({
			condition: (op) => op.type === 'subscription',
			// EventSource cannot set headers: the protocol version rides in connectionParams and the
			// cookie authenticates; the relay accepts subscriptions by that (a GET without side effects).
			true: httpSubscriptionLink({
				url: '/trpc',
				connectionParams: () => ({ [CLIENT_HEADER]: String(PROTOCOL_VERSION) }),
				eventSourceOptions: () => ({ withCredentials: true })
			}),
			false: httpBatchLink({
				url: '/trpc',
				maxItems: MAX_BATCH_SIZE,
				headers: () => ({ [CLIENT_HEADER]: String(PROTOCOL_VERSION) })
			})
		})
	]
});

export type RelayClient = typeof relay;
