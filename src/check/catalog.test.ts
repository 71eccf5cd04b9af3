import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MxError } from '../core/errors.js';
import { findCodeMeaning, loadBuiltinCatalog, parseCatalog, parseCodeKey, selectZones } from './catalog.js';
import builtinJson from './catalog.json' with { type: 'json' };
import type { CatalogEntry } from './catalog-types.js';

const catalog = loadBuiltinCatalog();
const byZone = (zone: string): CatalogEntry => {
  const entry = catalog.find((e) => e.zone === zone);
  assert.ok(entry, `${zone} is in the built-in catalog`);
  return entry;
};
const live = catalog.filter((e) => !e.dead);

/** Asserts parseCatalog throws MxError('config') whose message matches. */
function rejects(json: unknown, message: RegExp): void {
  assert.throws(
    () => parseCatalog(json, 'my.json'),
    (error: unknown) => error instanceof MxError && error.code === 'config' && message.test(error.message),
  );
}
const entries = (...extra: Record<string, unknown>[]) => [{ zone: 'ok.example.test', kind: 'ip' }, ...extra];

describe('built-in catalog', () => {
  it('passes its own validator, unchanged', () => {
    assert.equal(catalog.length, builtinJson.length);
    assert.deepEqual(parseCatalog(builtinJson, 'again'), catalog);
    assert.equal(loadBuiltinCatalog(), catalog, 'cached');
  });

  it('holds about 100 live zones and keeps the known dead ones', () => {
    // The research names 94 live zone names (sub-zones counted); we add none it does not name.
    assert.ok(live.length >= 90, `${live.length} live zones`);
    assert.ok(catalog.length - live.length >= 60, 'dead lists kept for the record');
    assert.ok(live.filter((e) => e.kind === 'domain').length >= 10, 'domain lists');
    for (const zone of ['dnsbl.sorbs.net', 'rhsbl.ahbl.org', 'bl.spamcannibal.org', 'bl.emailbasura.org']) {
      assert.equal(byZone(zone).dead, true, zone);
    }
  });

  it('puts Tier 1 first and the dead lists last', () => {
    assert.equal(catalog[0]?.zone, 'zen.spamhaus.org');
    const firstDead = catalog.findIndex((e) => e.dead);
    assert.ok(catalog.slice(firstDead).every((e) => e.dead));
  });

  it('gives every live list a delist URL or a policy, a source and a date', () => {
    for (const entry of live) {
      assert.ok(entry.delist !== undefined || entry.policy !== undefined, entry.zone);
      assert.ok(entry.source, entry.zone);
      assert.match(entry.lastVerified ?? '', /^\d{4}-\d{2}/, entry.zone);
    }
  });

  it('knows the Spamhaus ZEN codes and error codes', () => {
    const zen = byZone('zen.spamhaus.org');
    assert.match(findCodeMeaning(zen.codes, '127.0.0.2') ?? '', /^SBL/);
    assert.match(findCodeMeaning(zen.codes, '127.0.0.3') ?? '', /CSS/);
    for (const code of ['127.0.0.4', '127.0.0.5', '127.0.0.6', '127.0.0.7']) {
      assert.match(findCodeMeaning(zen.codes, code) ?? '', /^XBL/, code);
    }
    assert.match(findCodeMeaning(zen.codes, '127.0.0.9') ?? '', /DROP/);
    assert.match(findCodeMeaning(zen.codes, '127.0.0.10') ?? '', /PBL.*policy, not abuse/);
    assert.match(findCodeMeaning(zen.codes, '127.0.0.11') ?? '', /PBL/);
    assert.equal(findCodeMeaning(zen.codes, '127.0.0.8'), undefined);
    assert.equal(zen.ipv6, true);
    assert.equal(zen.access.refusesPublicResolvers, true);
  });

  it('maps the Spamhaus refusal codes to errors on every Spamhaus zone', () => {
    const spamhaus = catalog.filter((e) => !e.dead && /spamhaus\.(org|net)$|abuseat\.org$/.test(e.zone));
    assert.ok(spamhaus.length >= 10);
    for (const entry of spamhaus) {
      assert.match(
        findCodeMeaning(entry.errorCodes, '127.255.255.254') ?? '',
        /public or unregistered resolver/,
        entry.zone,
      );
      assert.ok(findCodeMeaning(entry.errorCodes, '127.255.255.252'), entry.zone);
      assert.ok(findCodeMeaning(entry.errorCodes, '127.255.255.255'), entry.zone);
    }
    assert.match(findCodeMeaning(byZone('dbl.spamhaus.org').errorCodes, '127.0.1.255') ?? '', /IP address/);
    assert.equal(byZone('zen.dq.spamhaus.net').access.needs, 'key');
  });

  it('records the backscatterer policy: 4 weeks after the last hit, or paid', () => {
    const policy = byZone('ips.backscatterer.org').policy;
    assert.equal(policy?.expiryHours, 672);
    assert.deepEqual(policy?.kinds, ['auto-expiry', 'paid']);
    assert.match(policy?.text ?? '', /4 weeks/);
  });

  it('scopes UCEPROTECT levels and explains 2 and 3 as neighbours', () => {
    const [l1, l2, l3] = [1, 2, 3].map((n) => byZone(`dnsbl-${n}.uceprotect.net`));
    assert.equal(l1?.scope, 'ip');
    assert.equal(l1?.policy?.expiryHours, 168);
    assert.ok(l1?.policy?.kinds.includes('paid'));
    assert.equal(l2?.scope, 'range');
    assert.match(l2?.note ?? '', /Level 2: listed because of your neighbours \(allocation/);
    assert.equal(l3?.scope, 'asn');
    assert.match(l3?.note ?? '', /Level 3: listed because of your neighbours \(the whole ASN\)/);
  });

  it('knows refusal, ignore and bitmask codes of other lists', () => {
    const karma = byZone('hostkarma.junkemailfilter.com');
    for (const code of ['127.0.0.1', '127.0.0.3', '127.0.0.5', '127.0.2.3']) {
      assert.ok(findCodeMeaning(karma.ignoreCodes, code), code);
    }
    assert.equal(findCodeMeaning(karma.ignoreCodes, '127.0.0.2'), undefined);
    assert.match(findCodeMeaning(byZone('multi.uribl.com').errorCodes, '127.0.0.1') ?? '', /refused/);
    assert.equal(byZone('multi.surbl.org').bitmask, true);
    assert.match(byZone('multi.surbl.org').codes['127.0.0.8'] ?? '', /phishing/);
    const dnswl = byZone('list.dnswl.org');
    assert.equal(dnswl.allowlist, true);
    assert.ok(findCodeMeaning(dnswl.errorCodes, '127.0.0.255'));
    assert.match(findCodeMeaning(dnswl.codes, '127.0.3.2') ?? '', /email service provider/);
    assert.equal(byZone('b.barracudacentral.org').access.needs, 'registration');
    assert.equal(byZone('combined.mail.abusix.zone').access.needs, 'key');
    assert.equal(byZone('bl.ipv6.spameatingmonkey.net').ipv4, false);
  });
});

describe('parseCatalog', () => {
  it('fills the defaults of a minimal entry', () => {
    const [entry] = parseCatalog([{ zone: 'BL.Example.Test.', kind: 'ip' }], 'my.json');
    assert.deepEqual(entry, {
      zone: 'bl.example.test',
      name: 'bl.example.test',
      kind: 'ip',
      ipv6: false,
      codes: {},
      errorCodes: {},
      ignoreCodes: {},
      bitmask: false,
      scope: 'ip',
      access: { refusesPublicResolvers: false },
      dead: false,
      allowlist: false,
      testPoints: true,
    });
  });

  it('keeps every optional field that is given', () => {
    const full = {
      zone: 'dbl.example.test',
      name: 'Example DBL',
      kind: 'domain',
      codes: { '127.0.1.2': 'spam domain', '127.0.1.4-127.0.1.6': 'bad' },
      errorCodes: { '127.255.255.254': 'refused' },
      delist: 'https://example.test/delist',
      policy: { kinds: ['auto-expiry', 'paid'], expiryHours: 24, price: 'EUR 10', text: 'wait' },
      access: { refusesPublicResolvers: true, needs: 'key', note: 'key in zone' },
      note: 'n',
      source: 's',
      lastVerified: '2026-11',
    };
    const [entry] = parseCatalog([full], 'my.json');
    assert.deepEqual(entry?.policy, full.policy);
    assert.deepEqual(entry?.access, full.access);
    assert.equal(entry?.delist, full.delist);
    assert.equal(entry?.lastVerified, '2026-11');
  });

  it('rejects a catalog that is not a non-empty array', () => {
    rejects({ zone: 'a.test' }, /^my\.json: the catalog must be a JSON array/);
    rejects([], /^my\.json: the catalog is empty/);
    rejects(['zen.spamhaus.org'], /^my\.json entry 1: must be an object like/);
  });

  it('names the entry and the field of each mistake', () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ kind: 'ip' }, /^my\.json entry 2: zone is required/],
      [{ zone: 'not a zone', kind: 'ip' }, /^my\.json entry 2: zone "not a zone" is not a valid DNS name/],
      [
        { zone: 'bl.x.test', kind: 'IP' },
        /^my\.json entry 2 \("bl\.x\.test"\): kind must be "ip" or "domain", got "IP"$/,
      ],
      [{ zone: 'bl.x.test' }, /entry 2 \("bl\.x\.test"\): kind must be "ip" or "domain", got nothing/],
      [
        { zone: 'bl.x.test', kind: 'ip', codes: { '10.0.0.2': 'x' } },
        /\("bl\.x\.test"\): codes key "10\.0\.0\.2" must be/,
      ],
      [
        { zone: 'bl.x.test', kind: 'ip', codes: { '127.0.0.7-127.0.0.4': 'x' } },
        /codes key "127\.0\.0\.7-127\.0\.0\.4"/,
      ],
      [
        { zone: 'bl.x.test', kind: 'ip', errorCodes: { '127.0.0.2': 5 } },
        /errorCodes\["127\.0\.0\.2"\] must be a non-empty text/,
      ],
      [{ zone: 'bl.x.test', kind: 'ip', ignoreCodes: [] }, /ignoreCodes must be an object/],
      [
        { zone: 'bl.x.test', kind: 'domain', bitmask: true, codes: { '127.0.0.6': 'x' } },
        /a bitmask list maps single bits/,
      ],
      [
        { zone: 'bl.x.test', kind: 'ip', delist: 'not a url' },
        /delist must be an http\(s\) URL, got "not a url"/,
      ],
      [{ zone: 'bl.x.test', kind: 'ip', delist: 'ftp://x.test/' }, /delist must be an http\(s\) URL/],
      [
        { zone: 'bl.x.test', kind: 'ip', delsit: 'https://x.test/' },
        /delsit is not a known field \(did you mean "delist"\?\)/,
      ],
      [{ zone: 'bl.x.test', kind: 'ip', colour: 'red' }, /\("bl\.x\.test"\): colour is not a known field$/],
      [{ zone: 'bl.x.test', kind: 'ip', scope: 'asn-wide' }, /scope must be "ip", "range" or "asn"/],
      [{ zone: 'bl.x.test', kind: 'ip', ipv6: 'yes' }, /ipv6 must be true or false, got "yes"/],
      [{ zone: 'bl.x.test', kind: 'domain', ipv6: true }, /ipv6 applies to "ip" lists only/],
      [{ zone: 'bl.x.test', kind: 'ip', ipv4: false }, /ipv4 is false and ipv6 is false/],
      [{ zone: 'bl.x.test', kind: 'ip', dead: 1 }, /dead must be true or false/],
      [{ zone: 'bl.x.test', kind: 'ip', name: '' }, /name must be a non-empty text/],
      [{ zone: 'bl.x.test', kind: 'ip', policy: 'expires' }, /policy must be an object/],
      [
        { zone: 'bl.x.test', kind: 'ip', policy: { kinds: [], text: 'x' } },
        /policy\.kinds must be a non-empty array/,
      ],
      [
        { zone: 'bl.x.test', kind: 'ip', policy: { kinds: ['free'], text: 'x' } },
        /policy\.kinds has "free"; allowed:/,
      ],
      [{ zone: 'bl.x.test', kind: 'ip', policy: { kinds: ['paid'] } }, /policy\.text is required/],
      [
        { zone: 'bl.x.test', kind: 'ip', policy: { kinds: ['paid'], text: 'x', expiryHours: -1 } },
        /policy\.expiryHours/,
      ],
      [
        { zone: 'bl.x.test', kind: 'ip', policy: { kinds: ['paid'], text: 'x', prices: 'x' } },
        /policy\.prices is not a known field \(did you mean "policy\.price"\?\)/,
      ],
      [
        { zone: 'bl.x.test', kind: 'ip', access: { needs: 'token' } },
        /access\.needs must be "key" or "registration"/,
      ],
      [
        { zone: 'bl.x.test', kind: 'ip', access: { refusesPublicResolver: true } },
        /did you mean "access\.refusesPublicResolvers"/,
      ],
    ];
    for (const [bad, message] of cases) rejects(entries(bad), message);
  });

  it('rejects duplicate zones, whatever their case', () => {
    rejects(
      entries({ zone: 'OK.example.test.', kind: 'domain' }),
      /entry 2 \("ok\.example\.test"\): duplicate zone, already entry 1/,
    );
  });
});

