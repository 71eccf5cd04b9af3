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

// The cases below were read by parse5's spec tokenizer before htmlparser2's replaced it; the
// expected values are what parse5 gave (the two gave the same scan on all 694 HTML bodies of the
// phish corpora), so each pins one thing the wrapper does to read as parse5 did.
test('reads markup as parse5 did: names in any case, CR LF, NUL, duplicates, self-closing title', () => {
  const upper = scanHtml('<TITLE>t</TITLE><A HREF="Y">Z</A>');
  assert.deepEqual(upper.links, [{ href: 'Y', text: 'Z', source: 'a' }]);
  assert.equal(upper.text, 'Z');
  const crlf = scanHtml('<a href="7\r\nx"\r\n>l\r\nm\rn</a>');
  assert.equal(crlf.links[0]?.href, '7\nx');
  assert.equal(crlf.text, 'l m n');
  const nul = scanHtml('a\0b<a href="q\0r">t\0u</a>');
  assert.equal(nul.links[0]?.href, 'q\ufffdr');
  assert.equal(nul.text, 'abtu');
  assert.equal(nul.textChars, 4);
  assert.equal(scanHtml('<a href=x href=y>d</a>').links[0]?.href, 'x');
  // After `<title/>` the markup is still read (links found), its text still counted as hidden.
  assert.deepEqual(scanHtml('<title/>visible <a href=x>y</a>').links, [{ href: 'x', text: '', source: 'a' }]);
});

test('white space runs, entities and hidden elements make the same text as parse5', () => {
  const scan = scanHtml('<a href="x">a&amp;b &#32; c&nbsp;d</a><style>p{}</style ><a href=13>s</a>');
  assert.equal(scan.text, 'a&b c\u00a0ds');
  assert.equal(scan.links[0]?.text, 'a&b c d');
  assert.equal(scan.textChars, 7);
  const legacy = scanHtml('<a href="17&notit=1&amp=2">&notin; &noti; &amp</a>');
  assert.equal(legacy.links[0]?.href, '17&notit=1&amp=2');
  assert.equal(legacy.text, '∉ ¬i; &');
  // The text is capped after the white-space run or word that crosses MAX_LURE_TEXT_CHARS, as before.
  const long = scanHtml(`<p>${'word '.repeat(3000)}</p>`);
  assert.equal(long.text.length, 8000);
  assert.equal(long.textChars, 12000);
});

test('where htmlparser2 reads as a browser does and parse5 (without its tree builder) did not', () => {
  // <plaintext> makes the rest text in a browser: no link there to click, none reported.
  assert.deepEqual(scanHtml('<plaintext><a href=6>p</a>').links, []);
});
