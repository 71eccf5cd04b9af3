/**
 * bin/mxdoctor, the shell launcher: which commands start Node without NODE_EXTRA_CA_CERTS (Node 20
 * loads that bundle eagerly, ~50 ms, so the commands that open no TLS connection drop it) and
 * which keep it (probe, diagnose and serve verify certificates). A `node` placed first on PATH
 * prints what the launcher hands it, so the real Node is not started.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  realpathSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

const LAUNCHER = new URL('../../bin/mxdoctor', import.meta.url).pathname;
const ENTRY = new URL('../../dist/bundle/entry.js', import.meta.url).pathname;

describe('bin/mxdoctor launcher', () => {
  let dir = '';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'mxd-launcher-'));
    const fakeNode = join(dir, 'node');
    writeFileSync(
      fakeNode,
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell script's ${VAR-default}
      '#!/bin/sh\necho "ca=${NODE_EXTRA_CA_CERTS-unset}"\nfor a; do echo "arg=$a"; done\n',
    );
    chmodSync(fakeNode, 0o755);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  function launch(path: string, args: string[]): string {
    return execFileSync(path, args, {
      encoding: 'utf8',
      env: { ...process.env, PATH: `${dir}:${process.env.PATH}`, NODE_EXTRA_CA_CERTS: '/ca.pem' },
    });
  }

  for (const command of ['phish', 'bounce', 'check', '--version', '--help']) {
    it(`${command} starts without NODE_EXTRA_CA_CERTS`, () => {
      assert.match(launch(LAUNCHER, [command, 'x y']), /^ca=unset$/m);
    });
  }
  for (const command of ['probe', 'diagnose', 'serve']) {
    it(`${command} keeps NODE_EXTRA_CA_CERTS (it verifies certificates)`, () => {
      assert.match(launch(LAUNCHER, [command]), /^ca=\/ca\.pem$/m);
    });
  }
  it('passes every argument through, spaces kept, to the bundled entry', () => {
    const args = launch(LAUNCHER, ['phish', 'a b', '--json'])
      .split('\n')
      .filter((l) => l.startsWith('arg='));
    assert.deepEqual(args.slice(1), ['arg=phish', 'arg=a b', 'arg=--json']);
    assert.equal(realpathSync(args[0]?.slice(4) ?? ''), ENTRY);
  });
  it('finds the bundle when started through a symbolic link (as node_modules/.bin does)', () => {
    const link = join(dir, 'mxd-link');
    symlinkSync(LAUNCHER, link);
    const entry = /^arg=(.*entry\.js)$/m.exec(launch(link, ['check']))?.[1] ?? '';
    assert.equal(realpathSync(entry), ENTRY);
  });

  describe('the start-up snapshot (dist/snapshot)', () => {
    // An installed layout of its own: the launcher, the real bundle, and a snapshot folder whose
    // node-binary names the fake node (or not), so what the launcher picks can be read back.
    function layout(nodeBinary: string): string {
      const root = mkdtempSync(join(dir, 'install-'));
      mkdirSync(join(root, 'bin'));
      mkdirSync(join(root, 'dist/snapshot'), { recursive: true });
      copyFileSync(LAUNCHER, join(root, 'bin/mxdoctor'));
      chmodSync(join(root, 'bin/mxdoctor'), 0o755);
      symlinkSync(join(ENTRY, '..'), join(root, 'dist/bundle'));
      writeFileSync(join(root, 'dist/snapshot/cli.blob'), 'not a real blob');
      writeFileSync(join(root, 'dist/snapshot/node-binary'), `${nodeBinary}\n`);
      return join(root, 'bin/mxdoctor');
    }
    function fakeNodeId(): string {
      const path = join(dir, 'node');
      const st = statSync(path);
      return `${realpathSync(path)} ${st.size} ${Math.floor(st.mtimeMs / 1000)}`;
    }
    const argsOf = (out: string) => out.split('\n').filter((l) => l.startsWith('arg='));

    for (const command of ['phish', 'bounce']) {
      it(`${command} starts from the blob when it was built by the node on PATH`, () => {
        const launcher = layout(fakeNodeId());
        const args = argsOf(launch(launcher, [command, 'a b']));
        assert.equal(args[0], 'arg=--snapshot-blob');
        assert.match(args[1] ?? '', /\/dist\/snapshot\/cli\.blob$/);
        assert.deepEqual(args.slice(2), [`arg=${command}`, 'arg=a b']);
      });
    }
    it('another node (path, size or mtime differ): the bundle, never the blob', () => {
      const [path, size, mtime] = fakeNodeId().split(' ');
      for (const id of [`/usr/bin/nodejs ${size} ${mtime}`, `${path} 1 ${mtime}`, `${path} ${size} 1`, '']) {
        const args = argsOf(launch(layout(id), ['phish', 'x']));
        assert.match(args[0] ?? '', /\/dist\/bundle\/entry\.js$/, id);
      }
    });
    it('MXDOCTOR_NO_SNAPSHOT set: the bundle', () => {
      const launcher = layout(fakeNodeId());
      const out = execFileSync(launcher, ['bounce', 'x'], {
        encoding: 'utf8',
        env: { ...process.env, PATH: `${dir}:${process.env.PATH}`, MXDOCTOR_NO_SNAPSHOT: '1' },
      });
      assert.match(argsOf(out)[0] ?? '', /\/dist\/bundle\/entry\.js$/);
    });
    it('other commands never start from the blob', () => {
      const launcher = layout(fakeNodeId());
      for (const command of ['check', 'probe', 'serve', '--version'])
        assert.match(argsOf(launch(launcher, [command]))[0] ?? '', /\/dist\/bundle\/entry\.js$/, command);
    });
  });
});
