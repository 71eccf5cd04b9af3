import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findDisguisedWord, findRandomToken, isRandomToken } from './text-rules.js';

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
