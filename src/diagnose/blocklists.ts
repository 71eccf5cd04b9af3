import ipaddr from 'ipaddr.js';
import type { TargetReport, ZoneResult } from '../check/types.js';
import { finding } from './fixes.js';
import { item } from './items.js';
import type { DiagnoseItem } from './types.js';

/** Shown per listing in the evidence; the rest are counted. */
const MAX_LISTINGS_SHOWN = 12;

/**
 * Items for the blocklist results: the address's own listings (scope `ip`), its neighbourhood
 * (lists that work by range or network, UCEPROTECT level 2/3: not the admin's doing, and not
 * removable by them), and the domain's listings on domain lists.
 */
export function blocklistItems(reports: readonly TargetReport[]): DiagnoseItem[] {
  const items: DiagnoseItem[] = [];
  for (const report of reports) {
    if (report.kind === 'domain') items.push(...domainItems(report));
    else items.push(...ipItems(report));
  }
  items.push(...neighbourhoodItems(reports.filter((r) => r.kind === 'ip')));
  return items;
}

function describe(r: ZoneResult): string {
  const codes = r.codes.length ? ` ${r.codes.join(',')}` : '';
  const meaning = r.meaning ? ` (${r.meaning})` : '';
  const txt = r.txt ? ` "${r.txt}"` : '';
  return `${r.name || r.zone}${codes}${meaning}${txt}`;
}

function delistLines(listed: readonly ZoneResult[]): string {
  const steps = listed.map(
    (r) =>
      `${r.name || r.zone}: ${r.policy ?? 'fix the cause, then request removal'}${r.delist ? ` (${r.delist})` : ''}`,
  );
  return `Find and stop the cause first (a compromised account, an open relay, backscatter, a spam-sending script), then delist: ${steps.join('; ')}`;
}

function ipItems(report: TargetReport): DiagnoseItem[] {
  const own = report.results.filter((r) => r.scope === 'ip');
  const listed = own.filter((r) => r.status === 'listed');
  const id = `lists.ip:${report.target}`;
  if (listed.length > 0) {
    const title = `${report.target} is listed on ${listed.length} blocklist(s)`;
    const bad = finding(id, 'blocklists', 'problem', title, 'lists.ip', { delist: delistLines(listed) });
    bad.evidence.push(...listed.slice(0, MAX_LISTINGS_SHOWN).map(describe));
    if (listed.length > MAX_LISTINGS_SHOWN)
      bad.evidence.push(`... and ${listed.length - MAX_LISTINGS_SHOWN} more`);
    return [bad];
  }
  return [cleanOrUnknown(id, report.target, own)];
}

function domainItems(report: TargetReport): DiagnoseItem[] {
  const results = report.results.filter((r) => r.address === undefined);
  const listed = results.filter((r) => r.status === 'listed');
  const id = `lists.domain:${report.target}`;
  if (listed.length > 0) {
    const title = `the domain ${report.target} is listed on ${listed.length} domain list(s)`;
    const bad = finding(id, 'blocklists', 'problem', title, 'lists.domain', { delist: delistLines(listed) });
    bad.evidence.push(...listed.map(describe));
    return [bad];
  }
  return [cleanOrUnknown(id, `the domain ${report.target}`, results)];
}

function cleanOrUnknown(id: string, subject: string, results: readonly ZoneResult[]): DiagnoseItem {
  const clean = results.filter((r) => r.status === 'clean').length;
  const failed = results.filter(
    (r) => r.status === 'error' || r.status === 'unhealthy' || r.status === 'unverified',
  );
  if (clean === 0) {
    const unknown = item(
      id,
      'blocklists',
      'unknown',
      `blocklist status of ${subject} could not be determined`,
      0,
    );
    unknown.evidence.push(
      results.length === 0 ? 'no list applies' : `every query failed (${failed.length} lists)`,
    );
    for (const r of failed.slice(0, MAX_LISTINGS_SHOWN))
      unknown.evidence.push(`${r.name || r.zone}: ${r.error ?? r.status}`);
    return unknown;
  }
  const ok = item(id, 'blocklists', 'ok', `${subject} is not listed (${clean} lists answered)`, 0);
  if (failed.length > 0) {
    ok.evidence.push(`${failed.length} list(s) gave no usable answer:`);
    for (const r of failed.slice(0, MAX_LISTINGS_SHOWN))
      ok.evidence.push(`${r.name || r.zone}: ${r.error ?? r.status}`);
  }
  return ok;
}

/** The /24 an IPv4 address belongs to, or the /64 of an IPv6 address. */
export function neighbourhoodOf(ip: string): string {
  if (ip.includes(':')) {
    const network = ipaddr.IPv6.networkAddressFromCIDR(`${ip}/64`) as ipaddr.IPv6;
    return `${network.toRFC5952String()}/64`;
  }
  return `${ip.split('.').slice(0, 3).join('.')}.0/24`;
}

/**
 * One item per /24 for listings whose scope is the range or the network: they are caused by
 * the neighbours and cannot be removed by the address's owner (UCEPROTECT level 2 expires when
 * the level 1 listings in the range do; level 3 covers the whole ASN).
 */
function neighbourhoodItems(reports: readonly TargetReport[]): DiagnoseItem[] {
  const groups = new Map<string, { addresses: Set<string>; listings: Map<string, ZoneResult> }>();
  for (const report of reports) {
    for (const r of report.results) {
      if (r.scope === 'ip' || r.status !== 'listed') continue;
      const key = neighbourhoodOf(report.target);
      const group = groups.get(key) ?? { addresses: new Set(), listings: new Map() };
      group.addresses.add(report.target);
      group.listings.set(r.zone, r);
      groups.set(key, group);
    }
  }
  return [...groups].map(([range, group]) => {
    const listings = [...group.listings.values()];
    const ownListed = reports.some(
      (r) =>
        group.addresses.has(r.target) && r.results.some((z) => z.scope === 'ip' && z.status === 'listed'),
    );
    const found = finding(
      `lists.neighbourhood:${range}`,
      'blocklists',
      'warning',
      `the neighbourhood ${range} is listed on ${listings.length} range list(s)`,
      'lists.neighbourhood',
      { range },
    );
    found.evidence.push(
      ...listings.map(
        (r) => `${describe(r)} (scope: ${r.scope === 'asn' ? 'the whole network (ASN)' : 'the range'})`,
      ),
      `addresses of yours in it: ${[...group.addresses].join(', ')}`,
      ownListed
        ? 'your address is also listed on its own: fix that first'
        : 'your own address is not listed on the per-address lists: the listing is caused by your neighbours',
    );
    return found;
  });
}
