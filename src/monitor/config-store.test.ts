import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseMonitorConfig } from './config.js';

test('store: a postgres:// URL is kept; absent means SQLite', () => {
  const url = 'postgres://mx:s3cret@db.internal:5432/mxdoctor';
  assert.equal(parseMonitorConfig(`interval: 1h\nstore: "${url}"\n`, 'serve.yaml').store, url);
  assert.equal(parseMonitorConfig(`store = "${url}"\n`, 'serve.toml').store, url);
  assert.equal(parseMonitorConfig('interval: 1h\n', 'serve.yaml').store, undefined);
});

test('store: another scheme is refused naming the line and key, never the password', () => {
  assert.throws(
    () => parseMonitorConfig('interval: 1h\nstore: mysql://mx:s3cret@db/mxdoctor\n', 'serve.yaml'),
    (error: Error) => {
      assert.match(
        error.message,
        /^serve\.yaml:2: store: mysql:\/\/mx:\*\*\*@db\/mxdoctor: not a postgres:\/\/ URL/,
      );
      assert.ok(!error.message.includes('s3cret'));
      return true;
    },
  );
  assert.throws(() => parseMonitorConfig('store: 5432\n', 'serve.yaml'), /serve\.yaml:1: store: /);
});
