/**
 * What the receiving server recorded about who sent the message (Authentication-Results, RFC 8601):
 * whether the From domain is authenticated by an aligned DMARC, DKIM or SPF pass (RFC 7489 §3.1,
 * relaxed alignment: same registrable domain). Only the TOPMOST header counts for a pass (with
 * the headers right under it from the same receiver, when it writes one per method): it is the
 * one the receiver added last; a sender can write `dmarc=pass` into headers of its own below it
 * (RFC 8601 §5 asks receivers to strip those, and not all do).
 */
import type { ParsedMail } from '../mail/parse.js';
import { MAX_AUTH_RESULTS_SPLIT } from './limits.js';
import { domainInfo } from './url.js';

export interface AuthResult {
  method: string;
  result: string;
  /** `ptype.property` -> value (`header.from`, `header.d`, `smtp.mailfrom`...), lower case. */
  props: Map<string, string>;
}

export interface Authentication {
  /** The From domain's registrable domain when an aligned pass was recorded, else null. */
  domain: string | null;
  /** Which check aligned: 'dmarc', 'dkim' or 'spf'; null when none did. */
  how: 'dmarc' | 'dkim' | 'spf' | null;
  /** Registrable domains that signed the message with a passing DKIM signature (ESPs among them). */
  dkimDomains: string[];
  /** The signing domains (`header.d`) of those signatures as written, lower case. */
  dkimSigners: string[];
}

const METHODS = new Set(['spf', 'dkim', 'dmarc', 'compauth', 'arc']);

/**
 * Parses one Authentication-Results value: `authserv-id; method=result prop=value ...; ...`.
 * Linear: split at `;` and spaces, no regex; comments in parentheses are dropped.
 */
export function parseAuthResults(value: string): AuthResult[] {
  const out: AuthResult[] = [];
  let plain = '';
  let depth = 0;
  for (const ch of value.slice(0, 8192)) {
    if (ch === '(') depth++;
    else if (ch === ')') depth = Math.max(0, depth - 1);
    else if (depth === 0) plain += ch === '\t' || ch === '\r' || ch === '\n' ? ' ' : ch;
  }
  for (const segment of plain.toLowerCase().split(';')) {
    let current: AuthResult | null = null;
    for (const token of segment.split(' ')) {
      const eq = token.indexOf('=');
      if (eq <= 0) continue;
      const key = token.slice(0, eq);
      const val = token.slice(eq + 1);
      if (current === null && METHODS.has(key)) {
        current = { method: key, result: val, props: new Map() };
        out.push(current);
      } else if (current !== null && key.includes('.')) current.props.set(key, val);
    }
  }
  return out;
}

function registrable(domainOrAddress: string | undefined): string | null {
  if (!domainOrAddress) return null;
  const host = domainOrAddress.slice(domainOrAddress.lastIndexOf('@') + 1);
  if (host === '') return null;
  return domainInfo(host).registrableDomain;
}

/** The authserv-id of an Authentication-Results value: what comes before the first `;`, lower case. */
function authservId(value: string): string {
  const semi = value.indexOf(';');
  return (semi < 0 ? value : value.slice(0, semi)).trim().toLowerCase();
}

/** The checks a receiver's record must state itself for a header under it to be left out. */
const CORE_METHODS = new Set(['dkim', 'spf', 'dmarc']);

/**
 * The receiving server's record: the topmost Authentication-Results header, and, when it states
 * none of dkim, spf and dmarc, the headers right below it that carry the same authserv-id (a
 * receiver that writes one header per method, as Fastmail does, puts dkim and dmarc in headers of
 * their own under an `x-ptr` one). Any other header in between ends the record; a method is taken
 * from the first header that states it only, so the message's own forged header right below
 * (same authserv-id, "dmarc=pass") never adds to or overrides what the receiver said; and a pass
 * that the record also answers otherwise for the same check (fail, none, softfail...) counts as
 * not passed.
 */
export function receiverResults(mail: ParsedMail): AuthResult[] | null {
  const headers = mail.headers;
  const first = headers.findIndex((h) => h.key === 'authentication-results');
  if (first < 0) return null;
  const id = authservId(headers[first]!.value);
  const results = parseAuthResults(headers[first]!.value);
  const stated = new Set(results.map((r) => r.method));
  const split = ![...stated].some((m) => CORE_METHODS.has(m));
  for (let i = first + 1; split && i < headers.length && i - first < MAX_AUTH_RESULTS_SPLIT; i++) {
    const header = headers[i]!;
    if (header.key !== 'authentication-results' || id === '' || authservId(header.value) !== id) break;
    const added = parseAuthResults(header.value).filter((r) => !stated.has(r.method));
    for (const r of added) results.push(r);
    for (const r of added) stated.add(r.method);
  }
  const otherwise = new Set(results.filter((r) => r.result !== 'pass').map(checkKey));
  return results.filter((r) => r.result !== 'pass' || !otherwise.has(checkKey(r)));
}

/** Which check a result answers: its method (for DKIM, with the signing domain and selector). */
function checkKey(r: AuthResult): string {
  return r.method === 'dkim' ? `dkim ${r.props.get('header.d')} ${r.props.get('header.s')}` : r.method;
}

/**
 * The sender's authentication as the receiving server recorded it (receiverResults), aligned with
 * the From domain `fromDomain` (registrable).
 */
export function readAuthentication(mail: ParsedMail, fromDomain: string | null): Authentication {
  const none: Authentication = { domain: null, how: null, dkimDomains: [], dkimSigners: [] };
  const results = receiverResults(mail);
  if (results === null) return none;
  const passes = results.filter((r) => r.method === 'dkim' && r.result === 'pass');
  const dkimDomains = passes
    .map((r) => registrable(r.props.get('header.d') ?? r.props.get('header.i')))
    .filter((d): d is string => d !== null);
  const dkimSigners = passes.map((r) => r.props.get('header.d')).filter((d): d is string => d !== undefined);
  const found: Authentication = {
    domain: null,
    how: null,
    dkimDomains: [...new Set(dkimDomains)],
    dkimSigners: [...new Set(dkimSigners)],
  };
  if (fromDomain === null) return found;
  for (const how of ['dmarc', 'dkim', 'spf'] as const) {
    const aligned = results.some((r) => {
      if (r.method !== how || r.result !== 'pass') return false;
      const key = how === 'dmarc' ? 'header.from' : how === 'dkim' ? 'header.d' : 'smtp.mailfrom';
      const domain = registrable(r.props.get(key) ?? (how === 'dkim' ? r.props.get('header.i') : undefined));
      // A DMARC pass without header.from is for the message's From by definition.
      return domain === fromDomain || (how === 'dmarc' && domain === null);
    });
    if (aligned) return { ...found, domain: fromDomain, how };
  }
  return found;
}
