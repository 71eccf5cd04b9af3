/**
 * Sender-written fields shaped to make a pattern backtrack (found by review): each call must
 * finish (the runner's timeout is the bound; speed is measured by the benchmarks) and still read
 * the ordinary shapes right.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { attributeBlocklist } from './attribution.js';
import { reasonFromRemoteHost } from './classify.js';
import { splitTranscript } from './transcript.js';

test('a Remote-MTA value longer than any host name is no host, and is read at once', () => {
  const text = 'host or domain name not found';
  assert.equal(reasonFromRemoteHost(`${'['.repeat(40_000)}x`, null, '5.1.2', text), null);
  assert.equal(reasonFromRemoteHost(`${' '.repeat(40_000)}x`, null, '5.1.2', text), null);
  // Ordinary values: the bracketed address and a final dot are not part of the host.
  assert.equal(reasonFromRemoteHost('mx-aol.mail.aol.com [192.0.2.1]', null, '5.1.2', text), 'hostunknown');
  assert.equal(reasonFromRemoteHost('mx-aol.mail.aol.com.', null, '5.1.2', text), 'hostunknown');
  assert.equal(reasonFromRemoteHost('mx.example.net [192.0.2.1]', null, '5.1.2', text), null);
});

test('"blocked by" a name with a list word in its first label is a list; a long run of the word is read at once', () => {
  assert.equal(attributeBlocklist('550 5.7.1 blocked by spamrbl.example.org')?.zone, 'spamrbl.example.org');
  assert.equal(attributeBlocklist('550 5.7.1 blocked by mx.example.net'), null);
  assert.equal(attributeBlocklist('550 5.7.1 blocked by mail.rbl.example.net'), null);
  // The name ends at the last label of letters ("...com-" is no part of it).
  assert.equal(attributeBlocklist('550 blocked by dnsbl.example.com-1')?.zone, 'dnsbl.example.com');
  const run = `550 5.7.1 <u@example.org>: blocked by ${'rbl'.repeat(2_700)}\n`;
  assert.equal(attributeBlocklist(run.repeat(100)), null);
});

test('a pasted session of thousands of RCPTs and DATAs, and long blank lines, are read at once (review)', () => {
  const k = 2_000;
  let session = '';
  for (let i = 0; i < k; i++) session += `RCPT TO:<u${i}@b.example>\n250 ok\n`;
  for (let i = 0; i < k; i++) session += 'DATA\n550 5.7.1 no\n';
  const records = splitTranscript(session)!;
  assert.ok(records.length > 0 && records.length <= 200, String(records.length));
  assert.equal(records[0]!.recipient, 'u0@b.example');
  // A long run of blanks before a non-code: no backtracking between two runs of blanks.
  const blanks = `MAIL FROM:<x@y.example>\n250 ok\nRCPT TO:<a@b.example>\n${' '.repeat(60_000)}x\n550 5.1.1 <a@b.example> unknown`;
  assert.equal(splitTranscript(blanks)?.[0]?.recipient, 'a@b.example');
});
