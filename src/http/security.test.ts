import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bearerToken, loopbackHosts, RateLimiter, tokensMatch } from './security.js';

describe('bearer token', () => {
  it('reads the token of an Authorization header, and nothing else', () => {
    assert.equal(bearerToken('Bearer abc.DEF-123'), 'abc.DEF-123');
    assert.equal(bearerToken('bearer  abc'), 'abc');
    assert.equal(bearerToken('Basic abc'), null);
    assert.equal(bearerToken('Bearer a b'), null);
    assert.equal(bearerToken(undefined), null);
  });

  it('compares whole tokens, whatever their length; an empty expected token never matches', () => {
    assert.equal(tokensMatch('s3cret', 's3cret'), true);
    assert.equal(tokensMatch('s3cre', 's3cret'), false);
    assert.equal(tokensMatch('s3cret-and-more', 's3cret'), false);
    assert.equal(tokensMatch('', ''), false);
  });
});

describe('rate limiter', () => {
  it('lets a burst through, then the sustained rate', () => {
    let now = 0;
    const limiter = new RateLimiter({ perSecond: 2, burst: 3 }, () => now);
    assert.deepEqual(
      [1, 2, 3, 4].map(() => limiter.take('a')),
      [true, true, true, false],
    );
    assert.equal(limiter.take('b'), true, 'another client has its own bucket');
    now = 500;
    assert.equal(limiter.take('a'), true);
    assert.equal(limiter.take('a'), false);
  });
});

describe('Host check', () => {
  it('accepts the listen address and localhost with the port', () => {
    const hosts = loopbackHosts('127.0.0.1', 8025);
    assert.ok(hosts.has('127.0.0.1:8025'));
    assert.ok(hosts.has('localhost:8025'));
    assert.ok(!hosts.has('evil.example:8025'));
    assert.ok(loopbackHosts('::1', 8025).has('[::1]:8025'));
  });
});
