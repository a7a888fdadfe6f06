/**
 * A device in Node for the latency figures: the real client modules (StudioDB on fake-indexeddb,
 * mutate + outbox, SyncLoop with push, pull, rebase and thumbnails) talking to the relay process
 * over HTTP with a cookie-keeping tRPC client, pokes over SSE through the `eventsource` package.
 */
import 'fake-indexeddb/auto';
import { createTRPCClient, httpBatchLink, httpSubscriptionLink, splitLink } from '@trpc/client';
import { EventSource } from 'eventsource';
import { uuidv7 } from '#shared/ids';
import { CLIENT_HEADER, PROTOCOL_VERSION } from '#shared/protocol';
import { StudioDB } from '../../src/lib/db/database';
import { getClientId } from '../../src/lib/sync/client-id';
import { SyncLoop } from '../../src/lib/sync/sync-loop';
import { relaySyncTransport } from '../../src/lib/sync/transport';
import type { AppRouter } from '../../server/trpc/router';
import { PASSWORD } from './config';

export interface NodeDevice {
	db: StudioDB;
	relay: ReturnType<typeof createTRPCClient<AppRouter>>;
	sync: SyncLoop;
	/** Called with Date.now() of the moment each pulled page was stored (after its transaction). */
	onPage: ((storedAt: number) => void) | null;
	close(): Promise<void>;
}

function relayClient(url: string) {
	let cookie = '';
	const fetchWithCookie: typeof fetch = async (input, init) => {
		const res = await fetch(input, {
			...init,
			headers: { ...(init?.headers as Record<string, string>), ...(cookie ? { cookie } : {}) }
		});
		const set = res.headers.get('set-cookie');
		if (set) cookie = set.split(';')[0];
		return res;
	};
	const client = createTRPCClient<AppRouter>({
		links: [
			splitLink({
				condition: (op) => op.type === 'subscription',
				true: httpSubscriptionLink({
					url: `${url}/trpc`,
					EventSource,
					connectionParams: () => ({ [CLIENT_HEADER]: String(PROTOCOL_VERSION) }),
					eventSourceOptions: () => ({ fetch: (input, init) => fetchWithCookie(input, init) })
				}),
				false: httpBatchLink({
					url: `${url}/trpc`,
					maxItems: 10,
					headers: { [CLIENT_HEADER]: String(PROTOCOL_VERSION) },
					fetch: fetchWithCookie
				})
			})
		]
	});
	return { client, fetchWithCookie };
}

/** Signs in (or registers, with `register`) as `email` and starts the device's sync loop. */
export async function startNodeDevice(
	url: string,
	email: string,
	options: { register?: boolean } = {}
): Promise<NodeDevice> {
	const { client, fetchWithCookie } = relayClient(url);
	if (options.register) await client.auth.register.mutate({ email, password: PASSWORD });
	else await client.auth.signIn.mutate({ email, password: PASSWORD });
	const db = new StudioDB(`bench-device-${uuidv7()}`);
	const base = relaySyncTransport(client);
	const transport = {
		...base,
		// The app fetches blobs by a relative URL with the browser's cookie; Node needs both spelled out.
		fetchBlob: async (sha256: string) => {
			const response = await fetchWithCookie(`${url}/blob/${sha256}`);
			if (!response.ok) throw new Error(`GET /blob answered ${response.status}`);
			return {
				bytes: await response.arrayBuffer(),
				mime: response.headers.get('content-type') ?? 'application/octet-stream'
			};
		},
		uploadBlob: async () => {
			throw new Error('the bench devices upload nothing');
		}
	};
	const device: NodeDevice = {
		db,
		relay: client,
		onPage: null,
		sync: new SyncLoop({
			db,
			transport,
			clientId: await getClientId(db),
			hooks: { onPage: () => device.onPage?.(Date.now()) }
		}),
		async close() {
			await device.sync.stop();
			db.close();
		}
	};
	device.sync.start();
	return device;
}
