/**
 * The shape of one blocklist in the catalog (src/check/catalog.json, or a user's --catalog
 * file). Only `zone` and `kind` are required in a user's file; parseCatalog fills the defaults.
 */
export type ZoneKind = 'ip' | 'domain';

export type DelistKind =
  | 'self-service' // a form or button; removal is quick once the cause is fixed
  | 'auto-expiry' // falls off by itself N days/hours after the last event
  | 'paid' // only paid express removal speeds it up (often with auto-expiry too)
  | 'manual-review' // a ticket reviewed by the operator
  | 'isp' // only the owner of the range (the ISP) can change it
  | 'none' // no removal process
  | 'unknown';

export interface DelistPolicy {
  kinds: DelistKind[];
  /** Automatic expiry after the last event, in hours, when the list documents one. */
  expiryHours?: number;
  /** Price of paid express removal as the operator states it, e.g. "CHF 89 (verify)". */
  price?: string;
  /** One sentence for the report: what the admin should do. */
  text: string;
}

export interface CatalogEntry {
  zone: string;
  /** Display name, e.g. "Spamhaus ZEN". */
  name: string;
  kind: ZoneKind;
  /** IP lists only: whether the list also answers IPv6 (nibble) queries. */
  ipv6: boolean;
  /**
   * IP lists only: false for an IPv6-only list (bl.ipv6.spameatingmonkey.net), which must not be
   * asked about IPv4 addresses (its NXDOMAIN would read as "clean"). Absent means true.
   */
  ipv4?: boolean;
  /** Meaning per return code, keyed by address ("127.0.0.2") or inclusive range ("127.0.0.4-127.0.0.7"). */
  codes: Record<string, string>;
  /**
   * Codes that signal an error, not a listing (Spamhaus 127.255.255.254: query via a public or
   * unregistered resolver). A key may be a range like codes. Never counted as listed.
   */
  errorCodes: Record<string, string>;
  /** Codes that mean "not listed" although an A record came back (hostkarma 127.0.0.1 = allowlisted). */
  ignoreCodes: Record<string, string>;
  /** SURBL/URIBL style: the last octet is a bitmask; `codes` then maps single bits ("127.0.0.8"). */
  bitmask: boolean;
  /** Listing scope: `ip` the address itself; `range` its allocation or /24 (UCEPROTECT 2); `asn` the whole network (UCEPROTECT 3). */
  scope: 'ip' | 'range' | 'asn';
  delist?: string;
  policy?: DelistPolicy;
  access: {
    /** Refuses queries from public resolvers (8.8.8.8, 1.1.1.1, many cloud resolvers). */
    refusesPublicResolvers: boolean;
    /** Needs a key in the zone name (Spamhaus DQS, Abusix) or a registered resolver (Barracuda). */
    needs?: 'key' | 'registration';
    note?: string;
  };
  /** Known dead: kept for the record, skipped unless named with --zones. */
  dead: boolean;
  /** Allowlists (DNSWL) answer for good senders; they are not queried as blocklists. */
  allowlist: boolean;
  /**
   * RFC 5782 §5 test points. IP lists: 127.0.0.2 listed, 127.0.0.1 not; domain lists: `test`
   * listed, `invalid` not. false for lists known not to implement them (health not probed).
   */
  testPoints: boolean;
  /** Short free text shown with a listing (why this list matters, how much weight it carries). */
  note?: string;
  /** Where the facts come from, and when they were last checked. */
  source?: string;
  lastVerified?: string;
}