describe('selectZones', () => {
  const small = parseCatalog(
    [
      { zone: 'a.example.test', kind: 'ip' },
      { zone: 'b.example.test', kind: 'domain' },
      { zone: 'dead.example.test', kind: 'ip', dead: true },
      { zone: 'wl.example.test', kind: 'ip', allowlist: true },
    ],
    'small',
  );
  const zones = (list: CatalogEntry[]) => list.map((e) => e.zone);

  it('drops dead lists and allowlists by default', () => {
    assert.deepEqual(zones(selectZones(small, undefined, { includeDead: false })), [
      'a.example.test',
      'b.example.test',
    ]);
    assert.deepEqual(zones(selectZones(small, undefined, { includeDead: true })), [
      'a.example.test',
      'b.example.test',
      'dead.example.test',
    ]);
    assert.ok(selectZones(catalog, undefined, { includeDead: false }).every((e) => !e.dead && !e.allowlist));
  });

  it('keeps only the named zones, in catalog order, dead or not', () => {
    const chosen = selectZones(small, ['dead.example.test,B.example.test.', ' wl.example.test '], {
      includeDead: false,
    });
    assert.deepEqual(zones(chosen), ['b.example.test', 'dead.example.test', 'wl.example.test']);
  });

  it('names unknown zones in a usage error, with a suggestion', () => {
    assert.throws(
      () =>
        selectZones(catalog, ['zen.spamhaus.org', 'zen.spamhaus.com', 'nope.example.test'], {
          includeDead: false,
        }),
      (error: unknown) =>
        error instanceof MxError &&
        error.code === 'usage' &&
        /zen\.spamhaus\.com \(did you mean zen\.spamhaus\.org\?\), nope\.example\.test;/.test(error.message),
    );
    assert.throws(
      () => selectZones(small, [' , '], { includeDead: false }),
      /--zones needs at least one zone/,
    );
  });
});

