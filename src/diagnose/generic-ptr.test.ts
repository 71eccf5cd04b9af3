import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseIp } from '../core/ip.js';
import { classifyPtr } from './generic-ptr.js';

const ip = parseIp('198.51.100.7')!;

describe('classifyPtr', () => {
  const cases: [string, 'generic' | 'dynamic' | 'specific'][] = [
    ['mail.example.com', 'specific'],
    ['mx1.mail.example.co.uk', 'specific'],
    ['7.100.51.198.dynamic.isp.example', 'dynamic'],
    ['host-198-51-100-7.pool.isp.example', 'dynamic'],
    ['dsl-customer.isp.example', 'dynamic'],
    ['198-51-100-7.isp.example', 'generic'],
    ['static-198-51-100-7.isp.example', 'generic'],
    ['ip-c6336407.isp.example', 'generic'],
    ['198051100007.isp.example', 'generic'],
    ['mail-198-51-100-7.example.com', 'specific'],
    ['mail.dsl-provider.example', 'specific'],
    ['srv7.hosting.example', 'specific'],
  ];
  for (const [name, kind] of cases) {
    it(`${name} -> ${kind}`, () => {
      const verdict = classifyPtr(name, ip);
      assert.equal(verdict.kind, kind, verdict.reason ?? '');
      if (kind !== 'specific') assert.ok(verdict.reason);
    });
  }

  it('recognises an IPv6 address spelled in the name', () => {
    const v6 = parseIp('2001:db8:85a3::8a2e:370:7334')!;
    assert.equal(classifyPtr('2001-db8-85a3-8a2e-370-7334.v6.isp.example', v6).kind, 'generic');
    assert.equal(classifyPtr('mail.example.com', v6).kind, 'specific');
  });
});
