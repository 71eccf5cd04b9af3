/**
 * MTA identification from the greeting, the EHLO reply and the host name, driven by the data
 * in mta-fingerprints.json (adding a product is a data change). The first entry that matches
 * wins, so the file lists specific products before the generic ones they resemble.
 */
import data from './mta-fingerprints.json' with { type: 'json' };
import type { MtaIdentity, Remedy } from './types.js';

interface Alternative {
  greeting?: string;
  ehlo?: string;
  host?: string;
}

interface FingerprintEntry {
  id: string;
  name: string;
  match: Alternative[];
  version?: string;
  confidence: string;
  fix: { text: string; steps: string[] };
  sources: string[];
}

interface Compiled {
  entry: FingerprintEntry;
  alternatives: { greeting?: RegExp; ehlo?: RegExp; host?: RegExp }[];
  version: RegExp | null;
}

let compiled: Compiled[] | null = null;

function compile(): Compiled[] {
  compiled ??= (data.mtas as FingerprintEntry[]).map((entry) => ({
    entry,
    alternatives: entry.match.map((alt) => {
      const out: { greeting?: RegExp; ehlo?: RegExp; host?: RegExp } = {};
      if (alt.greeting) out.greeting = new RegExp(alt.greeting, 'i');
      if (alt.ehlo) out.ehlo = new RegExp(alt.ehlo, 'i');
      if (alt.host) out.host = new RegExp(alt.host, 'i');
      return out;
    }),
    version: entry.version ? new RegExp(entry.version, 'i') : null,
  }));
  return compiled;
}

export interface FingerprintInput {
  host: string;
  /** The greeting's text lines (codes stripped), joined by newlines. */
  greeting: string | null;
  /** The EHLO reply's text lines (codes stripped), joined by newlines. */
  ehlo: string | null;
}

/**
 * Names the MTA, or null when nothing matches.
 *
 * @example
 * identifyMta({ host: 'mx.example.test', greeting: 'mx.example.test ESMTP Exim 4.96 Thu, 26 Nov 2026', ehlo: null });
 * // { id: 'exim', name: 'Exim', version: '4.96', evidence: 'greeting' }
 */
export function identifyMta(input: FingerprintInput): MtaIdentity | null {
  for (const { entry, alternatives, version } of compile()) {
    for (const alt of alternatives) {
      if (!matches(alt.greeting, input.greeting) || !matches(alt.ehlo, input.ehlo)) continue;
      if (!matches(alt.host, input.host)) continue;
      const evidence = alt.greeting ? 'greeting' : alt.ehlo ? 'ehlo' : 'host name';
      const found = version?.exec(input.greeting ?? '')?.[1] ?? version?.exec(input.ehlo ?? '')?.[1] ?? null;
      return { id: entry.id, name: entry.name, version: found, evidence };
    }
  }
  return null;
}

function matches(pattern: RegExp | undefined, text: string | null): boolean {
  if (!pattern) return true;
  return text !== null && pattern.test(text);
}

/** The fix for an identified MTA, from the same data file. */
export function remedyFor(mta: MtaIdentity): Remedy | null {
  const entry = compile().find((c) => c.entry.id === mta.id)?.entry;
  if (!entry) return null;
  return { mta: entry.name, text: entry.fix.text, steps: entry.fix.steps, sources: entry.sources };
}

/** The fix for an MTA that could not be identified. */
export function genericRemedy(): Remedy {
  return {
    mta: 'unknown MTA',
    text: 'Make the server reject unknown recipients during the SMTP session (a 550 5.1.1 to RCPT) instead of accepting them and bouncing later, and relay only for your own networks and authenticated users.',
    steps: [
      'Give the server (or the gateway in front of it) the list of valid recipients: directory sync, LDAP, or a recipient callout to the mailbox server.',
      'Remove catch-all addresses.',
    ],
    sources: ['RFC 5321 §3.6.2 (relaying)'],
  };
}

/** Open relay fix text, per MTA id where it differs from the generic advice. */
export function relayRemedy(mtaId: string | null): string {
  switch (mtaId) {
    case 'postfix':
    case 'zimbra':
      return 'Postfix: smtpd_relay_restrictions = permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination, and mynetworks listing only your own hosts (never 0.0.0.0/0 or a whole provider range).';
    case 'exim':
      return 'Exim: in acl_check_rcpt keep `require domains = +local_domains : +relay_to_domains` for hosts not in relay_from_hosts, and keep relay_from_hosts to your own networks.';
    case 'sendmail':
      return 'Sendmail: remove promiscuous_relay / relay_entire_domain features and open RELAY entries from the access db.';
    default:
      return 'Allow relaying only for your own networks and for authenticated users; refuse every other recipient domain.';
  }
}
