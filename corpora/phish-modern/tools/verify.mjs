#!/usr/bin/env node
// Check the corpus as committed: every MANIFEST row has its file and every .eml a row,
// each file has From/Subject/Date and a body, is at most 2 MB, no two bodies are equal,
// and no source (collection) has messages in both halves. Exit 1 on any failure.
// Usage: node verify.mjs
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseHeaders, splitMessage } from './mail-headers.mjs';

// This corpus, or another laid out the same way (corpora/phish-fresh/tools/verify.mjs sets
// PHISH_CORPUS_ROOT to its own folder and runs this script).
const root = process.env.PHISH_CORPUS_ROOT ?? join(dirname(fileURLToPath(import.meta.url)), '..');
const [head, ...rows] = readFileSync(join(root, 'MANIFEST.tsv'), 'utf8').trim().split('\n');
const cols = head.split('\t');
const problems = [];
const files = new Set();
const bodies = new Map();
const halfOfSource = new Map();
const counts = {};
for (const line of rows) {
  const r = Object.fromEntries(line.split('\t').map((v, i) => [cols[i], v]));
  files.add(r.file);
  const half = r.file.split('/')[0];
  if (r.file.split('/')[1] !== r.label) problems.push(`${r.file}: folder does not match label ${r.label}`);
  const seen = halfOfSource.get(r.collection);
  if (seen && seen !== half) problems.push(`${r.collection}: in both halves`);
  halfOfSource.set(r.collection, half);
  counts[`${half}/${r.label}`] = (counts[`${half}/${r.label}`] ?? 0) + 1;
  let raw;
  try {
    raw = readFileSync(join(root, r.file));
  } catch {
    problems.push(`${r.file}: missing`);
    continue;
  }
  if (raw.length > 2 * 1024 * 1024) problems.push(`${r.file}: over 2 MB`);
  const names = new Set(parseHeaders(raw).map(([k]) => k));
  for (const h of ['from', 'subject', 'date']) if (!names.has(h)) problems.push(`${r.file}: no ${h}`);
  const { body } = splitMessage(raw);
  if (body.trim() === '') problems.push(`${r.file}: empty body`);
  const hash = createHash('sha256').update(body).digest('hex');
  if (bodies.has(hash)) problems.push(`${r.file}: same body as ${bodies.get(hash)}`);
  bodies.set(hash, r.file);
}
for (const half of ['dev', 'heldout'])
  for (const label of ['phish', 'ham']) {
    const dir = join(root, half, label);
    for (const f of statSync(dir, { throwIfNoEntry: false }) ? readdirSync(dir) : [])
      if (!files.has(`${half}/${label}/${f}`)) problems.push(`${half}/${label}/${f}: not in MANIFEST`);
  }
process.stdout.write(`${JSON.stringify(counts)}\n`);
for (const p of problems) process.stdout.write(`FAIL ${p}\n`);
process.stdout.write(problems.length === 0 ? 'ok\n' : `${problems.length} problems\n`);
process.exit(problems.length === 0 ? 0 : 1);
