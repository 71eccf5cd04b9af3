/**
 * Zone data for rbldnsd (see test/helpers/rbldnsd.ts), written as rbldnsd dataset files.
 * Formats: rbldnsd(8) "ip4set", "ip4trie", "ip6trie", "dnset", "generic" and "acl" datasets.
 * A zone made of several datasets answers with the records of every dataset that lists the name
 * (that is how the multi-code zone returns two A records).
 */
export type DatasetType = 'ip4set' | 'ip4trie' | 'ip6trie' | 'dnset' | 'generic' | 'acl';

export interface Dataset {
  type: DatasetType;
  /** The dataset file's lines, as rbldnsd(8) reads them. */
  lines: string[];
}

export interface ZoneSpec {
  /** Zone name without trailing dot, e.g. `bl.mxd.test`. */
  zone: string;
  /** At least one non-acl dataset (rbldnsd requires it); at most one acl. */
  datasets: Dataset[];
}

/** One listed address or range with its A value and TXT template (`$` = the queried address). */
export interface Listing {
  entry: string;
  code?: string;
  txt?: string;
}

/** The RFC 5782 §5 IPv4 and IPv6 test points every working IP list lists. */
export const IP_TEST_POINT = '127.0.0.2';
export const IP6_TEST_POINT = '::ffff:7f00:2';

function header(zone: string): string[] {
  return [`$SOA 60 ns.${zone} hostmaster.${zone} 1 600 300 86400 60`, `$NS 60 ns.${zone}`, '$TTL 60'];
}

function listingLine(l: Listing): string {
  if (l.code === undefined && l.txt === undefined) return l.entry;
  return `${l.entry} :${l.code ?? '127.0.0.2'}:${l.txt ?? ''}`;
}

/**
 * An IP list: IPv4 listings in an ip4set (with the 127.0.0.2 test point) and IPv6 listings in an
 * ip6trie (with the ::ffff:7f00:2 test point). 127.0.0.1 is never listed.
 */
export function ipZone(zone: string, v4: Listing[], v6: Listing[] = []): ZoneSpec {
  return {
    zone,
    datasets: [
      {
        type: 'ip4set',
        lines: [
          ...header(zone),
          `:127.0.0.2:Listed by ${zone}, see https://${zone}/lookup?ip=$`,
          IP_TEST_POINT,
          ...v4.map(listingLine),
        ],
      },
      {
        type: 'ip6trie',
        lines: [
          `:127.0.0.2:Listed by ${zone}, see https://${zone}/lookup?ip=$`,
          IP6_TEST_POINT,
          ...v6.map(listingLine),
        ],
      },
    ],
  };
}

/** A domain list (dnset): lists `test` (RFC 5782 §5), never `invalid`. Entries as in rbldnsd: `.x` = x and below. */
export function domainZone(zone: string, listings: Listing[]): ZoneSpec {
  return {
    zone,
    datasets: [
      {
        type: 'dnset',
        lines: [
          ...header(zone),
          `:127.0.1.2:Domain $ is listed by ${zone}`,
          'test',
          ...listings.map(listingLine),
        ],
      },
    ],
  };
}

/** A zone that never answers: every query is dropped (`acl :ignore`), so clients time out. */
export function deadZone(zone: string): ZoneSpec {
  return {
    zone,
    datasets: [
      { type: 'ip4set', lines: header(zone) },
      { type: 'acl', lines: ['0.0.0.0/0 :ignore', '::/0 :ignore'] },
    ],
  };
}

/** A zone answering 127.255.255.254 to everything: Spamhaus's "query via public/unregistered resolver" code. */
export function refusalZone(zone: string, code = '127.255.255.254'): ZoneSpec {
  const txt = 'Error: open resolver; see https://www.spamhaus.org/returnc/pub/';
  return {
    zone,
    datasets: [
      { type: 'ip4set', lines: header(zone) },
      { type: 'acl', lines: [`0.0.0.0/0 :${code}:${txt}`, `::/0 :${code}:${txt}`] },
    ],
  };
}

/** A zone listing the whole IPv4 space (a list gone rogue): fails the 127.0.0.1 test point. */
export function everythingZone(zone: string): ZoneSpec {
  return {
    zone,
    datasets: [{ type: 'ip4trie', lines: [...header(zone), ':127.0.0.2:Everything is listed', '0.0.0.0/0'] }],
  };
}

