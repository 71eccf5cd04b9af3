import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseMessage } from '../mail/parse.js';
import { analyzeParsed } from './analyze.js';

function message(from: string, subject: string, body: string, extra = ''): Uint8Array {
  return new TextEncoder().encode(
    `From: ${from}\r\nTo: jane.doe@example.org\r\nSubject: ${subject}\r\nDate: Mon, 24 Nov 2025 10:00:00 +0000\r\n${extra}MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${body}\r\n`,
  );
}

async function rules(bytes: Uint8Array): Promise<string[]> {
  return analyzeParsed(await parseMessage(bytes)).findings.map((f) => f.rule);
}

const RULE = 'recipient-address-as-name';

test("the reader's address where a name belongs: subject, sender's name, greeting", async () => {
  assert.ok(
    (
      await rules(
        message('Rewards <win@promo-mail.example>', 'jane.doe@example.org, your reward is here', 'Open it.'),
      )
    ).includes(RULE),
  );
  assert.ok(
    (
      await rules(message('"Bonus for jane.doe@example.org" <a@promo-mail.example>', 'Play now', 'Spins.'))
    ).includes(RULE),
  );
  assert.ok(
    (
      await rules(
        message(
          'IT Support <it@helpdesk-mail.example>',
          'Storage full',
          'Dear jane.doe@example.org,\nyour mailbox is full.',
        ),
      )
    ).includes(RULE),
  );
  assert.ok(
    (
      await rules(
        message(
          'Temu <news@promo-mail.example>',
          'Ein Geschenk',
          'Hallo, jane.doe@example.org! Ihr Gutschein wartet.',
        ),
      )
    ).includes(RULE),
  );
});

test('not a name: a calendar guest in brackets, a quoted address, a self-addressed note', async () => {
  assert.ok(
    !(
      await rules(
        message(
          'Mark <mark@partner.example>',
          'Invitation: Sync @ Tue 2 Dec (jane.doe@example.org)',
          'Join us.',
        ),
      )
    ).includes(RULE),
  );
  assert.ok(
    !(
      await rules(
        message(
          'Mark <mark@partner.example>',
          'Re: plans',
          'On Monday, jane.doe@example.org wrote:\n> see you',
        ),
      )
    ).includes(RULE),
  );
  assert.ok(
    !(await rules(message('Jane <jane.doe@example.org>', 'note to jane.doe@example.org', 'milk'))).includes(
      RULE,
    ),
  );
});

test('a sender whose authentication, name and links agree may quote the address it wrote to', async () => {
  const aligned =
    'Authentication-Results: mx.example.org; dkim=pass header.d=shopco.com; spf=pass smtp.mailfrom=shopco.com; dmarc=pass header.from=shopco.com\r\nList-Unsubscribe: <https://shopco.com/u>\r\n';
  const found = await rules(
    message(
      'Shop <hello@shopco.com>',
      'Welcome, jane.doe@example.org',
      'See https://shopco.com/start',
      aligned,
    ),
  );
  assert.ok(!found.includes(RULE));
});

test("the reader's address inside a longer address is not the reader's address", async () => {
  const longer = [
    message(
      'Notes <notes@mail-notes.example>',
      'Forwarding the note from mary.jane.doe@example.org',
      'See below.',
    ),
    message('Notes <notes@mail-notes.example>', 'Team list', 'Hi jane.doe@example.org.au team,\nthe agenda.'),
  ];
  for (const bytes of longer) assert.ok(!(await rules(bytes)).includes(RULE));
  // At a sentence's end it is still the address.
  const ends = message('Rewards <win@promo-mail.example>', 'A reward for jane.doe@example.org.', 'Open it.');
  assert.ok((await rules(ends)).includes(RULE));
});
