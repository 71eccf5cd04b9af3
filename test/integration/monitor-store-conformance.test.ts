/** The store conformance suite against the SQLite store on a temp folder (WAL, migrations). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import type { Store } from '../../src/monitor/ports.js';
import { runStoreConformance } from '../../src/monitor/store.conformance.js';
import { openSqliteStore } from '../../src/monitor/store-sqlite.js';

const root = mkdtempSync(join(tmpdir(), 'mxd-store-'));
after(() => rmSync(root, { recursive: true, force: true }));
const dirs = new WeakMap<Store, string>();
let n = 0;

runStoreConformance('sqlite', {
  async open() {
    const dir = join(root, String(n++));
    const store = openSqliteStore(dir);
    dirs.set(store, dir);
    return store;
  },
  async reopen(store) {
    const dir = dirs.get(store)!;
    await store.close();
    const again = openSqliteStore(dir);
    dirs.set(again, dir);
    return again;
  },
});