/** Plain host records (A, TXT, MX) for names a domain target resolves to. */
export function hostZone(zone: string, records: string[]): ZoneSpec {
  return { zone, datasets: [{ type: 'generic', lines: [...header(zone), ...records] }] };
}

/**
 * The zones the integration tests share, and what each lists. Addresses are documentation
 * ranges (RFC 5737, RFC 3849), used only as query names, never as packet destinations.
 */
export const TEST = {
  bl: 'bl.mxd.test',
  multi: 'multi.mxd.test',
  dbl: 'dbl.mxd.test',
  dead: 'dead.mxd.test',
  pubres: 'pubres.mxd.test',
  world: 'world.mxd.test',
  hosts: 'example',
  /** Listed on bl with 127.0.0.2 and a TXT reason; also on multi with two codes. */
  listedIp: '192.0.2.10',
  listedTxt: 'Spam source 192.0.2.10, see https://bl.mxd.test/lookup?ip=192.0.2.10',
  /** Listed on bl with 127.0.0.4. */
  listedIp2: '192.0.2.11',
  cleanIp: '192.0.2.99',
  listedIp6: '2001:db8::25',
  /** Inside 198.51.100.0/28: listed on bl (exact addresses). */
  rangeListed: ['198.51.100.3', '198.51.100.9'],
  /** On the domain list with 127.0.1.2; resolves (A) to listedIp through the `example` host zone. */
  listedDomain: 'spammer.example',
  cleanDomain: 'clean.example',
} as const;

export function testZones(): ZoneSpec[] {
  return [
    ipZone(
      TEST.bl,
      [
        {
          entry: TEST.listedIp,
          code: '127.0.0.2',
          txt: 'Spam source $, see https://bl.mxd.test/lookup?ip=$',
        },
        { entry: TEST.listedIp2, code: '127.0.0.4', txt: 'Exploited host $' },
        ...TEST.rangeListed.map((entry) => ({ entry, code: '127.0.0.3', txt: 'Snowshoe range member $' })),
      ],
      [{ entry: TEST.listedIp6, code: '127.0.0.2', txt: 'IPv6 spam source $' }],
    ),
    {
      zone: TEST.multi,
      datasets: [
        {
          type: 'ip4set',
          lines: [...header(TEST.multi), IP_TEST_POINT, `${TEST.listedIp} :127.0.0.2:Spam source $`],
        },
        { type: 'ip4set', lines: [`${TEST.listedIp} :127.0.0.3:Snowshoe source $`] },
      ],
    },
    domainZone(TEST.dbl, [
      { entry: TEST.listedDomain, code: '127.0.1.2', txt: 'Spam domain $' },
      { entry: '.phish.example', code: '127.0.1.4', txt: 'Phishing domain $' },
    ]),
    deadZone(TEST.dead),
    refusalZone(TEST.pubres),
    everythingZone(TEST.world),
    hostZone(TEST.hosts, [`spammer A ${TEST.listedIp}`, `clean A ${TEST.cleanIp}`]),
  ];
}

/** A --catalog file (JSON array) describing the test zones the way a user would. */
export function testCatalog(): Record<string, unknown>[] {
  const codes = {
    '127.0.0.2': 'spam source',
    '127.0.0.3': 'snowshoe spam',
    '127.0.0.4': 'exploited host (botnet, proxy)',
  };
  const policy = { kinds: ['self-service'], text: 'Fix the cause, then request removal on the lookup page.' };
  return [
    {
      zone: TEST.bl,
      name: 'MXD Test BL',
      kind: 'ip',
      ipv6: true,
      codes,
      delist: 'https://bl.mxd.test/lookup',
      policy,
    },
    { zone: TEST.multi, name: 'MXD Multi', kind: 'ip', codes },
    {
      zone: TEST.dbl,
      name: 'MXD DBL',
      kind: 'domain',
      codes: { '127.0.1.2': 'spam domain', '127.0.1.4': 'phishing domain' },
    },
    { zone: TEST.dead, name: 'MXD Dead', kind: 'ip' },
    {
      zone: TEST.pubres,
      name: 'MXD Refusing',
      kind: 'ip',
      errorCodes: { '127.255.255.252-127.255.255.255': 'query refused: public or unregistered resolver' },
    },
    { zone: TEST.world, name: 'MXD World', kind: 'ip' },
  ];
}
