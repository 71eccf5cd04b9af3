import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { MxError } from '../core/errors.js';
import { parseListen } from './listen.js';
import { loadToken, TOKEN_FILE } from './token.js';

const dir = mkdtempSync(join(tmpdir(), 'mxd-token-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('API token', () => {
  it('creates a 0600 token file on the first start and reuses it', () => {
    const data = mkdtempSync(join(dir, 'data-'));
    const first = loadToken({ dataDir: data });
    assert.equal(first.created, true);
    assert.equal(first.where, join(data, TOKEN_FILE));
    assert.ok(first.token.length >= 40);
    assert.equal(statSync(first.where).mode & 0o777, 0o600);
    assert.equal(readFileSync(first.where, 'utf8').trim(), first.token);
    const again = loadToken({ dataDir: data });
    assert.deepEqual([again.token, again.created], [first.token, false]);
    chmodSync(first.where, 0o644);
    assert.throws(() => loadToken({ dataDir: data }), /readable by others/);
  });

  it('MXDOCTOR_TOKEN wins over --token-file; short tokens are refused', () => {
    const file = join(dir, 'token');
    writeFileSync(file, 'from-the-file-0123456789\n');
    assert.equal(loadToken({ file, dataDir: dir }).token, 'from-the-file-0123456789');
    const env = loadToken({ env: 'from-the-environment-42', file, dataDir: dir });
    assert.deepEqual([env.token, env.where], ['from-the-environment-42', 'MXDOCTOR_TOKEN']);
    assert.throws(() => loadToken({ env: 'short', dataDir: dir }), MxError);
    assert.throws(() => loadToken({ file: join(dir, 'missing'), dataDir: dir }), /no such file/);
  });
});

describe('--listen', () => {
  it('takes IPv4 and bracketed IPv6 with a port, and nothing else', () => {
    assert.deepEqual(parseListen('127.0.0.1:8025'), { host: '127.0.0.1', port: 8025 });
    assert.deepEqual(parseListen('[::1]:0'), { host: '::1', port: 0 });
    for (const bad of ['localhost:8025', '127.0.0.1', '127.0.0.1:99999', '::1:8025'])
      assert.throws(() => parseListen(bad), MxError, bad);
  });
});
