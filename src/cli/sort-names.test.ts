import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareRootAscii, ROOT_ASCII_ORDER, rootCollationLocale, sortByName } from './sort-names.js';

const sign = (n: number) => Math.sign(n);

test('the table holds every printable ASCII character once, in localeCompare order', () => {
  const all = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i));
  assert.equal([...new Set(ROOT_ASCII_ORDER)].length, 95);
  assert.deepEqual(
    [...ROOT_ASCII_ORDER],
    [...all].sort((a, b) => a.localeCompare(b, 'en-US')),
  );
});

test('compareRootAscii agrees with localeCompare on 200,000 random pairs (case and prefix ties included)', () => {
  let seed = 12345;
  const next = () => {
    seed = (seed * 1103515245 + 12345) >>> 0;
    return seed;
  };
  const alphabet = 'aAbB-_.0 9zZ~';
  const randomName = () => {
    const length = next() % 6;
    let s = '';
    for (let i = 0; i < length; i++)
      s += next() % 4 === 0 ? String.fromCharCode(32 + (next() % 95)) : alphabet[next() % alphabet.length];
    return s;
  };
  for (let i = 0; i < 200_000; i++) {
    const a = randomName();
    // Half the pairs are a case change or an extension of the first name.
    const b = i % 3 === 0 ? a.toUpperCase() : i % 3 === 1 ? a + randomName() : randomName();
    assert.equal(sign(compareRootAscii(a, b)), sign(a.localeCompare(b, 'en-US')), `${a} vs ${b}`);
  }
});

test('sortByName: the table under English/C locales, Intl otherwise, same order as localeCompare', () => {
  const many = Array.from({ length: 3000 }, (_, i) => ({
    name: `${'aA_-.9 z'[i % 8]}${(i * 7919) % 1000}${'bB'[i % 2]}`,
  }));
  assert.deepEqual(
    sortByName(many, { LANG: 'en_US.UTF-8' }).map((e) => e.name),
    many.map((e) => e.name).sort((a, b) => a.localeCompare(b, 'en-US')),
  );
  const names = ['r1-b.eml', 'R1-a.eml', 'r0-Z.eml', 'r0_z.eml', 'r10.eml', 'r9.eml', 'é.eml', 'e.eml'];
  const expected = [...names].sort((a, b) => a.localeCompare(b, 'en-US'));
  const sorted = (env: Record<string, string>) =>
    sortByName(
      names.map((name) => ({ name })),
      env,
    ).map((e) => e.name);
  assert.deepEqual(sorted({ LANG: 'C.UTF-8' }), expected);
  assert.deepEqual(sorted({}), expected);
  assert.equal(rootCollationLocale({ LANG: 'da_DK.UTF-8' }), false);
  assert.equal(rootCollationLocale({ LANG: 'da_DK.UTF-8', LC_ALL: 'en_GB.UTF-8' }), true);
  assert.equal(rootCollationLocale({ LANG: 'POSIX' }), true);
});
