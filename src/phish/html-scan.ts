/**
 * Reads an HTML body with parse5's spec tokenizer (the WHATWG tokenizer browsers use, so entity
 * decoding, attribute quoting and broken markup come out as a browser sees them) without building
 * a tree: links with their visible text, forms and their fields, meta refresh targets, and the
 * visible text. Bounded by MAX_HTML_CHARS and MAX_LINKS.
 */
import { type Token, Tokenizer, TokenizerMode } from 'parse5';
import { MAX_HTML_CHARS, MAX_LINK_TEXT_CHARS, MAX_LINKS, MAX_LURE_TEXT_CHARS } from './limits.js';

export interface RawLink {
  href: string;
  text: string;
  source: 'a' | 'area' | 'form' | 'meta-refresh';
}

export interface HtmlForm {
  action: string;
  passwordFields: number;
  textFields: number;
}

export interface HtmlScan {
  links: RawLink[];
  forms: HtmlForm[];
  /** Visible text (capped at MAX_LURE_TEXT_CHARS), for lure wording. */
  text: string;
  /** Non-blank visible characters, counted past the cap. */
  textChars: number;
  images: number;
  truncated: boolean;
}

type TagToken = Token.TagToken;

const RAW_TEXT_TAGS: Record<string, (typeof TokenizerMode)[keyof typeof TokenizerMode]> = {
  script: TokenizerMode.SCRIPT_DATA,
  style: TokenizerMode.RAWTEXT,
  xmp: TokenizerMode.RAWTEXT,
  iframe: TokenizerMode.RAWTEXT,
  noembed: TokenizerMode.RAWTEXT,
  noframes: TokenizerMode.RAWTEXT,
  title: TokenizerMode.RCDATA,
  textarea: TokenizerMode.RCDATA,
};
const HIDDEN_TEXT_TAGS = new Set(['script', 'style', 'title', 'xmp', 'iframe', 'noembed', 'noframes']);

function attr(token: TagToken, name: string): string | null {
  for (const a of token.attrs) if (a.name === name) return a.value;
  return null;
}

/** The URL of `<meta http-equiv="refresh" content="0; url=...">` (HTML §4.2.5.3), or null. */
export function refreshTarget(content: string): string | null {
  const at = content.toLowerCase().indexOf('url');
  if (at < 0) return null;
  let rest = content.slice(at + 3).trimStart();
  if (!rest.startsWith('=')) return null;
  rest = rest.slice(1).trim();
  if (rest.startsWith("'") || rest.startsWith('"')) rest = rest.slice(1, rest.indexOf(rest[0]!, 1) >>> 0);
  return rest === '' ? null : rest;
}

class Collector {
  readonly scan: HtmlScan = { links: [], forms: [], text: '', textChars: 0, images: 0, truncated: false };
  anchor: RawLink | null = null;
  form: HtmlForm | null = null;
  hiddenDepth = 0;
  tokenizer: Tokenizer | null = null;

  addLink(link: RawLink): void {
    if (this.scan.links.length < MAX_LINKS) this.scan.links.push(link);
    else this.scan.truncated = true;
  }

  onStartTag(token: TagToken): void {
    const name = token.tagName;
    const mode = RAW_TEXT_TAGS[name];
    if (mode !== undefined && !token.selfClosing && this.tokenizer) this.tokenizer.state = mode;
    if (HIDDEN_TEXT_TAGS.has(name)) this.hiddenDepth++;
    if (name === 'a' || name === 'area') this.startAnchor(token, name);
    else if (name === 'form') this.startForm(token);
    else if (name === 'input') this.countInput(token);
    else if (name === 'img') this.scan.images++;
    else if (name === 'meta') this.readMeta(token);
  }

  startAnchor(token: TagToken, name: 'a' | 'area'): void {
    const href = attr(token, 'href');
    if (href === null) return;
    const link: RawLink = { href, text: name === 'area' ? (attr(token, 'alt') ?? '') : '', source: name };
    this.addLink(link);
    if (name === 'a') this.anchor = link;
  }

  startForm(token: TagToken): void {
    this.form = { action: attr(token, 'action') ?? '', passwordFields: 0, textFields: 0 };
    this.scan.forms.push(this.form);
    if (this.form.action !== '') this.addLink({ href: this.form.action, text: '', source: 'form' });
  }

  countInput(token: TagToken): void {
    const type = (attr(token, 'type') ?? 'text').toLowerCase();
    // An input outside any form still collects a password when scripts post it.
    if (!this.form) {
      this.form = { action: '', passwordFields: 0, textFields: 0 };
      this.scan.forms.push(this.form);
    }
    if (type === 'password') this.form.passwordFields++;
    else if (type === 'text' || type === 'email' || type === 'tel' || type === 'number')
      this.form.textFields++;
  }

  readMeta(token: TagToken): void {
    if ((attr(token, 'http-equiv') ?? '').toLowerCase() !== 'refresh') return;
    const target = refreshTarget(attr(token, 'content') ?? '');
    if (target) this.addLink({ href: target, text: '', source: 'meta-refresh' });
  }

  onEndTag(token: TagToken): void {
    const name = token.tagName;
    if (HIDDEN_TEXT_TAGS.has(name) && this.hiddenDepth > 0) this.hiddenDepth--;
    if (name === 'a') this.anchor = null;
    else if (name === 'form') this.form = null;
  }

  onText(chars: string, whitespace: boolean): void {
    if (this.hiddenDepth > 0) return;
    if (this.scan.text.length < MAX_LURE_TEXT_CHARS) this.scan.text += whitespace ? ' ' : chars;
    if (!whitespace) this.scan.textChars += chars.length;
    const a = this.anchor;
    if (a && a.text.length < MAX_LINK_TEXT_CHARS)
      a.text = (a.text + (whitespace ? ' ' : chars)).slice(0, MAX_LINK_TEXT_CHARS);
  }
}

/**
 * @example
 * scanHtml('<a href="http://x.example/">update.microsoft.com</a>').links
 * // [{ href: 'http://x.example/', text: 'update.microsoft.com', source: 'a' }]
 */
export function scanHtml(html: string): HtmlScan {
  const c = new Collector();
  const space = (token: Token.CharacterToken) => c.onText(token.chars, true);
  const tokenizer = new Tokenizer(
    {},
    {
      onStartTag: (t) => c.onStartTag(t),
      onEndTag: (t) => c.onEndTag(t),
      onCharacter: (t) => c.onText(t.chars, false),
      onWhitespaceCharacter: space,
      onNullCharacter: () => {},
      onComment: () => {},
      onDoctype: () => {},
      onEof: () => {},
    },
  );
  c.tokenizer = tokenizer;
  if (html.length > MAX_HTML_CHARS) c.scan.truncated = true;
  tokenizer.write(html.length > MAX_HTML_CHARS ? html.slice(0, MAX_HTML_CHARS) : html, true);
  for (const link of c.scan.links) link.text = collapseSpace(link.text);
  return c.scan;
}

/** Collapses runs of white space to one space and trims: a linear pass, no regex. */
export function collapseSpace(text: string): string {
  let out = '';
  let pendingSpace = false;
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    if (code <= 32 || code === 0xa0 || code === 0x200b || code === 0x200c || code === 0xfeff) {
      pendingSpace = out.length > 0;
      continue;
    }
    if (pendingSpace) out += ' ';
    pendingSpace = false;
    out += ch;
  }
  return out;
}
