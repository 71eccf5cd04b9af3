#!/usr/bin/env node
// Rebuild corpora/phish-modern/{dev,heldout}/{phish,ham}/*.eml, MANIFEST.tsv and
// COUNTS.tsv from tools/selection.tsv and the fetched git mirrors.
//
// Per message: bytes copied unaltered; rejected when a From, Subject or Date header is
// missing, the body is empty, the Date is before 2018, the file is over 2 MB, or the
// body (bytes after the header block) hashes like one already taken.
// Split: by source only. Sources are ordered by size, ties by sha256("phish-modern-split-v1 "
// + source), and each goes whole to the half whose share of both labels is lower.
// Usage: node build.mjs [mirror-root=/work/.mirror]
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { headerValue, parseHeaders, splitMessage } from './mail-headers.mjs';
import { guessLanguage, messageText } from './mail-text.mjs';

// The corpus: this one, or another laid out the same way (corpora/phish-fresh/tools/build.mjs
// sets PHISH_CORPUS_ROOT to its own folder and runs this script).
const root = process.env.PHISH_CORPUS_ROOT ?? join(dirname(fileURLToPath(import.meta.url)), '..');
const here = join(root, 'tools');
const mirrors = process.argv[2] ?? '/work/.mirror';
const sha = (s) => createHash('sha256').update(s).digest('hex');

const [, ...rows] = readFileSync(join(here, 'selection.tsv'), 'utf8').trim().split('\n');
const sel = rows.map((l) => {
  const [source, label, subkind, mirror, object, origin, licence] = l.split('\t');
  return { source, label, subkind, mirror, object, origin, licence };
});

function check(raw) {
  const headers = parseHeaders(raw);
  for (const h of ['from', 'subject', 'date']) if (!headers.some(([k]) => k === h)) return { why: `no ${h} header` };
  const { body } = splitMessage(raw);
  if (body.trim() === '') return { why: 'empty body' };
  if (raw.length > 2 * 1024 * 1024) return { why: 'over 2 MB' };
  const when = new Date(headerValue(headers, 'date').replace(/\([^)]*\)/g, '').trim());
  const date = Number.isNaN(when.getTime()) ? 'unparsed' : when.toISOString().slice(0, 10);
  if (date !== 'unparsed' && date < '2018-01-01') return { why: `dated ${date}` };
  return { date, bodyHash: sha(body), language: guessLanguage(`${headerValue(headers, 'subject')} ${messageText(raw)}`) };
}

const kept = [];
const rejected = [];
const bodies = new Set();
for (const s of sel) {
  const raw = execFileSync('git', ['-C', join(mirrors, s.mirror, 'repo'), 'cat-file', 'blob', s.object], {
    maxBuffer: 1 << 28,
  });
  const c = check(raw);
  if (c.why) rejected.push({ ...s, why: c.why });
  else if (bodies.has(c.bodyHash)) rejected.push({ ...s, why: 'duplicate body' });
  else {
    bodies.add(c.bodyHash);
    kept.push({ ...s, raw, date: c.date, language: c.language });
  }
}

// Split by source.
const bySource = new Map();
for (const m of kept) bySource.set(m.source, [...(bySource.get(m.source) ?? []), m]);
// Balance on label and on label/subkind together, so each half gets its share of
// credential lures, newsletters, and so on. Every assignment of the sources not yet
// placed is tried (2^n, n <= 20) and the most even one kept; ties go to the first found.
const cls = (m) => `${m.label}/${m.subkind}`;
const labels = ['phish', 'ham'];
const count = (list, c) => list.filter((m) => cls(m) === c || m.label === c).length;
const classes = [...new Set(kept.map(cls))].filter((c) => count(kept, c) >= 4);
const keys = [...labels, ...classes];
const order = [...bySource.keys()].sort((a, b) =>
  sha(`${basename(root)}-split-v1 ${a}`).localeCompare(sha(`${basename(root)}-split-v1 ${b}`)),
);
const perSource = order.map((s) => keys.map((k) => count(bySource.get(s), k)));
const totals = keys.map((k) => count(kept, k));
// Sources already placed keep their half (tools/halves.tsv), so adding a source never
// moves a message that rules may already have been tuned on.
const halvesFile = join(here, 'halves.tsv');
const fixed = new Map();
try {
  for (const line of readFileSync(halvesFile, 'utf8').trim().split('\n').slice(1)) {
    const [src, h] = line.split('\t');
    fixed.set(src, h);
  }
} catch {
  // first build: no placement yet
}
const free = order.map((s, i) => (fixed.has(s) ? -1 : i)).filter((i) => i >= 0);
if (free.length > 20) throw new Error(`too many new sources to place at once (${free.length})`);
let best = { score: Number.POSITIVE_INFINITY, mask: 0 };
for (let mask = 0; mask < 2 ** free.length; mask++) {
  const dev = keys.map(() => 0);
  order.forEach((s, i) => {
    const j = free.indexOf(i);
    const isDev = j >= 0 ? (mask >> j) & 1 : fixed.get(s) === 'dev';
    if (isDev) perSource[i].forEach((n, k) => (dev[k] += n));
  });
  const score = dev.reduce((sum, n, k) => sum + (k < labels.length ? 4 : 1) * (n / totals[k] - 0.5) ** 2, 0);
  if (score < best.score - 1e-12) best = { score, mask };
}
const halfOf = new Map();
order.forEach((s, i) => {
  const j = free.indexOf(i);
  halfOf.set(s, j >= 0 ? ((best.mask >> j) & 1 ? 'dev' : 'heldout') : fixed.get(s));
});

for (const h of ['dev', 'heldout']) rmSync(join(root, h), { recursive: true, force: true });
const manifest = ['file\tlabel\tsubkind\tsource\tlicence\tdate\tlanguage\tcollection'];
const seq = new Map();
for (const m of kept) {
  const n = (seq.get(m.source) ?? 0) + 1;
  seq.set(m.source, n);
  const file = `${halfOf.get(m.source)}/${m.label}/${m.source}-${String(n).padStart(3, '0')}.eml`;
  mkdirSync(join(root, dirname(file)), { recursive: true });
  writeFileSync(join(root, file), m.raw);
  manifest.push([file, m.label, m.subkind, m.origin, m.licence, m.date, m.language, m.source].join('\t'));
}
writeFileSync(join(root, 'MANIFEST.tsv'), `${manifest.join('\n')}\n`);
const placed = [...new Set([...fixed.keys(), ...halfOf.keys()])].sort();
writeFileSync(halvesFile, `source\thalf\n${placed.map((s) => `${s}\t${fixed.get(s) ?? halfOf.get(s)}`).join('\n')}\n`);
const counts = ['half\tlabel\tmessages\tsources'];
for (const h of ['dev', 'heldout'])
  for (const l of ['phish', 'ham']) {
    const srcs = [...halfOf].filter(([s, x]) => x === h && count(bySource.get(s), l) > 0).map(([s]) => s);
    const n = srcs.reduce((sum, s) => sum + count(bySource.get(s), l), 0);
    counts.push(`${h}\t${l}\t${n}\t${srcs.join(',')}`);
  }
writeFileSync(join(root, 'COUNTS.tsv'), `${counts.join('\n')}\n`);
const rej = ['source\tlabel\torigin\treason', ...rejected.map((r) => [r.source, r.label, r.origin, r.why].join('\t'))];
writeFileSync(join(root, 'REJECTED.tsv'), `${rej.join('\n')}\n`);
process.stdout.write(`${counts.join('\n')}\nkept ${kept.length}, rejected ${rejected.length}\n`);
