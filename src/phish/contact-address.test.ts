import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseMessage } from '../mail/parse.js';
import { analyzeParsed } from './analyze.js';
import { addressesIn } from './contact-address.js';

function message(from: string, body: string, extra = ''): Uint8Array {
  return new TextEncoder().encode(
    `From: ${from}\r\nTo: jane.doe@gmail.com\r\nSubject: Hello\r\nDate: Mon, 24 Nov 2025 10:00:00 +0000\r\n${extra}MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${body}\r\n`,
  );
}

async function rules(bytes: Uint8Array): Promise<string[]> {
  return analyzeParsed(await parseMessage(bytes)).findings.map((f) => f.rule);
}

const RULE = 'contact-freemail-elsewhere';

test('addresses of a text, trailing punctuation left out', () => {
  assert.deepEqual(addressesIn('Write to mrs.jones77@gmail.com. Or (office@bank-intl.com)!'), [
    'mrs.jones77@gmail.com',
    'office@bank-intl.com',
  ]);
  assert.deepEqual(addressesIn('no address @ here, user@localhost'), []);
  // An '@' that opens the text ("@Jane: ...") does not end the scan.
  assert.deepEqual(addressesIn('@Jane: write to mrs.jones@gmail.com'), ['mrs.jones@gmail.com']);
});

test('a first contact that asks to be answered at another free mailbox', async () => {
  const found = await rules(
    message(
      'Barrister James Cole <office@cole-chambers.com>',
      'I have an important matter for you. Contact my private email: jamescole.chambers@gmail.com',
    ),
  );
  assert.ok(found.includes(RULE));
});

test("the sender's own, the reader's and the Reply-To address; a reply quoting someone", async () => {
  assert.ok(!(await rules(message('Ann <ann.b@gmail.com>', 'My address is ann.b@gmail.com'))).includes(RULE));
  assert.ok(
    !(
      await rules(message('News <news@weekly-digest.com>', 'This issue was sent to jane.doe@gmail.com.'))
    ).includes(RULE),
  );
  assert.ok(
    !(
      await rules(
        message(
          'Ann <ann@firm-mail.com>',
          'Write to ann.private@gmail.com',
          'Reply-To: ann.private@gmail.com\r\n',
        ),
      )
    ).includes(RULE),
  );
  assert.ok(
    !(
      await rules(
        message(
          'Bob <bob@firm-mail.com>',
          'Agreed.\n\nOn Monday, Carl <carl.x@gmail.com> wrote:\n> fine',
          'In-Reply-To: <a@b.example>\r\n',
        ),
      )
    ).includes(RULE),
  );
});
