import assert from 'node:assert/strict';
import { test } from 'node:test';
import { refreshTarget, scanHtml } from './html-scan.js';
import { MAX_LINKS } from './limits.js';

test('collects anchors with their visible text, areas, forms and meta refresh', () => {
  const scan = scanHtml(
    `<html><head><meta http-equiv="Refresh" content="0; URL='https://r.example/'"><title>t</title></head>
     <body><a href="http://x.example/">update.<b>microsoft</b>.com</a>
     <map><area href="https://area.example/" alt="Area"></map>
     <form action="https://collect.example/p"><input type="password" name="p"><input name="u"></form>
     <script>var s = '<a href="https://not-a-link.example/">';</script></body></html>`,
  );
  assert.deepEqual(
    scan.links.map((l) => [l.source, l.href, l.text]),
    [
      ['meta-refresh', 'https://r.example/', ''],
      ['a', 'http://x.example/', 'update.microsoft.com'],
      ['area', 'https://area.example/', 'Area'],
      ['form', 'https://collect.example/p', ''],
    ],
  );
  assert.equal(scan.forms[0]?.passwordFields, 1);
  assert.equal(scan.forms[0]?.textFields, 1);
  assert.ok(!scan.text.includes('not-a-link'));
});

test('entities in attributes are decoded as a browser does', () => {
  const scan = scanHtml('<a href="https://a.example/?x=1&amp;url=https%3A%2F%2Fb.example">go</a>');
  assert.equal(scan.links[0]?.href, 'https://a.example/?x=1&url=https%3A%2F%2Fb.example');
});

test('refreshTarget reads the URL part of a refresh content attribute', () => {
  assert.equal(refreshTarget('5;url=https://x.example/'), 'https://x.example/');
  assert.equal(refreshTarget('5'), null);
});

test('hostile HTML is bounded: link count, size, deep nesting, unclosed tags', () => {
  const many = scanHtml('<a href="http://x.example/">x</a>'.repeat(MAX_LINKS * 4));
  assert.equal(many.links.length, MAX_LINKS);
  assert.equal(many.truncated, true);
  const deep = scanHtml(`${'<div><span>'.repeat(50_000)}<a href="http://deep.example/">deep</a>`);
  assert.equal(deep.links[0]?.href, 'http://deep.example/');
  const huge = scanHtml(`<a href="http://a.example/">${'y'.repeat(5_000_000)}</a>`);
  assert.equal(huge.truncated, true);
  assert.ok((huge.links[0]?.text.length ?? 0) <= 256);
  const broken = scanHtml('<a href="http://b.example/>never closed <<<<<<<<<<');
  assert.ok(Array.isArray(broken.links));
});