describe('findCodeMeaning and parseCodeKey', () => {
  const map = { '127.0.0.2': 'two', '127.0.0.0-127.0.0.255': 'wide', '127.0.0.4-127.0.0.7': 'narrow' };

  it('prefers the exact key, then the narrowest range', () => {
    assert.equal(findCodeMeaning(map, '127.0.0.2'), 'two');
    assert.equal(findCodeMeaning(map, '127.0.0.4'), 'narrow');
    assert.equal(findCodeMeaning(map, '127.0.0.7'), 'narrow');
    assert.equal(findCodeMeaning(map, '127.0.0.8'), 'wide');
    assert.equal(findCodeMeaning(map, '127.0.1.8'), undefined);
    assert.equal(findCodeMeaning(map, '10.0.0.4'), undefined);
    assert.equal(findCodeMeaning(map, 'constructor'), undefined);
  });

  it('parses single codes and ranges within 127/8 only', () => {
    assert.deepEqual(parseCodeKey('127.0.0.2'), [0x7f000002, 0x7f000002]);
    assert.deepEqual(parseCodeKey('127.0.0.4-127.0.0.7'), [0x7f000004, 0x7f000007]);
    assert.equal(parseCodeKey('127.0.0.7-127.0.0.4'), null);
    assert.equal(parseCodeKey('128.0.0.1'), null);
    assert.equal(parseCodeKey('127.0.0.1-127.0.0.2-127.0.0.3'), null);
    assert.equal(parseCodeKey('127.0.0.x'), null);
  });
});
