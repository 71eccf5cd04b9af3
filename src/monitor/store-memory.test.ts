import { runStoreConformance } from './store.conformance.js';
import { createMemoryStore } from './store-memory.js';

runStoreConformance('memory', { open: async () => createMemoryStore() });
