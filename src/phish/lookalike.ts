/**
 * Lookalike detection for domain labels: the Unicode confusable skeleton (UTS #39 §4, via the
 * `confusables` package's TR39-derived table) plus the ASCII look-alikes TR39 also lists and
 * the package leaves out (rn -> m, vv -> w, 0 -> o, 1 -> l), and a bounded edit distance for
 * typo-squats.
 */
import { remove as removeConfusables } from 'confusables';
import { BRANDS, type Brand } from './brands.js';

const ASCII_CONFUSABLES: ReadonlyArray<[string, string]> = [
  ['rn', 'm'],
  ['vv', 'w'],
  ['0', 'o'],
  ['1', 'l'],
  ['|', 'l'],
];

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 127) return false;
  return true;
}

/** The confusable skeleton of a label: two labels with one skeleton look the same to a reader. */
export function skeleton(label: string): string {
  // ASCII has no confusables beyond the ASCII pairs below: skip NFKC and the table lookup.
  let s = isAscii(label) ? label.toLowerCase() : removeConfusables(label.normalize('NFKC')).toLowerCase();
  for (const [from, to] of ASCII_CONFUSABLES) s = s.replaceAll(from, to);
  return s;
}

/**
 * Optimal-string-alignment distance (Levenshtein plus adjacent swaps), giving up once it must
 * exceed `max`: O(len * max) on labels of at most 63 characters.
 */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        v = Math.min(v, prev2[j - 2]! + 1);
      row.push(v);
      rowMin = Math.min(rowMin, v);
    }
    if (rowMin > max) return max + 1;
    prev2 = prev;
    prev = row;
  }
  return prev[b.length]!;
}

interface BrandLabel {
  label: string;
  skeleton: string;
  brand: Brand;
}

/** The label a registrant chose: the first label of a registrable domain (`google` of google.com.br). */
function labelOf(domain: string): string {
  const dot = domain.indexOf('.');
  return dot < 0 ? domain : domain.slice(0, dot);
}

interface LabelTables {
  /** Brand-domain labels of 5+ letters by confusable skeleton (`paypal` of paypal.com). */
  bySkeleton: Map<string, BrandLabel[]>;
  /** Every brand-domain label: one brand's name is never a typo of another's. */
  all: Set<string>;
  /**
   * Typo-squat targets: only the label of each brand's main domain (its first), since secondary
   * domains are often everyday words (windows, live, office) that honest names sit next to.
   */
  typo: BrandLabel[];
}

let tables: LabelTables | null = null;

/** Built on the first foreign link domain: a message without links never pays for it. */
function labelTables(): LabelTables {
  if (tables !== null) return tables;
  const bySkeleton = new Map<string, BrandLabel[]>();
  for (const brand of BRANDS)
    for (const domain of brand.domains) {
      const label = labelOf(domain);
      if (label.length < 5) continue;
      const entry = { label, skeleton: skeleton(label), brand };
      bySkeleton.set(entry.skeleton, [...(bySkeleton.get(entry.skeleton) ?? []), entry]);
    }
  const typo = BRANDS.filter((b) => !b.commonWord && b.domains[0] !== undefined)
    .map((brand) => ({ label: labelOf(brand.domains[0]!), skeleton: '', brand }))
    .filter((b) => b.label.length >= 6);
  tables = { bySkeleton, all: new Set(BRANDS.flatMap((b) => b.domains.map(labelOf))), typo };
  return tables;
}

export interface LabelMatch {
  brand: Brand;
  brandLabel: string;
  how: 'confusable' | 'typo';
}

/**
 * Compares the registrable label of a domain the brand does not own against brand labels.
 * Typos count from 6 letters at distance 1 and from 9 at distance 2, and never for brands whose
 * name is an everyday word (target/targets); confusables count at any length.
 */
export function matchBrandLabel(label: string): LabelMatch | null {
  const cached = LABEL_CACHE.get(label);
  if (cached !== undefined) return cached;
  if (LABEL_CACHE.size >= MAX_LABEL_CACHE) LABEL_CACHE.clear();
  const match = compareLabel(label);
  LABEL_CACHE.set(label, match);
  return match;
}

/** Labels already compared (each costs a pass over every brand label): bounded, cleared when full. */
const LABEL_CACHE = new Map<string, LabelMatch | null>();
const MAX_LABEL_CACHE = 8192;

function compareLabel(label: string): LabelMatch | null {
  const lower = label.toLowerCase();
  const { bySkeleton, all, typo } = labelTables();
  for (const b of bySkeleton.get(skeleton(lower)) ?? []) {
    if (b.label !== lower) return { brand: b.brand, brandLabel: b.label, how: 'confusable' };
  }
  // One brand's name is never a typo of another's (paypay and paypal are both real).
  if (lower.length < 6 || all.has(lower)) return null;
  const counts = letterCounts(lower);
  for (const b of typo) {
    const max = b.label.length >= 9 ? 2 : 1;
    if (b.label === lower || Math.abs(b.label.length - lower.length) > max) continue;
    if (counts !== null && unmatchedLetters(counts, b.label, lower.length) > max) continue;
    if (editDistance(lower, b.label, max) <= max) return { brand: b.brand, brandLabel: b.label, how: 'typo' };
  }
  return null;
}

/** How many times each ASCII character occurs in `label`; null when it has others. */
function letterCounts(label: string): Int16Array | null {
  const counts = new Int16Array(128);
  for (let i = 0; i < label.length; i++) {
    const code = label.charCodeAt(i);
    if (code > 127) return null;
    counts[code]!++;
  }
  return counts;
}

/**
 * A lower bound of the edit distance, to skip the full comparison: a swap keeps the letters, and
 * an insertion, deletion or substitution changes by one at most both the letters of `other`
 * missing from the label and the label's missing from `other`. (Most labels share too few
 * letters with a brand's: the distance itself was 8% of the analysis of 600 messages.)
 */
function unmatchedLetters(counts: Int16Array, other: string, labelLength: number): number {
  let missing = 0;
  for (let i = 0; i < other.length; i++) {
    const code = other.charCodeAt(i);
    if (code > 127 || --counts[code]! < 0) missing++;
  }
  for (let i = 0; i < other.length; i++) {
    const code = other.charCodeAt(i);
    if (code <= 127) counts[code]!++;
  }
  // Letters of the label missing from `other` = missing + (label length - other's length).
  return missing + Math.max(0, labelLength - other.length);
}
