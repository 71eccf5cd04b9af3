import { readdirSync, readFileSync } from 'node:fs';
import { analyzeMessage } from '../src/phish/analyze.js';

const root = '/work/shared/corpora/phish/dev';
const c: Record<string, Record<string, number>> = {};
for (const cls of ['phish', 'ham'])
  for (const f of readdirSync(`${root}/${cls}`)) {
    const r = await analyzeMessage(readFileSync(`${root}/${cls}/${f}`));
    for (const x of r.findings)
      if (x.rule.endsWith('lure'))
        for (const p of x.evidence[0]!.split(', ')) {
          c[p] ??= { phish: 0, ham: 0 };
          c[p][cls]!++;
        }
  }
for (const [k, v] of Object.entries(c).sort((a, b) => b[1].ham - a[1].ham))
  console.log(k.padEnd(30), v.phish, v.ham);
