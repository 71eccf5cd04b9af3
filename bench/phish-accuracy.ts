/**
 * npm run bench:phish-accuracy -- --corpus DIR [--corpus DIR2 ...] [--half dev|heldout] [--dump FILE]
 *
 * Accuracy of the phishing analysis on corpora split before any rule was written. DIR holds
 * either `dev/` and `heldout/` halves (each with `phish/` and `ham/`), or `phish/` and `ham/`
 * directly (one set). The held-out half is printed first. For each set: detection (phish judged
 * suspicious-or-worse), phish judged `phishing`, legitimate mail judged `phishing` and judged
 * suspicious-or-worse; with a MANIFEST.tsv (file, label, subkind...) beside the halves, the same
 * per subkind, and which rules fired on the legitimate mail judged suspicious-or-worse, counted per
 * rule (aggregate only, so a held-out half can be reported without reading its items). A corpus
 * may hold legitimate mail only (no `phish/`). `--half` scores one half only (`--dump` with
 * `--half dev` lists the dev items). Ends with one JSON line. In-process, one pass: accuracy, not
 * speed (bench:phish).
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { analyzeMessage } from '../src/phish/analyze.js';
import type { Verdict } from '../src/phish/types.js';

interface Judged {
  file: string;
  label: 'phish' | 'ham';
  subkind: string;
  verdict: Verdict;
  score: number;
  rules: string[];
}

interface Figures {
  phish: number;
  ham: number;
  detection: number;
  phishing: number;
  legitPhishing: number;
  legitFlagged: number;
}

const pct = (n: number, d: number) => (d === 0 ? 0 : Math.round((1000 * n) / d) / 10);

function figures(judged: readonly Judged[]): Figures {
  const phish = judged.filter((j) => j.label === 'phish');
  const ham = judged.filter((j) => j.label === 'ham');
  return {
    phish: phish.length,
    ham: ham.length,
    detection: pct(phish.filter((j) => j.verdict !== 'clean').length, phish.length),
    phishing: pct(phish.filter((j) => j.verdict === 'phishing').length, phish.length),
    legitPhishing: pct(ham.filter((j) => j.verdict === 'phishing').length, ham.length),
    legitFlagged: pct(ham.filter((j) => j.verdict !== 'clean').length, ham.length),
  };
}

function readManifest(dir: string): Map<string, string> {
  const subkinds = new Map<string, string>();
  const path = join(dir, 'MANIFEST.tsv');
  if (!existsSync(path)) return subkinds;
  for (const line of readFileSync(path, 'utf8').split('\n').slice(1)) {
    const [file, , subkind] = line.split('\t');
    if (file && subkind) subkinds.set(file, subkind);
  }
  return subkinds;
}

async function judgeSet(root: string, half: string, subkinds: Map<string, string>): Promise<Judged[]> {
  const out: Judged[] = [];
  for (const label of ['phish', 'ham'] as const) {
    const dir = join(root, half, label);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir).sort()) {
      const rel = join(half, label, name);
      const report = await analyzeMessage(readFileSync(join(dir, name)));
      out.push({
        file: rel,
        label,
        subkind: subkinds.get(rel) ?? label,
        verdict: report.verdict,
        score: report.score,
        rules: report.findings.map((f) => f.rule),
      });
    }
  }
  return out;
}

/** How many legitimate messages judged suspicious-or-worse each rule fired on, most first. */
function legitRules(judged: readonly Judged[]): Record<string, number> {
  const counts = new Map<string, number>();
  for (const j of judged)
    if (j.label === 'ham' && j.verdict !== 'clean')
      for (const rule of new Set(j.rules)) counts.set(rule, (counts.get(rule) ?? 0) + 1);
  return Object.fromEntries([...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])));
}

function line(label: string, f: Figures): string {
  return `${label.padEnd(34)} detection ${String(f.detection).padStart(5)}% (phishing ${String(f.phishing).padStart(5)}%) of ${String(f.phish).padStart(4)} | legit judged phishing ${String(f.legitPhishing).padStart(4)}%, suspicious-or-worse ${String(f.legitFlagged).padStart(5)}% of ${f.ham}`;
}

function bySubkind(
  judged: readonly Judged[],
): Record<string, { n: number; flagged: number; phishing: number }> {
  const out: Record<string, { n: number; flagged: number; phishing: number }> = {};
  for (const j of judged) {
    const key = `${j.label}/${j.subkind}`;
    const s = out[key] ?? { n: 0, flagged: 0, phishing: 0 };
    out[key] = s;
    s.n++;
    if (j.verdict !== 'clean') s.flagged++;
    if (j.verdict === 'phishing') s.phishing++;
  }
  return out;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      corpus: { type: 'string', multiple: true },
      half: { type: 'string' },
      dump: { type: 'string' },
    },
  });
  if (values.half !== undefined && values.half !== 'dev' && values.half !== 'heldout')
    throw new Error(`--half must be dev or heldout, not ${values.half}`);
  const corpora = values.corpus ?? ['corpora/phish-modern'];
  const results: Record<string, unknown> = {};
  const dump: string[] = [];
  for (const corpus of corpora) {
    const root = resolve(corpus);
    const halves = ['heldout', 'dev'].filter(
      (h) => existsSync(join(root, h)) && (values.half === undefined || values.half === h),
    );
    const subkinds = readManifest(root);
    for (const half of halves.length > 0 ? halves : ['.']) {
      const judged = await judgeSet(root, half, subkinds);
      const name = `${basename(root)}${half === '.' ? '' : `/${half}`}`;
      const f = figures(judged);
      console.log(line(name, f));
      const kinds = bySubkind(judged);
      if (subkinds.size > 0)
        for (const [kind, s] of Object.entries(kinds))
          console.log(
            `    ${kind.padEnd(30)} ${String(s.n).padStart(4)}: suspicious-or-worse ${pct(s.flagged, s.n)}%, phishing ${pct(s.phishing, s.n)}%`,
          );
      const rules = legitRules(judged);
      if (Object.keys(rules).length > 0)
        console.log(
          `    legit flagged, by rule: ${Object.entries(rules)
            .map(([r, n]) => `${r} ${n}`)
            .join(', ')}`,
        );
      results[name] = { ...f, bySubkind: kinds, legitFlaggedByRule: rules };
      for (const j of judged)
        dump.push([name, j.file, j.label, j.subkind, j.verdict, j.score, j.rules.join(',')].join('\t'));
    }
  }
  if (values.dump) writeFileSync(values.dump, `${dump.join('\n')}\n`);
  console.log(JSON.stringify({ bench: 'phish-accuracy', results }));
}

await main();
