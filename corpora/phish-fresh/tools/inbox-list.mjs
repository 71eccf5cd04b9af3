#!/usr/bin/env node
// List every message of a public-inbox git mirror (one commit per message, blob "m")
// as TSV on stdout: commit, blob, date header, from, subject, reply flag, list-id.
// Used to pick candidates by hand; message bytes are never altered.
// Usage: node inbox-list.mjs <git-dir> [since-year]
import { execFileSync } from 'node:child_process';
import { parseHeaders, headerValue } from './mail-headers.mjs';

const [gitDir, sinceArg] = process.argv.slice(2);
const since = Number(sinceArg ?? 2018);
const git = (...args) => {
  const opts = typeof args.at(-1) === 'object' ? args.pop() : {};
  return execFileSync('git', ['-C', gitDir, ...args], { maxBuffer: 2 ** 31 - 1, ...opts });
};

// commit -> blob id of "m" (skip commits that delete it)
const lines = git('log', '--format=%H', '--raw', '--no-abbrev', '--diff-filter=AM', '--', 'm')
  .toString()
  .split('\n');
let commit = '';
const pairs = [];
for (const line of lines) {
  if (/^[0-9a-f]{40}$/.test(line)) commit = line;
  else if (line.startsWith(':')) pairs.push([commit, line.split(/\s+/)[3]]);
}
const clean = (s) => (s ?? '').replace(/[\t\r\n]+/g, ' ').slice(0, 160);
// One `git cat-file --batch` for all blobs: one process instead of one per message.
const batch = git('cat-file', '--batch', { input: pairs.map(([, b]) => b).join('\n') });
let pos = 0;
for (const [c, blob] of pairs) {
  const nl = batch.indexOf(10, pos);
  const head = batch.subarray(pos, nl).toString();
  pos = nl + 1;
  if (head.endsWith('missing')) continue; // blobs of 4 MiB and more are not in the snapshot
  const size = Number(head.split(' ')[2]);
  const raw = batch.subarray(pos, pos + size);
  pos += size + 1;
  const headers = parseHeaders(raw);
  const date = headerValue(headers, 'date');
  const year = new Date(date).getUTCFullYear();
  if (!(year >= since)) continue;
  const reply = headerValue(headers, 'in-reply-to') || headerValue(headers, 'references') ? 'reply' : 'new';
  const out = [c, blob, clean(date), clean(headerValue(headers, 'from')), clean(headerValue(headers, 'subject'))];
  out.push(reply, clean(headerValue(headers, 'list-id')), String(raw.length));
  process.stdout.write(`${out.join('\t')}\n`);
}
