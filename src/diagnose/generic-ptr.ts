import { getDomain } from 'tldts';
import type { ParsedIp } from '../core/ip.js';
import patterns from './generic-ptr-patterns.json' with { type: 'json' };

export type PtrKind = 'generic' | 'dynamic' | 'specific';

export interface PtrClassification {
  kind: PtrKind;
  /** Why, in words: which part of the name encodes the address or which word gave it away. */
  reason: string | null;
}

const STRONG = new Set(patterns.strongWords);
const WEAK = new Set(patterns.weakWords);
const MAIL = new Set(patterns.mailWords);

/**
 * Classifies a PTR name the way policy lists (Spamhaus PBL style) and big receivers do:
 * `dynamic` when it carries an end-user pool word (dhcp, dsl, pool...), `generic` when it
 * encodes the address itself (`host-198-51-100-7.isp.example`, `7.100.51.198.static.isp`,
 * hex `c6336407`), otherwise `specific`. Only the labels left of the registrable domain count:
 * `mail.dsl-provider.example` is the provider's own mail host, not a DSL pool.
 *
 * @example classifyPtr('7.100.51.198.dynamic.isp.example', parseIp('198.51.100.7')!).kind // 'dynamic'
 */
export function classifyPtr(name: string, ip: ParsedIp): PtrClassification {
  const lower = name.toLowerCase().replace(/\.$/, '');
  const registrable = getDomain(lower);
  const hostPart =
    registrable && lower.endsWith(`.${registrable}`) ? lower.slice(0, -registrable.length - 1) : '';
  if (!hostPart) return { kind: 'specific', reason: null };
  const encoded = encodesAddress(hostPart, ip);
  const words = hostPart.split(/[^a-z0-9]+/).filter((w) => w && !/^\d+$/.test(w));
  const base = (w: string) => w.replace(/\d+$/, '');
  const strong = words.find((w) => STRONG.has(w) || STRONG.has(base(w)));
  if (strong)
    return {
      kind: 'dynamic',
      reason: `the name contains "${strong}", a word ISPs use for end-user address pools`,
    };
  if (!encoded) return { kind: 'specific', reason: null };
  if (words.some((w) => MAIL.has(w) || MAIL.has(base(w)))) return { kind: 'specific', reason: null };
  const weak = words.find((w) => WEAK.has(w) || WEAK.has(base(w)));
  const why = `the name encodes the address (${encoded})${weak ? ` next to "${weak}"` : ''}`;
  return { kind: 'generic', reason: why };
}

/** The matched fragment when the host labels spell the address (either order, any separator, hex or zero-padded). */
function encodesAddress(host: string, ip: ParsedIp): string | null {
  if (ip.family === 6) {
    const groups = ip.text.split(':').filter((g) => g.length >= 2);
    const hits = groups.filter((g) => host.includes(g.toLowerCase()));
    return groups.length > 0 && hits.length >= Math.min(3, groups.length) ? hits.join(':') : null;
  }
  const octets = ip.text.split('.');
  const numbers = host.match(/\d+/g) ?? [];
  const forward = octets.join('|');
  const reversed = [...octets].reverse().join('|');
  for (let i = 0; i + 4 <= numbers.length; i++) {
    const window = numbers
      .slice(i, i + 4)
      .map((n) => String(Number(n)))
      .join('|');
    if (window === forward || window === reversed) return numbers.slice(i, i + 4).join('-');
  }
  const hex = octets.map((o) => Number(o).toString(16).padStart(2, '0')).join('');
  if (host.replace(/[^a-f0-9]/g, '').includes(hex)) return hex;
  const padded = octets.map((o) => o.padStart(3, '0')).join('');
  if (host.replace(/\D/g, '').includes(padded)) return padded;
  return null;
}
