import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Findings } from './catalog.js';
import {
  checkDisguisedText,
  checkRandomTokens,
  findDisguisedWord,
  findHiddenCharacter,
  findRandomToken,
  findSpacedIdeographs,
  isRandomToken,
} from './text-rules.js';

test('disguised letters: mathematical bold, small capitals, mixed scripts', () => {
  assert.equal(findDisguisedWord('team@𝗷𝘂𝗺𝗯𝗼'), 'team@𝗷𝘂𝗺𝗯𝗼');
  assert.equal(findDisguisedWord('ᴍᴄᴀꜰᴇᴇ..Alert'), 'ᴍᴄᴀꜰᴇᴇ..Alert');
  assert.equal(findDisguisedWord('Pаypal Support'), 'Pаypal'); // Cyrillic а inside a Latin word
  assert.equal(findDisguisedWord('Привет, Ivan'), null); // Russian and Latin words side by side are fine
  assert.equal(findDisguisedWord('Grüße aus Köln 🎉'), null);
});

test('random tokens: machine-made mailbox names and subject IDs, not names or order numbers', () => {
  assert.equal(isRandomToken('mYIvLwxL'), true);
  assert.equal(isRandomToken('afAbPcZ'), true);
  assert.equal(isRandomToken('McDonald'), false);
  assert.equal(isRandomToken('JohnSmith'), false);
  assert.equal(findRandomToken('Notificação Emitida - 2vOZiA4kohW8FCj'), '2vOZiA4kohW8FCj');
  assert.equal(findRandomToken('Your order 123456789012 has shipped'), null);
  assert.equal(findRandomToken('Tracking 1Z999AA10123456784'), null);
});

test('hidden characters inside words and names spelled one ideograph at a time', () => {
  assert.equal(findHiddenCharacter('【Coinchec\u2064k】アカウント制限'), 'U+2064');
  assert.equal(findHiddenCharacter('重\u2061要'), 'U+2061');
  assert.equal(findHiddenCharacter('I \u2764\uFE0E you'), null); // a selector after a symbol is ordinary
  assert.equal(findHiddenCharacter('Plain subject'), null);
  assert.equal(findSpacedIdeographs('三 井 住 友'), '三 井 住 友');
  assert.equal(findSpacedIdeographs('東 京 電 力'), '東 京 電 力');
  assert.equal(findSpacedIdeographs('山田 太郎'), null);
  assert.equal(findSpacedIdeographs('J R Smith'), null);
  const out = new Findings();
  checkDisguisedText('三 井 住 友', '【三井住友カード】決済完了のお知らせ', out);
  assert.deepEqual(
    out.list().map((f) => f.rule),
    ['disguised-text'],
  );
});

test('a random token in the display name counts when it mixes letters and digits', () => {
  const junk = new Findings();
  checkRandomTokens('support@mail.example.com', 'Your order', junk, 'Norton Renewal 8fKq29XpL4mZ');
  assert.ok(junk.has('random-looking-sender'));
  const brand = new Findings();
  checkRandomTokens('news@github.com', 'This week', brand, 'GitHubNews LinkedInLearning');
  assert.ok(!brand.has('random-looking-sender'));
});

test("brands' PascalCase mailbox names are words, not machine-made strings", () => {
  assert.equal(isRandomToken('DeltaAirLines'), false);
  assert.equal(isRandomToken('AmericanExpress'), false);
  assert.equal(isRandomToken('BestBuyInfo'), false);
  assert.equal(isRandomToken('mYIvLwxL'), true);
  assert.equal(isRandomToken('QmVuZxKpLr'), true);
  assert.equal(isRandomToken('AfAbPcZ'), true);
});
