import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { certificateNamesHost, parseSubjectAltName, summariseTls } from './tls-summary.js';

describe('certificate names (RFC 6125)', () => {
  it('exact and one-label wildcard names match; deeper names and bare suffixes do not', () => {
    const sans = parseSubjectAltName('DNS:mx.example.test, DNS:*.mail.example.test, IP Address:192.0.2.1');
    assert.deepEqual(sans, ['mx.example.test', '*.mail.example.test', '192.0.2.1']);
    assert.equal(certificateNamesHost('MX.example.test.', sans, null), true);
    assert.equal(certificateNamesHost('a.mail.example.test', sans, null), true);
    assert.equal(certificateNamesHost('a.b.mail.example.test', sans, null), false);
    assert.equal(certificateNamesHost('mail.example.test', sans, null), false);
    assert.equal(certificateNamesHost('192.0.2.1', sans, null), true);
  });
  it('the CN counts only without DNS names', () => {
    assert.equal(certificateNamesHost('mx.example.test', [], 'mx.example.test'), true);
    assert.equal(certificateNamesHost('mx.example.test', ['other.example.test'], 'mx.example.test'), false);
  });
});

describe('summariseTls', () => {
  it('flags an expired self-signed certificate', () => {
    const r = summariseTls(
      {
        protocol: 'TLSv1.3',
        cipher: 'TLS_AES_256_GCM_SHA384',
        authorized: false,
        authorizationError: 'DEPTH_ZERO_SELF_SIGNED_CERT',
        certificate: {
          subjectCN: 'mx.example.test',
          subject: 'CN=mx.example.test',
          issuer: 'CN=mx.example.test',
          subjectAltName: null,
          validFrom: 'Jan  1 00:00:00 2020 GMT',
          validTo: 'Jan  1 00:00:00 2021 GMT',
          selfSigned: true,
        },
      },
      'mx.example.test',
      Date.parse('2026-11-26T00:00:00Z'),
    );
    assert.equal(r.expired, true);
    assert.equal(r.validTo, '2021-01-01T00:00:00.000Z');
    assert.equal(r.selfSigned, true);
    assert.equal(r.trusted, false);
    assert.equal(r.nameMatches, true);
  });
});
