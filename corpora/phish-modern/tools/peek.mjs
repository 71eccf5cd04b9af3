#!/usr/bin/env node
// For review: read TSV lines "<tag>\t<blob>\t..." on stdin, print tag, blob, language guess
// and the first characters of each message's text, from the given git dir.
// Usage: node peek.mjs <git-dir> [chars] < candidates.tsv
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { guessLanguage, messageText } from './mail-text.mjs';

const [gitDir, charsArg] = process.argv.slice(2);
const chars = Number(charsArg ?? 160);
const rows = readFileSync(0, 'utf8').split('\n').filter(Boolean).map((l) => l.split('\t'));
for (const row of rows) {
  const raw = execFileSync('git', ['-C', gitDir, 'cat-file', 'blob', row[1]], { maxBuffer: 1 << 28 });
  const text = messageText(raw);
  process.stdout.write(`${row.join('\t')}\t${guessLanguage(text)}\t${text.slice(0, chars)}\n`);
}
