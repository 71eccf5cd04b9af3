/**
 * Phrase pairs of reasons.json `text`: a wording with a variable part between two phrases. A
 * bounded pair holds only when its variable part is short (a name, an address), so two phrases
 * far apart in an unrelated sentence do not make the wording.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeBounce } from './analyze.js';
import { parseReasonData, REASON_DATA } from './reasons-data.js';
import { pairMatches, reasonFromText } from './text-reasons.js';

const data = {
  explanations: { blocked: 'x' },
  status: {},
  replyCodes: {},
  recipientDomains: {},
  providerCodes: [],
  remoteHosts: [],
};
const withPairs = (pairs: unknown) =>
  parseReasonData({ ...data, text: [{ reason: 'blocked', contains: [], pairs: [pairs] }] });

test('a pair holds two phrases and an optional whole-number gap, checked at load', () => {
  assert.deepEqual(withPairs(['a ', ' b', 40]).text[0]!.pairs, [['a ', ' b', 40]]);
  assert.deepEqual(withPairs(['a ', ' b']).text[0]!.pairs, [['a ', ' b']]);
  assert.throws(() => withPairs(['a ', ' b', -1]), /maximum gap/);
  assert.throws(() => withPairs(['a ', ' b', 2.5]), /maximum gap/);
  assert.throws(() => withPairs(['a ', ' b', '40']), /maximum gap/);
  assert.throws(() => withPairs(['a ', ' b', 40, 1]), /two phrases/);
});

test('a bounded pair matches within its gap, from any occurrence of its first phrase', () => {
  assert.equal(pairMatches('user jdoe not found', 'user ', ' not found', 40), true);
  assert.equal(pairMatches('user a not found', 'user ', ' not found', 1), true);
  assert.equal(pairMatches('user ab not found', 'user ', ' not found', 1), false);
  // The first "user " is too far; the second is near.
  const far = `user ${'x'.repeat(60)} and user jdoe not found`;
  assert.equal(pairMatches(far, 'user ', ' not found', 40), true);
  assert.equal(pairMatches(`user ${'x'.repeat(60)} not found`, 'user ', ' not found', 40), false);
  assert.equal(pairMatches(`user ${'x'.repeat(60)} not found`, 'user ', ' not found', Infinity), true);
  // Order matters: the second phrase before the first is no pair.
  assert.equal(pairMatches('not found user', 'user ', ' not found', 40), false);
});

test('the generic pairs of the broad rules are bounded', () => {
  const generic = REASON_DATA.text.find((r) =>
    r.pairs?.some(([a, b]) => a === ' user ' && b === ' not found'),
  );
  assert.ok(generic);
  for (const pair of generic.pairs!) assert.ok(pair[2] !== undefined && pair[2] <= 40, pair.join('|'));
});

test("'user' and 'not found' far apart in one sentence are no unknown user", () => {
  const long =
    '550 The user you are trying to reach, whose mailbox was migrated last year to a new server, was not found';
  assert.notEqual(reasonFromText(long), 'userunknown');
  assert.equal(reasonFromText('550 5.1.1 user jdoe not found'), 'userunknown');
});

test("Postfix's temporary lookup failure is the server's own failure, whatever user it names", () => {
  const r = analyzeBounce('451 4.3.0 Temporary lookup failure for user jdoe not found').recipients[0]!;
  assert.equal(r.reason, 'systemerror');
  assert.equal(
    analyzeBounce('451 4.3.0 <a@example.org>: Temporary lookup failure').recipients[0]!.reason,
    'systemerror',
  );
});

test('a sender that is not found is a refused sender, not an unknown recipient', () => {
  assert.equal(
    analyzeBounce('550 Sender user bob not found in allowed list').recipients[0]!.reason,
    'rejected',
  );
  assert.equal(analyzeBounce('550 5.1.0 Sender address does not exist').recipients[0]!.reason, 'rejected');
  // The recipient is still unknown when a sender is only named after the refusal.
  assert.equal(
    analyzeBounce('550 5.1.1 user jdoe not found; sender bob notified').recipients[0]!.reason,
    'userunknown',
  );
});

test('localised "the recipient does not exist" pairs, bounded, in a paste without codes', () => {
  const r = analyzeBounce('Ihre Nachricht konnte nicht zugestellt werden. Der Empfänger existiert nicht.');
  assert.equal(r.recipients[0]?.reason, 'userunknown');
  assert.equal(reasonFromText('550 El destinatario no existe'), 'userunknown');
  assert.equal(reasonFromText("550 5.1.1 Adresse d'au moins un destinataire invalide"), 'userunknown');
  // "Empfänger" far from "existiert nicht" (another sentence's subject) is no such wording.
  const far = `Der Empfänger ${'hat die Nachricht wegen einer Regel des Servers abgelehnt, '.repeat(2)}die Regel existiert nicht`;
  assert.notEqual(reasonFromText(far), 'userunknown');
});

test('pairs around a host name or address allow a whole one (an IPv6 literal, a long domain)', () => {
  const ipv6 = 'Client host [2001:0db8:85a3:0000:0000:8a2e:0370:7334] blocked using zen.spamhaus.org';
  assert.equal(reasonFromText(`554 5.7.1 ${ipv6}`), 'blocked');
  const host = `${'a'.repeat(60)}.${'b'.repeat(60)}.example.net`;
  assert.equal(reasonFromText(`550 Le domaine ${host} n'existe pas`), 'hostunknown');
  for (const rule of REASON_DATA.text)
    for (const [first, , gap] of rule.pairs ?? [])
      if (/^(?:client host |le domaine |mail server at )$/.test(first))
        assert.ok(gap !== undefined && gap >= 255);
});

test("a mailbox's own delivery policy (Zoho's 'Mailbox delivery ... policy error') is a filter, even under 5.1.1", () => {
  assert.equal(
    analyzeBounce('552 5.1.1 <a@example.net> Mailbox delivery failure policy error').recipients[0]!.reason,
    'filtered',
  );
  assert.equal(
    analyzeBounce('452 <a@example.net> Mailbox delivery restricted by policy error').recipients[0]!.reason,
    'filtered',
  );
  // The two words far apart are no such wording: the 5.1.1 mailbox stays unknown.
  const far = `550 5.1.1 Mailbox delivery to ${'x'.repeat(50)} failed: no such user; see our policy error page`;
  assert.equal(analyzeBounce(far).recipients[0]!.reason, 'userunknown');
});
