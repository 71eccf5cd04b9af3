/** The store conformance suite against the SQLite store on a temp folder (WAL, migrations). */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import Database from 'better-sqlite3';
import type { Store } from '../../src/monitor/ports.js';
import { runStoreConformance } from '../../src/monitor/store.conformance.js';
import { openSqliteStore, STORE_FILE } from '../../src/monitor/store-sqlite.js';

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

test('migration 2: targets stored before it are API targets (a config sync never drops them), unnamed', async () => {
  const dir = join(root, 'v1');
  mkdirSync(dir);
  const db = new Database(join(dir, STORE_FILE));
  db.exec(`CREATE TABLE migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL);
    INSERT INTO migrations VALUES (1, '2026-01-01T00:00:00.000Z');
    CREATE TABLE targets (target TEXT PRIMARY KEY, grp TEXT NOT NULL, kind TEXT NOT NULL,
      added_at TEXT NOT NULL, first_scan_at TEXT);
    INSERT INTO targets VALUES ('192.0.2.1', 'default', 'ip', '2026-01-01T00:00:00.000Z', NULL);`);
  db.close();
  const store = openSqliteStore(dir);
  try {
    const [old] = await store.listTargets();
    assert.equal(old?.source, 'api');
    assert.equal(old?.name, null);
    assert.deepEqual(await store.syncConfigTargets([]), { added: [], updated: [], removed: [] });
    assert.deepEqual(await store.smtpProbes('192.0.2.1'), []);
  } finally {
    await store.close();
  }
});
