import { readdirSync, readFileSync } from 'node:fs';
import { analyzeMessage } from '../src/phish/analyze.js';

const root = process.argv[2] ?? '/work/shared/corpora/phish/dev';
const hits: Record<string, { phish: number; ham: number }> = {};
const verdicts: Record<string, Record<string, number>> = { phish: {}, ham: {} };
const lines: string[] = [];
for (const cls of ['phish', 'ham'] as const) {
  for (const f of readdirSync(`${root}/${cls}`).sort()) {
    const r = await analyzeMessage(readFileSync(`${root}/${cls}/${f}`));
    verdicts[cls]![r.verdict] = (verdicts[cls]![r.verdict] ?? 0) + 1;
    for (const x of r.findings) {
      hits[x.rule] ??= { phish: 0, ham: 0 };
      hits[x.rule]![cls]++;
    }
    lines.push(
      `${cls}\t${f}\t${r.verdict}\t${r.score}\t${r.findings.map((x) => x.rule).join(',')}\t${r.subject.slice(0, 60)}\t${r.from.slice(0, 60)}`,
    );
  }
}
console.log(verdicts);
for (const [k, v] of Object.entries(hits).sort((a, b) => b[1].phish - a[1].phish))
  console.log(k.padEnd(28), v.phish, v.ham);
(await import('node:fs')).writeFileSync('/tmp/phishdev/out.tsv', lines.join('\n') + '\n');
