import type { ProbeReport } from '../../src/probe/types.js';

/** A complete ProbeReport of a well-configured server, for unit tests to vary. */
export function probeReportFixture(overrides: Partial<ProbeReport> = {}): ProbeReport {
  const rcpt = { address: 'x@ok.test', reply: null, detail: '' };
  return {
    host: 'mail.ok.test',
    ip: '192.0.2.25',
    port: 25,
    startedAt: '2026-11-26T00:00:00.000Z',
    elapsedMs: 10,
    connected: true,
    error: null,
    sourceIp: null,
    trustedSource: false,
    greeting: '220 mail.ok.test ESMTP',
    greetingMs: 1,
    helo: { command: 'EHLO', extensions: ['STARTTLS'] },
    mta: 'Postfix',
    mtaInfo: null,
    tls: null,
    checks: {
      unknownRecipient: { ...rcpt, verdict: 'rejects' },
      secondUnknown: null,
      control: null,
      openRelay: { ...rcpt, verdict: 'refused' },
      blocked: null,
      vrfy: { enabled: false, reply: null },
      expn: { enabled: false, reply: null },
    },
    remedy: null,
    transcript: [],
    ...overrides,
  };
}
