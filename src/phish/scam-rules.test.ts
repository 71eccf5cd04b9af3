import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Findings } from './catalog.js';
import { checkAdvanceFee, checkScamStyleSender, findLargeSum } from './scam-rules.js';

test('large sums: thousands groups beside a currency, or millions; not IPs, versions or code', () => {
  assert.equal(findLargeSum('Kan ik € 100.000.000 aan u overmaken?'), '€ 100.000.000');
  assert.ok(findLargeSum('the sum of USD 10.5 million only')?.includes('million'));
  assert.ok(findLargeSum('$4,500,000.00 deposited') !== null);
  assert.equal(findLargeSum('src 192.168.0.79 metric 100 USD'), null);
  assert.equal(findLargeSum('setenv -i 4000000:$fi'), null);
  assert.equal(findLargeSum('Total: $45.00'), null);
  assert.equal(findLargeSum('version 2.6.32 released'), null);
});

function rules(subject: string, body: string, webLinks = 0): string[] {
  const out = new Findings();
  checkAdvanceFee(subject, body, webLinks, out);
  return out.list().map((f) => f.rule);
}

test('advance-fee: a large sum or two proposal phrases, without links', () => {
  assert.deepEqual(rules('Donation', 'I am donating EUR 1,500,000.00 to you. Contact me.'), [
    'advance-fee-lure',
  ]);
  assert.deepEqual(rules('Hello', 'I have a business proposal for you, kindly get back to me for details.'), [
    'advance-fee-lure',
  ]);
  // Financial news quoting millions links to its articles.
  assert.deepEqual(rules('Markets', 'The fund raised $250 million in funding.', 6), []);
  assert.deepEqual(rules('Re: patch', 'Thanks, applied. Please send a proposal for v2.'), []);
});

test('scam-style sender names: honorifics and capitals, not ordinary names', () => {
  const style = (name: string) => {
    const out = new Findings();
    checkScamStyleSender(name, out);
    return out.has('scam-style-sender');
  };
  assert.equal(style('Mrs Chantel Hermans'), true);
  assert.equal(style('BARRISTER JOHN SMITH'), true);
  assert.equal(style('Jane Example'), false);
  assert.equal(style('IBM'), false);
});

test('"you have been selected for a donation" is the donation scam; thanking a donor is not', () => {
  const scam = new Findings();
  checkAdvanceFee(
    'Aw: Spende',
    'Ich bin Frau Susanne Klatten. Sie wurden für eine Spende ausgewählt.',
    0,
    scam,
  );
  assert.ok(scam.has('advance-fee-lure'));
  const thanks = new Findings();
  checkAdvanceFee('Danke', 'Wir danken Ihnen für Ihre Spende an unseren Verein.', 0, thanks);
  assert.ok(!thanks.has('advance-fee-lure'));
});
