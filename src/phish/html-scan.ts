/**
 * Reads an HTML body with htmlparser2's tokenizer (entity decoding with the WHATWG tables and
 * rules, raw-text and RCDATA elements, broken markup read as a browser reads it) without building
 * a tree: links with their visible text, forms and their fields, meta refresh targets, and the
 * visible text. Bounded by MAX_HTML_CHARS and MAX_LINKS.
 *
 * It replaced parse5's spec tokenizer, which walks its state machine one code point at a time:
 * htmlparser2 skips through text with indexOf and hands back ranges, 3-4x less CPU for the same
 * links and text (cold, as a CLI run is). What parse5 did that htmlparser2 does not is done here,
 * so that the scan is the same: CR LF and lone CR read as LF (HTML §13.2.3.5), tag and attribute
 * names in ASCII lower case, the first of duplicate attributes kept, NUL in an attribute value as
 * U+FFFD, and the text cut into the same runs (white space apart from the rest, a NUL ending a run).
 */
import { QuoteType, Tokenizer } from 'htmlparser2';
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

interface TagToken {
  tagName: string;
  attrs: { name: string; value: string }[];
}

const HIDDEN_TEXT_TAGS = new Set(['script', 'style', 'title', 'xmp', 'iframe', 'noembed', 'noframes']);
/** The tags whose attributes Collector reads (onStartTag). */
const ATTRIBUTE_TAGS = new Set(['a', 'area', 'form', 'input', 'meta']);

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

  addLink(link: RawLink): void {
    if (this.scan.links.length < MAX_LINKS) this.scan.links.push(link);
    else this.scan.truncated = true;
  }

  onStartTag(token: TagToken): void {
    const name = token.tagName;
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

  onEndTag(name: string): void {
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

/** Run kinds of the text, as parse5 cut them: white space (space, tab, LF, FF), NUL, the rest. */
const RUN_NONE = 0;
const RUN_CHARS = 1;
const RUN_SPACE = 2;
const RUN_NUL = 3;
const RUN_PIECES = /[ \t\n\f]+|\0+|[^ \t\n\f\0]+/g;

function runKind(first: number): number {
  if (first === 0x20 || first === 0x09 || first === 0x0a || first === 0x0c) return RUN_SPACE;
  return first === 0 ? RUN_NUL : RUN_CHARS;
}

function lowerAscii(name: string): string {
  return /[A-Z]/.test(name) ? name.replace(/[A-Z]+/g, (m) => m.toLowerCase()) : name;
}

/** Text pieces joined into runs of one kind; a run ends at a change of kind or at any markup. */
class TextRuns {
  private kind = RUN_NONE;
  private run = '';

  constructor(private readonly c: Collector) {}

  add(text: string): void {
    if (text === '') return;
    RUN_PIECES.lastIndex = 0;
    for (let m = RUN_PIECES.exec(text); m !== null; m = RUN_PIECES.exec(text)) {
      const kind = runKind(m[0].charCodeAt(0));
      if (kind !== this.kind) this.end();
      this.kind = kind;
      this.run += m[0];
    }
  }

  end(): void {
    if (this.kind === RUN_CHARS) this.c.onText(this.run, false);
    else if (this.kind === RUN_SPACE) this.c.onText(this.run, true);
    this.kind = RUN_NONE;
    this.run = '';
  }
}

/**
 * @example
 * scanHtml('<a href="http://x.example/">update.microsoft.com</a>').links
 * // [{ href: 'http://x.example/', text: 'update.microsoft.com', source: 'a' }]
 */
export function scanHtml(input: string): HtmlScan {
  const c = new Collector();
  if (input.length > MAX_HTML_CHARS) c.scan.truncated = true;
  let html = input.length > MAX_HTML_CHARS ? input.slice(0, MAX_HTML_CHARS) : input;
  if (html.includes('\r')) html = html.replace(/\r\n?/g, '\n');
  const runs = new TextRuns(c);
  let tag: TagToken = { tagName: '', attrs: [] };
  // Attributes are read only on the tags whose attributes the scan uses: a newsletter's inline
  // style on every cell was sliced, lower-cased and kept for nothing.
  let readAttrs = false;
  let attrName = '';
  let attrValue = '';
  const endRun = () => runs.end();
  const tokenizer = new Tokenizer(
    // Self-closing syntax is honoured so that `<title/>` does not hide the rest of the body, as
    // parse5's tokenizer (without a tree builder) read it.
    { recognizeSelfClosing: true },
    {
      // Text inside script, style and the like is dropped whole: runs end at every tag, so none
      // spans a change of hiddenDepth.
      ontext: (start, end) => {
        if (c.hiddenDepth === 0) runs.add(html.slice(start, end));
      },
      ontextentity: (codePoint) => {
        if (c.hiddenDepth === 0) runs.add(String.fromCodePoint(codePoint));
      },
      onopentagname: (start, end) => {
        runs.end();
        tag = { tagName: lowerAscii(html.slice(start, end)), attrs: [] };
        readAttrs = ATTRIBUTE_TAGS.has(tag.tagName);
      },
      onattribname: (start, end) => {
        if (!readAttrs) return;
        attrName = lowerAscii(html.slice(start, end));
        attrValue = '';
      },
      onattribdata: (start, end) => {
        if (readAttrs) attrValue += html.slice(start, end);
      },
      onattribentity: (codePoint) => {
        if (readAttrs) attrValue += String.fromCodePoint(codePoint);
      },
      onattribend: (quote) => {
        if (!readAttrs) return;
        const value = quote === QuoteType.NoValue ? '' : attrValue.replaceAll('\0', '\ufffd');
        if (!tag.attrs.some((a) => a.name === attrName)) tag.attrs.push({ name: attrName, value });
      },
      onopentagend: () => c.onStartTag(tag),
      onselfclosingtag: () => c.onStartTag(tag),
      onclosetag: (start, end) => {
        runs.end();
        c.onEndTag(lowerAscii(html.slice(start, end)));
      },
      oncomment: endRun,
      oncdata: endRun,
      ondeclaration: endRun,
      onprocessinginstruction: endRun,
      onend: endRun,
    },
  );
  tokenizer.write(html);
  tokenizer.end();
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
