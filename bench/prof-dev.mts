import { readdirSync, readFileSync } from 'node:fs';
import { parseMessage } from '../src/mail/parse.js';
import { analyzeParsed } from '../src/phish/analyze.js';
const dirs = ['/work/shared/corpora/phish/dev/phish', '/work/shared/corpora/phish/dev/ham'];
const files = dirs.flatMap(d => readdirSync(d).map(f => `${d}/${f}`)).map(f => readFileSync(f));
for (let r = 0; r < 4; r++) {
  let t0 = performance.now(); const mails = []; for (const b of files) mails.push(await parseMessage(b));
  let t1 = performance.now(); for (const m of mails) analyzeParsed(m);
  let t2 = performance.now();
  console.log('mime', (t1-t0).toFixed(0), 'analyze', (t2-t1).toFixed(0));
}
