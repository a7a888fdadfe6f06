/** Where blob bytes live, by sha256. The filesystem store is the default; S3 can implement the same. */
export interface BlobStore {
	/** Stores bytes under their hash; a second put of the same hash is a no-op. */
	put(sha256: string, bytes: Uint8Array): Promise<void>;
	/** The bytes, or null when missing. */
	get(sha256: string): Promise<Uint8Array | null>;
	has(sha256: string): Promise<boolean>;
}
