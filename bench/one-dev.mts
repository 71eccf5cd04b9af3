import { readFileSync } from 'node:fs';
import { analyzeMessage } from '/work/main/src/phish/analyze.ts';

const r = await analyzeMessage(readFileSync(process.argv[2]!));
console.log(JSON.stringify({ ...r, links: r.links.slice(0, Number(process.argv[3] ?? 5)) }, null, 1));
