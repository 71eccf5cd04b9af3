#!/usr/bin/env node
// Rebuilds corpora/phish-commercial from tools/selection.tsv and the fetched mirrors
// (/work/.mirror/<owner>+<name>/repo, or MIRRORS=dir): every message is the git blob named in
// the selection, copied byte for byte, so `git hash-object` of each file equals its blob id.
// Writes <half>/ham/<collection>-<name>.eml, MANIFEST.tsv and COUNTS.tsv. The halves are pinned
// per source repository in selection.tsv (all files of one repository in one half).
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const mirrors = process.env.MIRRORS ?? '/work/.mirror';
const rows = readFileSync(join(root, 'tools/selection.tsv'), 'utf8').trim().split('\n').slice(1);

for (const half of ['dev', 'heldout']) rmSync(join(root, half), { recursive: true, force: true });
const manifest = ['file\tlabel\tsubkind\tsource\tlicence\tdate\tcollection'];
const counts = new Map();
for (const row of rows) {
  const [half, subkind, name, repo, commit, path, blob, licence, collection] = row.split('\t');
  const git = join(mirrors, repo.replace('/', '+'), 'repo');
  const bytes = execFileSync('git', ['-C', git, 'cat-file', 'blob', blob], { maxBuffer: 64 << 20 });
  const head = bytes.subarray(0, 200_000).toString('latin1');
  const date = /^Date:\s*(.+)$/im.exec(head)?.[1]?.trim() ?? '';
  const day = Number.isNaN(Date.parse(date)) ? '' : new Date(date).toISOString().slice(0, 10);
  const file = `${half}/ham/${collection}-${name}.eml`;
  mkdirSync(join(root, half, 'ham'), { recursive: true });
  writeFileSync(join(root, file), bytes);
  manifest.push(
    [file, 'ham', subkind, `github.com/${repo}@${commit}:${path} (blob ${blob})`, licence, day, collection].join('\t'),
  );
  const key = `${half}\t${collection}`;
  counts.set(key, (counts.get(key) ?? 0) + 1);
}
writeFileSync(join(root, 'MANIFEST.tsv'), `${manifest.join('\n')}\n`);
const lines = ['half\tcollection\tham', ...[...counts].sort().map(([k, n]) => `${k}\t${n}`)];
writeFileSync(join(root, 'COUNTS.tsv'), `${lines.join('\n')}\n`);
console.log(`${rows.length} messages`);
