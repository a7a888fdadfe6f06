/**
 * Dexie's table type under a name the rest of the app may import: code outside src/lib/db that
 * walks tables generically (sync/entities.ts) types them without importing dexie (STYLE B.2).
 */
export type { Table as DexieTable } from 'dexie';
