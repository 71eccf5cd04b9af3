/**
 * Readings corrected after review: what a server said with a reply code is its answer, not a
 * network fault. Wordings written here (none copied from a corpus).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeBounce } from './analyze.js';

const first = (text: string) => analyzeBounce(text).recipients[0]!;

test("a server's '554 Connection refused' is its refusal; a connection that failed is the network's", () => {
  assert.notEqual(first('554 Connection refused').reason, 'networkerror');
  assert.notEqual(first('554 5.7.1 Connection refused').reason, 'networkerror');
  assert.equal(first('connect to mx.example.net[192.0.2.25]:25: Connection refused').reason, 'networkerror');
  assert.equal(
    first('554 4.4.7 Message expired: <421 4.4.2 Connection timed out>').reason === 'blocked',
    false,
  );
});

test('"blocked" about the recipient\'s own choice or a phrase is the recipient\'s filter; a bare "Blocked" is the host\'s', () => {
  assert.equal(first('550 5.7.1 Recipient blocked your messages').reason, 'filtered');
  assert.equal(first('550 the recipient has blocked you').reason, 'filtered');
  assert.equal(first('550 5.7.1 Message blocked for containing a blocked phrase').reason, 'filtered');
  assert.equal(first('550 Blocked').reason, 'blocked');
});

test('localised "mailbox full" wordings are whole words; a domain that does not exist is the host', () => {
  assert.equal(first('552 Postfach voll').reason, 'mailboxfull');
  assert.equal(first('552 5.2.2 Postfach voll.').reason, 'mailboxfull');
  assert.equal(first('552 Brevlådan är full').reason, 'mailboxfull');
  assert.notEqual(first('550 Postfach vollständig gesperrt').reason, 'mailboxfull');
  assert.notEqual(first('550 This mailbox is voluntarily closed').reason, 'mailboxfull');
  assert.notEqual(first('552 mailbox is volume-limited').reason, 'mailboxfull');
  assert.equal(first('550 Die Domain der Adresse existiert nicht').reason, 'hostunknown');
  assert.equal(first("550 Le domaine de l'adresse n'existe pas").reason, 'hostunknown');
});
