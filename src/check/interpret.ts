import type { DnsOutcome } from '../dns/types.js';
import { findCodeMeaning } from './catalog.js';
import type { CatalogEntry } from './catalog-types.js';

/** What one A answer from a zone means for the queried name. */
export type Interpretation =
  | { status: 'listed'; codes: string[]; meaning: string }
  | { status: 'clean'; codes: string[]; note?: string }
  | { status: 'error'; codes: string[]; error: string };

/**
 * Interprets a zone's A answer (RFC 5782 §2.3): a record in 127.0.0.0/8 is a listing unless the
 * catalog names it an error code (Spamhaus 127.255.255.254: public resolver) or an ignore code
 * (hostkarma 127.0.0.1: allowlisted); NXDOMAIN is clean; every failure is an error, never clean.
 * An answer outside 127/8 means a resolver rewriting NXDOMAIN or a dead domain parked with a
 * wildcard: an error.
 */
export function interpretAnswer(entry: CatalogEntry, outcome: DnsOutcome<string>): Interpretation {
  switch (outcome.status) {
    case 'nxdomain':
      return { status: 'clean', codes: [] };
    case 'nodata':
      return { status: 'clean', codes: [], note: 'name exists without an A record' };
    case 'answer':
      return interpretCodes(entry, outcome.records);
    default:
      return { status: 'error', codes: [], error: describeFailure(outcome.status, outcome.message) };
  }
}

export function interpretCodes(entry: CatalogEntry, records: readonly string[]): Interpretation {
  const codes = [...records];
  const outside = codes.filter((c) => !c.startsWith('127.'));
  if (outside.length > 0) {
    return {
      status: 'error',
      codes,
      error: `answer outside 127.0.0.0/8 (${outside.join(', ')}): the resolver rewrites NXDOMAIN or the list's domain is gone`,
    };
  }
  for (const code of codes) {
    const errorMeaning = findCodeMeaning(entry.errorCodes, code);
    if (errorMeaning !== undefined) return { status: 'error', codes, error: errorMeaning };
  }
  const listing = codes.filter((c) => findCodeMeaning(entry.ignoreCodes, c) === undefined);
  if (listing.length === 0) {
    const notes = codes.map((c) => findCodeMeaning(entry.ignoreCodes, c)).join('; ');
    return { status: 'clean', codes, note: notes };
  }
  return { status: 'listed', codes: listing, meaning: describeCodes(entry, listing) };
}

/** Meanings of listing codes, joined; bitmask lists (SURBL, URIBL) decoded bit by bit. */
export function describeCodes(entry: CatalogEntry, codes: readonly string[]): string {
  const meanings: string[] = [];
  for (const code of codes) {
    if (entry.bitmask) {
      const last = Number(code.split('.')[3]);
      for (let bit = 1; bit < 256; bit <<= 1) {
        if ((last & bit) === 0) continue;
        const meaning = findCodeMeaning(entry.codes, `127.0.0.${bit}`);
        meanings.push(meaning ?? `bit ${bit}`);
      }
      continue;
    }
    meanings.push(findCodeMeaning(entry.codes, code) ?? `listed (${code})`);
  }
  const unique = [...new Set(meanings)];
  const text = unique.join('; ');
  if (entry.scope === 'range') {
    return `${text} — listed because of your neighbours: the allocation or range around this IP is listed (${entry.name}); the owner of a single IP cannot fix it`;
  }
  if (entry.scope === 'asn') {
    return `${text} — listed because of your neighbours: the whole network (ASN) of this IP is listed (${entry.name}); only the provider can fix it`;
  }
  return text;
}

export function describeFailure(status: string, message: string | undefined): string {
  switch (status) {
    case 'timeout':
      return `timeout: ${message ?? 'no answer'}`;
    case 'servfail':
      return 'SERVFAIL: the resolver could not get an answer from the list';
    case 'refused':
      return 'REFUSED: the resolver or the list refused the query';
    default:
      return message ? `DNS error: ${message}` : 'DNS error';
  }
}
