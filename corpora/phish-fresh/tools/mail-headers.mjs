// Minimal RFC 5322 header reader for corpus checks (no MIME decoding beyond
// encoded-word in Subject/From for display). Never rewrites message bytes.

/** @param {Buffer} raw */
export function splitMessage(raw) {
  const text = raw.toString('latin1');
  const m = /\r?\n\r?\n/.exec(text);
  if (!m) return { head: text, body: '' };
  return { head: text.slice(0, m.index), body: text.slice(m.index + m[0].length) };
}

/** @param {Buffer} raw @returns {Array<[string,string]>} lower-case name, unfolded value */
export function parseHeaders(raw) {
  const { head } = splitMessage(raw);
  const out = [];
  for (const line of head.split(/\r?\n/)) {
    if (/^[ \t]/.test(line) && out.length > 0) out[out.length - 1][1] += ` ${line.trim()}`;
    else {
      const i = line.indexOf(':');
      if (i > 0 && !line.startsWith('From ')) out.push([line.slice(0, i).trim().toLowerCase(), line.slice(i + 1).trim()]);
    }
  }
  return out.map(([k, v]) => [k, decodeWords(v)]);
}

export function headerValue(headers, name) {
  const hit = headers.find(([k]) => k === name);
  return hit ? hit[1] : '';
}

// Decode RFC 2047 encoded words so reviewers can read subjects.
function decodeWords(value) {
  return value.replace(/=\?([^?]+)\?([bBqQ])\?([^?]*)\?=/g, (all, charset, enc, text) => {
    try {
      const bytes =
        enc.toUpperCase() === 'B'
          ? Buffer.from(text, 'base64')
          : Buffer.from(
              text.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (_, h) => String.fromCharCode(Number.parseInt(h, 16))),
              'latin1',
            );
      return new TextDecoder(charset.toLowerCase().replace(/\*.*$/, '')).decode(bytes);
    } catch {
      return all;
    }
  });
}
