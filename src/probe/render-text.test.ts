import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hasUnsafeCharacters } from '../core/sanitize.js';
import { renderProbeText } from './render-text.js';
import type { ProbeReport } from './types.js';

const EVIL = '\x1b]0;pwned\x07\x1b[2J\x9b1A\u202eevil\r\nFAKE LINE';

function report(overrides: Partial<ProbeReport> = {}): ProbeReport {
  const rcpt = { address: 'x@ok.test', reply: '550 5.1.1 no', detail: 'd' };
  return {
    host: 'mx.ok.test',
    ip: '192.0.2.25',
    port: 25,
    startedAt: '2026-11-30T00:00:00.000Z',
    elapsedMs: 10,
    connected: true,
    error: null,
    sourceIp: '192.0.2.1',
    trustedSource: false,
    greeting: '220 mx.ok.test ESMTP',
    greetingMs: 1,
    helo: { command: 'EHLO', extensions: [] },
    mta: 'Postfix',
    mtaInfo: null,
    tls: null,
    checks: {
      unknownRecipient: { ...rcpt, verdict: 'rejects' },
      secondUnknown: null,
      control: null,
      openRelay: { ...rcpt, verdict: 'refused' },
      blocked: null,
      vrfy: { enabled: false, reply: '502 no' },
      expn: { enabled: false, reply: '502 no' },
    },
    remedy: null,
    transcript: [],
    ...overrides,
  };
}

describe('renderProbeText', () => {
  it('a hostile banner, replies, certificate and refusal drive nothing (issue 11 item 2)', () => {
    const evilRcpt = { address: 'x@ok.test', reply: `250 ${EVIL}`, detail: EVIL };
    const r = report({
      greeting: `220 ${EVIL}`,
      error: `EHLO: ${EVIL}`,
      tls: {
        offered: true,
        attempted: true,
        ok: true,
        error: null,
        protocol: 'TLSv1.3',
        cipher: 'X',
        subject: `CN=${EVIL}`,
        subjectAltNames: [`DNS:${EVIL}`],
        issuer: `CN=${EVIL}`,
        validTo: '2030-01-01',
        expired: false,
        selfSigned: false,
        trusted: false,
        trustError: EVIL,
        nameMatches: false,
      },
      checks: {
        unknownRecipient: { ...evilRcpt, verdict: 'accepts' },
        secondUnknown: { ...evilRcpt, verdict: 'accepts' },
        control: { ...evilRcpt, verdict: 'accepts' },
        openRelay: { ...evilRcpt, verdict: 'open' },
        blocked: {
          list: EVIL,
          zone: EVIL,
          ip: null,
          reply: `554 ${EVIL}\n554 ${EVIL}`,
          stage: 'greeting',
          delist: EVIL,
        },
        vrfy: { enabled: true, reply: `250 ${EVIL}` },
        expn: { enabled: true, reply: `250 ${EVIL}` },
      },
      transcript: [{ ms: 1, from: 'server', line: `220 ${EVIL}` }],
    });
    const text = renderProbeText(r, { transcript: true });
    assert.equal(hasUnsafeCharacters(text), false, JSON.stringify(text));
    assert.ok(!/^FAKE LINE/m.test(text), 'a reply cannot start a line of the report');
    assert.match(text, /\\x1b\]0;pwned\\x07/);
    assert.match(text, /\\u202e/);
  });

  it('connection refused: blocked at connect is unknown and the reason is printed once (issue 10 item 6)', () => {
    const error = 'could not connect: ECONNREFUSED';
    const none = { address: null, reply: null, detail: error };
    const r = report({
      connected: false,
      greeting: null,
      greetingMs: null,
      helo: null,
      error,
      checks: {
        ...report().checks,
        unknownRecipient: { ...none, verdict: 'no-verdict' },
        openRelay: { ...none, verdict: 'no-verdict' },
      },
    });
    const text = renderProbeText(r, { transcript: false });
    assert.match(text, /blocked at connect unknown/);
    assert.doesNotMatch(text, /blocked at connect no/);
    assert.equal(text.split('ECONNREFUSED').length - 1, 1, text);
  });

  it('an acceptance from a trusted source says so on the verdict line (issue 10 item 5)', () => {
    const base = report().checks;
    const r = report({
      sourceIp: '127.0.0.1',
      trustedSource: true,
      checks: {
        ...base,
        openRelay: { address: 'r@x.invalid', reply: '250 2.1.5 Ok', detail: 'open', verdict: 'open' },
      },
    });
    const line = renderProbeText(r, { transcript: false })
      .split('\n')
      .find((l) => l.includes('open relay'));
    assert.match(
      line ?? '',
      /OPEN \(accepted from this address, which the server may trust; probe from outside to confirm\)/,
    );
  });
});
