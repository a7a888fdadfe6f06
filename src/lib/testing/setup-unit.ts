// Unit tests run in Node: give them a real-enough IndexedDB, loaded once for every file.
import 'fake-indexeddb/auto';
