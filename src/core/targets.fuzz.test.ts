/**
 * Fuzz: the target parser (IPs, CIDR ranges, host names, target files). Properties: parseTarget
 * returns one of three kinds or throws MxError('input') naming the input, never anything else;
 * an IP's canonical text parses to itself; a CIDR never exceeds the forced maximum;
 * splitTargetLines never yields empty or whitespace-holding items.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { allowingMxError, fuzzParams, fuzzTestOptions } from '../../test/helpers/fuzz.js';
import { MAX_CIDR_ADDRESSES } from './cidr.js';
import { MxError } from './errors.js';
import { parseTarget, parseTargets, splitTargetLines } from './targets.js';

const targetText = fc.oneof(
  fc.ipV4(),
  fc.ipV6(),
  fc.ipV6().map((ip) => `[${ip}]`),
  fc.tuple(fc.ipV4(), fc.integer({ min: -1, max: 40 })).map(([ip, p]) => `${ip}/${p}`),
  fc.tuple(fc.ipV6(), fc.integer({ min: -1, max: 140 })).map(([ip, p]) => `${ip}/${p}`),
  fc.domain(),
  fc.domain().map((d) => `${d}.`),
  fc.webUrl(),
  fc.string({ maxLength: 80, unit: 'binary' }),
  fc.string({ maxLength: 300, unit: 'grapheme' }),
);

describe('target parser fuzz', () => {
  it('parseTarget: a valid kind or MxError(input), never another throw', fuzzTestOptions(), () => {
    fc.assert(
      fc.property(targetText, fc.boolean(), (text, force) => {
        const result = allowingMxError(() => parseTarget(text, { force }));
        if (result instanceof MxError) {
          assert.equal(result.code, 'input');
          return;
        }
        if (result.kind === 'ip') assert.equal(parseTarget(result.ip.text).kind, 'ip');
        else if (result.kind === 'cidr') assert.ok(result.cidr.size <= MAX_CIDR_ADDRESSES);
        else
          assert.ok(
            result.domain.length > 0 &&
              result.domain.length <= 253 &&
              result.domain === result.domain.toLowerCase(),
          );
      }),
      fuzzParams(),
    );
  });

  it('splitTargetLines and parseTargets: no throw, every input accounted for', fuzzTestOptions(), () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(targetText, fc.constantFrom('# c', '', ' , ', '\r')), { maxLength: 20 }),
        (lines) => {
          const items = splitTargetLines(lines.join('\n'));
          for (const item of items) assert.ok(item.length > 0 && !/[\s,]/.test(item));
          const { targets, problems } = parseTargets(items);
          assert.equal(targets.length + problems.length, items.length);
        },
      ),
      fuzzParams(),
    );
  });
});
