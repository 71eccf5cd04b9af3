/**
 * Reading a config file's text into a value and a way back from a key's path to its line, for
 * errors that name the line: YAML through the `yaml` package's node ranges; TOML by walking the
 * text, since smol-toml keeps no positions.
 */
import { parse as parseToml, TomlError } from 'smol-toml';
import { LineCounter, parseDocument } from 'yaml';
import { MxError } from '../core/errors.js';
import { escapeRegex } from '../core/regex.js';
import type { Path } from './schema.js';

export interface Read {
  value: unknown;
  lineOf(path: Path): number;
}

export function readYaml(text: string, fileName: string): Read {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const first = doc.errors[0];
  if (first) {
    const line = lineCounter.linePos(first.pos[0]).line;
    throw new MxError('config', `${fileName}:${line}: not valid YAML: ${first.message.split('\n')[0]}`);
  }
  return {
    value: doc.toJS(),
    lineOf(path) {
      for (let n = path.length; n >= 0; n--) {
        const node = doc.getIn(path.slice(0, n), true) as { range?: [number, number, number] } | undefined;
        if (node?.range) return lineCounter.linePos(node.range[0]).line;
      }
      return 1;
    },
  };
}

export function readToml(text: string, fileName: string): Read {
  let value: unknown;
  try {
    value = parseToml(text);
  } catch (error) {
    const line = error instanceof TomlError ? error.line : 1;
    const message = (error as Error).message.split('\n')[0];
    throw new MxError('config', `${fileName}:${line}: not valid TOML: ${message}`);
  }
  return { value, lineOf: (path) => tomlLine(text.split(/\r?\n/), path) };
}

/**
 * smol-toml keeps no positions, so the line is found by walking the text: `[[groups]]` headers
 * count array items, `key =` lines name keys. Good enough to point at the right place.
 */
function tomlLine(lines: string[], path: Path): number {
  let from = 0;
  let found = 0;
  for (const [i, part] of path.entries()) {
    if (typeof part === 'number') {
      const table = path[i - 1];
      let seen = -1;
      let header = false;
      for (let l = from; l < lines.length; l++) {
        if (new RegExp(`^\\s*\\[\\[\\s*${String(table)}\\s*\\]\\]`).test(lines[l]!) && ++seen === part) {
          from = l;
          found = l + 1;
          header = true;
          break;
        }
      }
      // Not an array of tables: an item of the array value on the key's line (maybe spread over lines).
      if (!header && found > 0) {
        const line = arrayItemLine(lines, found - 1, part);
        if (line !== null) {
          from = line;
          found = line + 1;
        }
      }
      continue;
    }
    const name = escapeRegex(part);
    const key = new RegExp(`^\\s*(["']?)${name}\\1\\s*=|^\\s*\\[{1,2}[^\\]]*\\b${name}\\]`);
    for (let l = from; l < lines.length; l++) {
      if (key.test(lines[l]!)) {
        from = l;
        found = l + 1;
        break;
      }
    }
  }
  return found || 1;
}

/**
 * The line (0-based) where item `index` of the array value of `key = [...]` on line `keyLine`
 * starts: strings, inline tables and nested arrays are skipped whole, comments to the line end.
 */
function arrayItemLine(lines: string[], keyLine: number, index: number): number | null {
  let depth = 0;
  let item = -1;
  let expectItem = false;
  for (let l = keyLine; l < lines.length; l++) {
    const text = lines[l]!;
    let c = l === keyLine ? text.indexOf('=') + 1 : 0;
    for (; c < text.length; c++) {
      const ch = text[c]!;
      if (ch === '#') break;
      if (ch === '"' || ch === "'") {
        if (depth === 1 && expectItem && ++item === index) return l;
        expectItem = false;
        let end = c + 1;
        while (end < text.length && text[end] !== ch) end += ch === '"' && text[end] === '\\' ? 2 : 1;
        if (end >= text.length) break;
        c = end;
      } else if (ch === '[' || ch === '{') {
        if (depth === 1 && expectItem && ++item === index) return l;
        expectItem = false;
        if (ch === '[' && depth === 0) expectItem = true;
        depth++;
      } else if (ch === ']' || ch === '}') {
        depth--;
        if (depth === 0) return null;
      } else if (ch === ',' && depth === 1) expectItem = true;
      else if (!/\s/.test(ch) && depth === 1 && expectItem) {
        if (++item === index) return l;
        expectItem = false;
      }
    }
  }
  return null;
}
