/**
 * The signed-in person and their device database. Asks the relay (`auth.me`) at start and falls
 * back to the last confirmed user cached in localStorage when offline, so the gallery works
 * without a connection. Sign-out closes the database (its data stays for the next sign-in).
 */
import { tick } from 'svelte';
import { openStudioDB, type StudioDB } from '../db/database';
import { relay } from '../relay/client';
import { relayFailureOf } from '../relay/errors';
import { MeSchema, type Me } from '../shared/schemas/auth';
import { notices } from './notices.svelte';

const USER_KEY = 'nbs.user';
const PENDING_SIGN_OUT_KEY = 'nbs.pendingSignOut';
const PERSIST_ASKED_KEY = 'nbs.persistAsked';

function readCachedUser(): Me | null {
	try {
		const parsed = MeSchema.safeParse(JSON.parse(localStorage.getItem(USER_KEY) ?? 'null'));
		return parsed.success ? parsed.data : null;
	} catch {
		return null; // unreadable cache: treat as signed out
	}
}

class SessionState {
	user = $state<Me | null>(null);
	/** `starting` until the first answer (relay or cache) is known. */
	status = $state<'starting' | 'ready'>('starting');
	/** The user comes from the offline cache; the relay has not confirmed the session yet. */
	isUnverified = $state(false);
	/** The signed-in user's database; raw so Svelte never proxies Dexie. */
	db = $state.raw<StudioDB | null>(null);

	/** Finds out who is signed in; call once at app start. Never throws. */
	async start(): Promise<void> {
		const cached = readCachedUser();
		// Offline with a known user: no request bound to fail; the layout confirms it when back online.
		if (cached && typeof navigator !== 'undefined' && navigator.onLine === false) {
			this.#adopt(cached, true);
			this.status = 'ready';
			return;
		}
		try {
			if (localStorage.getItem(PENDING_SIGN_OUT_KEY)) await this.#relaySignOut();
			const me = await relay.auth.me.query();
			if (me) this.#adopt(me, false);
			else await this.#clear();
		} catch (error) {
			// Offline or relay down: trust the last confirmed user until the relay answers again.
			if (relayFailureOf(error).code === 'NETWORK' && cached) this.#adopt(cached, true);
			else await this.#clear();
		}
		this.status = 'ready';
	}

	/** Signs in; throws the relay's error (the form shows it). */
	async signIn(email: string, password: string): Promise<void> {
		this.#adopt(await relay.auth.signIn.mutate({ email, password }), false);
		this.#askForPersistentStorage();
	}

	/** Creates an account and signs in; throws the relay's error (the form shows it). */
	async register(email: string, password: string): Promise<void> {
		this.#adopt(await relay.auth.register.mutate({ email, password }), false);
		this.#askForPersistentStorage();
	}

	/** Signs out here and, when reachable, on the relay (else at the next start). */
	async signOut(): Promise<void> {
		localStorage.setItem(PENDING_SIGN_OUT_KEY, '1');
		await this.#relaySignOut().catch(() => undefined); // retried at next start
		await this.#clear();
	}

	/** Forgets the session here only (the relay already ended it). */
	expire(): Promise<void> {
		return this.#clear();
	}

	/** Re-reads the user (balance) from the relay; offline, keeps what is known (and asks nothing). */
	async refresh(): Promise<void> {
		if (typeof navigator !== 'undefined' && navigator.onLine === false) return;
		try {
			const me = await relay.auth.me.query();
			if (me) this.#adopt(me, false);
			else await this.#clear();
		} catch (error) {
			if (relayFailureOf(error).code !== 'NETWORK') throw error;
		}
	}

	/** Sets the balance the relay reported (e.g. after a submit). */
	setCredits(credits: number): void {
		if (this.user) this.#adopt({ ...this.user, credits }, this.isUnverified);
	}

	async #relaySignOut(): Promise<void> {
		try {
			await relay.auth.signOut.mutate();
		} catch (error) {
			if (relayFailureOf(error).code !== 'UNAUTHENTICATED') throw error;
		}
		localStorage.removeItem(PENDING_SIGN_OUT_KEY);
	}

	#adopt(me: Me, unverified: boolean): void {
		if (this.db && this.user?.id !== me.id) this.db.close();
		if (!this.db || this.user?.id !== me.id) this.db = this.#open(me.id);
		this.user = me;
		this.isUnverified = unverified;
		localStorage.setItem(USER_KEY, JSON.stringify(me));
	}

	#open(userId: string): StudioDB {
		const db = openStudioDB(userId);
		// Another tab upgraded the schema: Dexie closes this connection; ask for a reload.
		db.on('versionchange', () => {
			notices.reloadNeeded = true;
		});
		return db;
	}

	async #clear(): Promise<void> {
		const db = this.db;
		this.user = null;
		this.isUnverified = false;
		this.db = null;
		localStorage.removeItem(USER_KEY);
		await tick(); // let effects that use the database (the runner) stop before it closes
		db?.close();
	}

	#askForPersistentStorage(): void {
		if (localStorage.getItem(PERSIST_ASKED_KEY) || !navigator.storage?.persist) return;
		localStorage.setItem(PERSIST_ASKED_KEY, '1');
		// Best effort: without it the browser may evict the library under storage pressure.
		navigator.storage.persist().catch(() => false);
	}
}

/** The app's one session. */
export const session = new SessionState();
