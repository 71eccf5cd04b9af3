#!/usr/bin/env node
// The README's test command (`npm test`). Lists test files explicitly (Node 20's `node --test`
// expands no globs, and an empty list would "pass" with 0 tests), makes sure the Debian packages
// the real-server tests need are present (installing them when run as root, as CI is; otherwise
// printing the one apt-get line and failing: never skipping them silently), then runs node's
// test runner under tsx.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const unitOnly = process.argv.includes('--unit');
const filters = process.argv.slice(2).filter((a) => !a.startsWith('--'));

function walk(dir, out = []) {
  if (!existsSync(dir)) return out;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else if (entry.name.endsWith('.test.ts')) out.push(relative(root, full));
  }
  return out;
}

let files = walk(join(root, 'src'));
if (!unitOnly) files.push(...walk(join(root, 'test')));
if (filters.length) files = files.filter((f) => filters.some((x) => f.includes(x)));
files.sort();
if (files.length === 0) {
  console.error('run-tests: no test files found');
  process.exit(1);
}

if (!unitOnly) ensureSystemPackages();

const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...files], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, MXDOCTOR_TEST: '1' },
});
process.exit(result.status ?? 1);

function ensureSystemPackages() {
  const reqs = JSON.parse(readFileSync(join(root, 'test/system-requirements.json'), 'utf8'));
  const missing = reqs.filter((r) => !r.paths.some((p) => existsSync(p)));
  if (missing.length === 0) return;
  const pkgs = [...new Set(missing.map((r) => r.package))];
  const line = `apt-get install -y --no-install-recommends ${pkgs.join(' ')}`;
  if (process.getuid?.() !== 0) {
    console.error(
      `run-tests: the real-server tests need Debian packages that are missing. As root, run:\n  ${line}`,
    );
    process.exit(1);
  }
  console.error(`run-tests: installing ${pkgs.join(' ')}`);
  // Postfix and PostgreSQL must not configure or start a system instance: the tests run their own.
  execFileSync(
    'sh',
    [
      '-c',
      'echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections && ' +
        'mkdir -p /etc/postgresql-common/createcluster.d && ' +
        'echo "create_main_cluster = false" >/etc/postgresql-common/createcluster.d/mxdoctor-tests.conf',
    ],
    { stdio: 'inherit' },
  );
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = () => spawnSync('sh', ['-c', line], { stdio: 'inherit', env }).status === 0;
  if (!install()) {
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    if (!install()) {
      console.error('run-tests: apt-get install failed');
      process.exit(1);
    }
  }
}
