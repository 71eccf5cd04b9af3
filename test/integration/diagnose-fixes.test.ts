/**
 * src/diagnose/fixes.json against the code that raises the findings (a source scan, so it lives
 * here, not beside the pure code): every entry is used, none is dead advice.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { FIXES } from '../../src/diagnose/fixes.js';

describe('fixes.json', () => {
  it('every entry is raised somewhere in src/diagnose (no dead advice)', () => {
    const dir = new URL('../../src/diagnose/', import.meta.url).pathname;
    const source = readdirSync(dir)
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
      .map((f) => readFileSync(`${dir}${f}`, 'utf8'))
      .join('\n');
    for (const key of Object.keys(FIXES)) assert.ok(source.includes(`'${key}'`), `${key} is never used`);
  });
});
