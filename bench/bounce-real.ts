/**
 * npx tsx bench/bounce-real.ts [--half dev|heldout|all] [--misses] [--by-source] [--json]
 * Scores mxdoctor's bounce analysis on corpora/bounce-real (real rejection texts as admins paste
 * them, labelled by hand): reason agreement, RFC 3463 status agreement, blocklist attribution with
 * the right IP, and look-alike negatives wrongly called a listing. Prints one block per half, and
 * with --by-source one line per source (the id's prefix: sfm, pub, rjbs, crisp, iss, pbh, flufl).
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { analyzeBounce } from '../src/bounce/index.js';
import type { BlocklistAttribution, RecipientResult } from '../src/bounce/types.js';

interface Case {
  id: string;
  source: string;
  text: string;
  expect: {
    list: string | null;
    ip: string | null;
    reason: string;
    status: string | null;
    replyCode: string | null;
  };
}

const { values } = parseArgs({
  options: {
    half: { type: 'string' },
    misses: { type: 'boolean' },
    'by-source': { type: 'boolean' },
    json: { type: 'boolean' },
    dir: { type: 'string' },
  },
});
const dir = resolve(values.dir ?? 'corpora/bounce-real');

function load(half: string): Case[] {
  return readFileSync(join(dir, `${half}.jsonl`), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Case);
}

/**
 * A zone label (two dots or more: "zen.spamhaus.org") must be the zone; a product or site label
 * ("Spamhaus", "web.de", "uribl.com") must be named in the attribution's name or zone.
 */
function listMatches(want: string, got: BlocklistAttribution): boolean {
  const w = want.toLowerCase();
  const zone = got.zone?.toLowerCase() ?? '';
  const name = got.name.toLowerCase();
  if (w.split('.').length > 2) return zone === w || (zone === '' && name.includes(w));
  const token = w.split(/[\s(]/)[0]!;
  return token === 'rbl' || name.includes(token) || zone.includes(token);
}

interface Score {
  cases: number;
  reason: number;
  status: number;
  listed: number;
  listedRight: number;
  negatives: number;
  negativesListed: number;
  /** Listings missed, by kind (aggregate, so it may be printed for a held-out half too). */
  listedMissed: { none: number; wrongList: number; wrongIp: number };
  misses: string[];
}

function first(text: string): RecipientResult | null {
  return analyzeBounce(Buffer.from(text, 'utf8')).recipients[0] ?? null;
}

function score(cases: Case[]): Score {
  const s: Score = {
    cases: cases.length,
    reason: 0,
    status: 0,
    listed: 0,
    listedRight: 0,
    negatives: 0,
    negativesListed: 0,
    listedMissed: { none: 0, wrongList: 0, wrongIp: 0 },
    misses: [],
  };
  for (const c of cases) {
    const r = first(c.text);
    const miss: string[] = [];
    if (r?.reason === c.expect.reason) s.reason++;
    else miss.push(`reason ${r?.reason ?? '-'} != ${c.expect.reason}`);
    if ((r?.status ?? null) === c.expect.status) s.status++;
    else miss.push(`status ${r?.status ?? null} != ${c.expect.status}`);
    const got = r?.blocklist ?? null;
    if (c.expect.list !== null) {
      s.listed++;
      const ok = got !== null && listMatches(c.expect.list, got) && got.ip === c.expect.ip;
      if (ok) s.listedRight++;
      else if (got === null) s.listedMissed.none++;
      else if (!listMatches(c.expect.list, got)) s.listedMissed.wrongList++;
      else s.listedMissed.wrongIp++;
      if (!ok)
        miss.push(
          `list ${got ? `${got.name}/${got.zone}/${got.ip}` : null} != ${c.expect.list}/${c.expect.ip}`,
        );
    } else {
      s.negatives++;
      if (got !== null) {
        s.negativesListed++;
        miss.push(`negative called ${got.name}`);
      }
    }
    if (miss.length > 0) s.misses.push(`${c.id}: ${miss.join('; ')}`);
  }
  return s;
}

const pct = (n: number, d: number) => (d === 0 ? '-' : `${((100 * n) / d).toFixed(1)}%`);
const halves = values.half && values.half !== 'all' ? [values.half] : ['dev', 'heldout'];
const results: Record<string, Score> = {};
for (const half of halves) {
  const s = score(load(half));
  results[half] = s;
  if (values.json) continue;
  console.log(`${half}: ${s.cases} texts`);
  console.log(`  reason agreement        ${pct(s.reason, s.cases)}`);
  console.log(`  RFC 3463 status         ${pct(s.status, s.cases)}`);
  const m = s.listedMissed;
  console.log(
    `  attribution (right IP)  ${s.listedRight}/${s.listed} ${pct(s.listedRight, s.listed)}  (missed: ${m.none} no list, ${m.wrongList} another list, ${m.wrongIp} right list, other IP)`,
  );
  console.log(`  negatives called listed ${s.negativesListed}/${s.negatives}`);
  if (values.misses) for (const m of s.misses) console.log(`    ${m}`);
  if (values['by-source']) printBySource(load(half));
}

function printBySource(cases: Case[]): void {
  const groups = new Map<string, Case[]>();
  for (const c of cases) {
    const key = c.id.split('-')[0]!;
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  for (const [key, group] of groups) {
    const g = score(group);
    console.log(
      `  ${key.padEnd(6)} ${String(g.cases).padStart(4)} texts  reason ${pct(g.reason, g.cases)}  status ${pct(g.status, g.cases)}  listed ${g.listedRight}/${g.listed}  negatives listed ${g.negativesListed}/${g.negatives}`,
    );
  }
}
if (values.json) {
  const out = Object.fromEntries(
    Object.entries(results).map(([half, s]) => [half, { ...s, misses: s.misses.length }]),
  );
  console.log(JSON.stringify(out));
}
