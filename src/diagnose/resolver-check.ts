import type { DnsOutcome, Resolver } from '../dns/types.js';
import { finding } from './fixes.js';
import { unknownItem } from './items.js';
import type { ResolverCheck, SectionId } from './types.js';

/**
 * Asks the resolver for names that always exist before any finding is drawn from its answers:
 * the root's NS and the target's TLD's NS (`in-addr.arpa`/`ip6.arpa`'s parent `arpa` for an
 * address). NXDOMAIN for either is a resolver that lies (a sandbox or filter answering "no such
 * name" for everything: it would make any domain "not exist"); no response to either is a
 * resolver that is not there. REFUSED or SERVFAIL prove nothing either way (an authoritative-only
 * server refuses the root): each part then reports its own failure as `unknown`.
 */
export async function checkResolver(resolver: Resolver, targetName: string): Promise<ResolverCheck> {
  const tld = targetName.includes(':') || /^[\d.]+$/.test(targetName) ? 'arpa' : lastLabel(targetName);
  const [root, top] = await Promise.all([resolver.query('.', 'NS'), resolver.query(tld, 'NS')]);
  const evidence = [`root NS: ${describe(root)}`, `${tld} NS: ${describe(top)}`];
  if (root.status === 'answer' || top.status === 'answer') return { verdict: 'ok', evidence };
  const denied = [
    root.status === 'nxdomain' ? 'the root' : null,
    top.status === 'nxdomain' ? `"${tld}"` : null,
  ];
  const named = denied.filter((x) => x !== null);
  const lies =
    named.length === 2 ? `${named.join(' and ')} do not exist` : named[0] ? `${named[0]} does not exist` : '';
  if (lies) {
    return {
      verdict: 'broken',
      reason: `the resolver says ${lies} (NXDOMAIN): it answers "no such name" for names that exist, so nothing it says about ${targetName} can be trusted`,
      evidence,
    };
  }
  if (!responded(root) && !responded(top)) {
    return {
      verdict: 'broken',
      reason: `the resolver does not answer (${messageOf(root)}): nothing about ${targetName} could be looked up`,
      evidence,
    };
  }
  return { verdict: 'ok', evidence };
}

/** The DNS parts a broken resolver leaves unknown, per section. */
const DNS_PARTS: { section: SectionId; part: string }[] = [
  { section: 'mx', part: 'mx' },
  { section: 'rdns', part: 'rdns' },
  { section: 'spf', part: 'spf' },
  { section: 'dmarc', part: 'dmarc' },
  { section: 'transport', part: 'mta-sts/tls-rpt' },
  { section: 'blocklists', part: 'lists' },
];

/**
 * The report's items when the resolver is broken: the resolver as the one problem, each DNS
 * part `unknown` (never "does not exist" nor "no SPF": the resolver could not know).
 */
export function brokenResolverItems(check: ResolverCheck & { verdict: 'broken' }, kind: 'domain' | 'ip') {
  const title = 'the DNS resolver does not work';
  const resolver = finding('resolver', 'resolver', 'problem', title, 'resolver.broken');
  resolver.evidence.push(check.reason, ...check.evidence);
  const parts = DNS_PARTS.filter((p) => kind === 'domain' || ['rdns', 'blocklists'].includes(p.section));
  const unknown = parts.map((p) =>
    unknownItem(
      `incomplete.${p.part}`,
      p.section,
      `${p.part}: not checked`,
      'the resolver does not work (see above)',
    ),
  );
  return [resolver, ...unknown];
}

function lastLabel(name: string): string {
  const labels = name.replace(/\.$/, '').split('.');
  return labels[labels.length - 1] ?? name;
}

function responded(outcome: DnsOutcome<string>): boolean {
  return outcome.status !== 'timeout' && outcome.status !== 'error';
}

function messageOf(outcome: DnsOutcome<string>): string {
  return (outcome.status !== 'answer' ? outcome.message : undefined) ?? outcome.status;
}

function describe(outcome: DnsOutcome<string>): string {
  if (outcome.status === 'answer') return `${outcome.records.length} record(s)`;
  return outcome.message ? `${outcome.status} (${outcome.message})` : outcome.status;
}
