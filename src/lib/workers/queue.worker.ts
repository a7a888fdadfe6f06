/**
 * The queue worker: a thin shell that gives the queue host its browser parts and exposes it to
 * the tab through comlink. All logic is in src/lib/queue (tested without a Worker).
 */
import * as Comlink from 'comlink';
import { QueueHost } from '../queue/queue-host';
import { fetchBlob } from '../relay/blobs';
import { relay } from '../relay/client';
import { evictOriginals } from '../sync/blob-eviction';
import { relaySyncTransport } from '../sync/transport';

const host = new QueueHost({
	relay: {
		submit: (input) => relay.generate.submit.mutate(input),
		statuses: (ids) => relay.generate.statuses.query({ ids }),
		fetchBlob: (sha256) => fetchBlob(sha256)
	},
	locks: navigator.locks ?? null,
	isOnline: () => navigator.onLine,
	openChannel: (name) => new BroadcastChannel(name),
	sync: { transport: relaySyncTransport(relay), evictOriginals }
});
self.addEventListener('online', () => {
	host.kick();
	host.syncNow();
});

Comlink.expose(host);
