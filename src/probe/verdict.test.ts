import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SmtpReply } from './types.js';
import {
  classifyExposure,
  classifyRelay,
  classifyUnknownRecipient,
  isRefusalAboutClient,
} from './verdict.js';

function reply(line: string): SmtpReply {
  const code = Number(line.slice(0, 3));
  const text = line.slice(4);
  return { code, enhanced: /^([245]\.\d+\.\d+)/.exec(text)?.[1] ?? null, lines: [text] };
}

describe('classifyUnknownRecipient', () => {
  const a = 'mxdoctor-probe-0@example.test';
  it('5xx user unknown: rejects', () => {
    assert.equal(
      classifyUnknownRecipient(
        reply('550 5.1.1 <a>: Recipient address rejected: User unknown in local recipient table'),
        a,
      ).verdict,
      'rejects',
    );
    assert.equal(classifyUnknownRecipient(reply('550 Unrouteable address'), a).verdict, 'rejects');
  });
  it('2xx: accepts, explaining backscatter', () => {
    const c = classifyUnknownRecipient(reply('250 2.1.5 Ok'), a);
    assert.equal(c.verdict, 'accepts');
    assert.match(c.detail, /ips\.backscatterer\.org/);
  });
  it('4xx greylisting: tempfail', () => {
    assert.equal(
      classifyUnknownRecipient(reply('450 4.2.0 <a>: Recipient address rejected: Greylisted'), a).verdict,
      'tempfail',
    );
    assert.equal(
      classifyUnknownRecipient(reply('451 Greylisted: please try again in a few minutes'), a).verdict,
      'tempfail',
    );
  });
  it('a refusal about the client is no verdict on recipients', () => {
    const c = classifyUnknownRecipient(
      reply('554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org'),
      a,
    );
    assert.equal(c.verdict, 'no-verdict');
    assert.equal(
      classifyUnknownRecipient(reply('550 5.7.1 <x>: Helo command rejected: Host not found'), a).verdict,
      'no-verdict',
    );
  });
  it('Exchange Online DBEB rejection is a rejection', () => {
    assert.equal(
      classifyUnknownRecipient(reply('550 5.4.1 Recipient address rejected: Access denied. AS(201806281)'), a)
        .verdict,
      'rejects',
    );
  });
});

describe('classifyRelay', () => {
  const a = 'x@relay-test.mxdoctor.invalid';
  it('Debian Postfix 454 4.7.1 Relay access denied is a refusal', () => {
    assert.equal(classifyRelay(reply('454 4.7.1 <x>: Relay access denied'), a).verdict, 'refused');
  });
  it('5xx refuses, 2xx is open, an unexplained 4xx is inconclusive', () => {
    assert.equal(classifyRelay(reply('550 relay not permitted'), a).verdict, 'refused');
    assert.equal(classifyRelay(reply('250 2.1.5 Ok'), a).verdict, 'open');
    assert.equal(classifyRelay(reply('451 4.3.0 Temporary lookup failure'), a).verdict, 'tempfail');
  });
});

describe('exposure and client refusals', () => {
  it('VRFY 250/251 discloses; 252 and 5xx do not', () => {
    assert.equal(classifyExposure(reply('250 2.0.0 postmaster')), true);
    assert.equal(classifyExposure(reply('252 2.0.0 postmaster')), false);
    assert.equal(classifyExposure(reply('502 5.5.1 VRFY command is disabled')), false);
    assert.equal(classifyExposure(null), null);
  });
  it('recognises client-directed wording', () => {
    assert.equal(
      isRefusalAboutClient(
        reply('550 rejected because 127.0.0.1 is in a black list at b.barracudacentral.org'),
      ),
      true,
    );
    assert.equal(isRefusalAboutClient(reply('550 5.1.1 User unknown')), false);
  });
});
