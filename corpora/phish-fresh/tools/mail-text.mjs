// Rough text of a message for review and language guessing: first text/plain or
// text/html part, transfer-decoded and charset-decoded, tags stripped. Read-only.
import { parseHeaders, headerValue, splitMessage } from './mail-headers.mjs';

function decodePart(headers, body) {
  const cte = headerValue(headers, 'content-transfer-encoding').toLowerCase();
  const ct = headerValue(headers, 'content-type');
  const charset = (/charset="?([\w.:-]+)/i.exec(ct)?.[1] ?? 'utf-8').toLowerCase();
  let bytes;
  if (cte.includes('base64')) bytes = Buffer.from(body.replace(/[^A-Za-z0-9+/=]/g, ''), 'base64');
  else if (cte.includes('quoted-printable'))
    bytes = Buffer.from(
      body.replace(/=\r?\n/g, '').replace(/=([0-9A-Fa-f]{2})/g, (_, h) => String.fromCharCode(Number.parseInt(h, 16))),
      'latin1',
    );
  else bytes = Buffer.from(body, 'latin1');
  let text;
  try {
    text = new TextDecoder(charset).decode(bytes);
  } catch {
    text = bytes.toString('utf8');
  }
  if (/text\/html/i.test(ct)) text = text.replace(/<style[\s\S]*?<\/style>/gi, ' ').replace(/<[^>]+>/g, ' ');
  return text.replace(/&nbsp;/g, ' ').replace(/\s+/g, ' ').trim();
}

/** @param {Buffer} raw @returns {string} */
export function messageText(raw, depth = 0) {
  const headers = parseHeaders(raw);
  const { body } = splitMessage(raw);
  const ct = headerValue(headers, 'content-type');
  const boundary = /boundary="?([^";]+)"?/i.exec(ct)?.[1];
  if (/multipart\//i.test(ct) && boundary && depth < 4) {
    const parts = body.split(`--${boundary}`).slice(1, -1);
    const texts = parts.map((p) => Buffer.from(p.replace(/^\r?\n/, ''), 'latin1'));
    const plain = texts.find((p) => /content-type:\s*text\/plain/i.test(p.toString('latin1').slice(0, 600)));
    const any = plain ?? texts.find((p) => /content-type:\s*(text\/|multipart\/)/i.test(p.toString('latin1').slice(0, 600)));
    return any ? messageText(any, depth + 1) : '';
  }
  if (ct && !/text\//i.test(ct)) return '';
  return decodePart(headers, body);
}

/** Crude language guess from script and stop words; recorded as a guess. */
export function guessLanguage(text) {
  if (/[\u3040-\u30ff]/.test(text)) return 'ja';
  if (/[\uac00-\ud7af]/.test(text)) return 'ko';
  if (/[\u4e00-\u9fff]/.test(text)) return 'zh';
  if (/[\u0400-\u04ff]{4}/.test(text)) return 'ru';
  const words = text.toLowerCase().split(/[^a-zà-ÿčřšžěůýáíéóúñç]+/);
  const score = (list) => words.filter((w) => list.includes(w)).length;
  const langs = {
    // Only words that are frequent in one language and rare in the others.
    en: ['the', 'and', 'you', 'your', 'with', 'this', 'that', 'have', 'from', 'are'],
    de: ['und', 'der', 'die', 'sie', 'ich', 'ihr', 'nicht', 'mit', 'für', 'ist', 'das', 'ihnen'],
    fr: ['et', 'vous', 'les', 'des', 'pour', 'est', 'une', 'votre', 'avec', 'nous'],
    es: ['el', 'los', 'usted', 'para', 'por', 'una', 'su', 'del', 'las', 'como'],
    pt: ['você', 'não', 'seu', 'sua', 'com', 'uma', 'pelo', 'informamos', 'prezado'],
    it: ['il', 'di', 'che', 'per', 'non', 'sono', 'della', 'tuo'],
    cs: ['je', 'se', 'že', 'pro', 'jsme', 'vám', 'dobrý', 'den', 'vaši'],
    nl: ['het', 'een', 'van', 'je', 'uw', 'niet', 'voor', 'bent'],
  };
  let best = 'en';
  let bestScore = 0;
  for (const [lang, list] of Object.entries(langs)) {
    const s = score(list);
    if (s > bestScore) [best, bestScore] = [lang, s];
  }
  return bestScore >= 3 ? best : 'und';
}
