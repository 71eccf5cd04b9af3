#!/usr/bin/env node
// Pick candidates from one public-inbox mirror listing (output of inbox-list.mjs) and print
// selection.tsv rows (no header) for tools/build.mjs. Adapted from
// corpora/phish-modern/tools/pick-list.mjs for SourceForge-hosted lists, whose list software
// prefixes every subject with "[List-name]" and often a "[SPAM]" tag: both are stripped
// before the subject is judged (the message bytes are never altered).
//   phish: thread starters from addresses that never post more than twice, subject not
//          technical, not bounces/bots/auto-replies; subkind by keywords of subject, sender
//          and text. Every pick was then read by subject and sender (EXCLUDE holds blob
//          prefixes read as not spam or as plain product marketing).
//   ham:   replies by addresses that replied at least three times, one per subject,
//          HAM_PER_LIST by sha256 order; plus thread starters by addresses that posted at
//          least three times (list regulars asking questions), up to the same count.
// Labels come from these rules and reading, never from mxdoctor's verdicts.
// Usage: node pick-fresh.mjs <listing.tsv> <source> <mirror> <repo@commit> [ham-count]
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { messageText } from '../../phish-modern/tools/mail-text.mjs';

const [listing, source, mirror, origin, hamArg] = process.argv.slice(2);
const HAM_PER_LIST = Number(hamArg ?? 30);
const licence = 'no licence stated (public list archive)';
const rows = readFileSync(listing, 'utf8').trim().split('\n').filter(Boolean).map((l) => l.split('\t'));
// A sender key: the address, or for mail the list rewrote for DMARC ("Name via List"
// <list@lists.sourceforge.net>) the display name, so that rewritten spam senders are not
// all one frequent poster.
const addr = (s) => {
  const a = (/<([^>]*)>/.exec(s)?.[1] ?? s).toLowerCase().trim();
  return /@lists\.sourceforge\.net$/.test(a) ? s.replace(/<[^>]*>/, '').replace(/\bvia\b.*$/i, '').replace(/"/g, '').trim().toLowerCase() : a;
};
const listName = source.replace(/^list-/, '').toLowerCase();
// Only the list's own tag and the "[SPAM]" tag go; "[PATCH]" and the like stay.
const strip = (s) =>
  s.replace(/\[([^\]]{1,40})\]\s*/g, (tag, name) => (name.toLowerCase() === listName || /^spam$/i.test(name) ? '' : tag)).trim();
const posts = new Map();
// Ham comes only from senders who wrote at least once on a technical subject.
const techPosters = new Set();
const replies = new Map();
for (const r of rows) {
  const a = addr(r[3]);
  posts.set(a, (posts.get(a) ?? 0) + 1);
  if (r[5] === 'reply') replies.set(a, (replies.get(a) ?? 0) + 1);
}
const sha = (s) => createHash('sha256').update(s).digest('hex');
const TECH =
  /\b(patch|rfc|pull|git|bug|kernel|driver|build|warning|error|fix|commit|regression|compile|test|release|merge|syzbot|linux|x86|pci|pcie|uart|make|userspace|config\w*|firewire|ohci|1394|jfs|ipmi|tipc|9p|v9fs|kdb|kgdb|ntfs|tboot|txt|acpi|thinkpad|stm32|mjpeg|lavtools|uvc|webcam|camera|oprofile|squashfs|osst|tape|industrypack|ipack|crash|panic|oops|segfault|module|device|libmjpeg|y4m|ffmpeg)\b/i;
for (const r of rows) if (TECH.test(strip(r[4]))) techPosters.add(addr(r[3]));
const NOT_SPAM = /mailer-daemon|syzbot|kernelci|lkp@|bot@|noreply@github|patchwork/i;
const AUTO = /自動返信|undeliverable:.*re:|out of office|automatic reply|abwesenheit/i;
// Product and service marketing (not phishing or fraud): left out, as in phish-modern.
const MARKETING =
  /attendees|e-?mail list|contacts? (list|details)|customer base|visitors? info|logo|merchandise|apparel|silicone|conversions|\bseo\b|website design|web design|gps tracking|factoring|manufactur\w*|factory|machining|\bcnc\b|precision (parts|machin)|die casting|sourcing|printed products|vape|sunglasses|ray ?ban|toner|led-?mask|conference|call for papers|\bcfp\b|convocatoria|congreso|submission deadline|workshop|training programme|market report|guest post|e-?bike|drone|promo|discount|% off|black friday|divulga|whatsapp|telefonia|backlinks?|app development|leads? (list|generation)/i;
const EXCLUDE = new Set((process.env.EXCLUDE ?? '').split(',').filter(Boolean));

function subkind(subject, from, text) {
  const s = `${subject} ${from}`;
  const all = `${s} ${text.slice(0, 2000)}`;
  if (/hacked|recorded you|pervert|your (device|operating system) has been/i.test(all) && /bitcoin|btc/i.test(all)) return 'extortion';
  if (/password|passwort|mot de passe|senha|contraseña|mailbox|webmail|e-?mail (account|administrator|quota|support)|quota|verify|verif|suspend|sign[- ]?in|log ?in|account|update required|action required|withheld|held messages|h[e]ld messages|incoming (mail|messages)|pending (messages|deliver)|deliver(y|ies) fail|termination notice|cpanel|postmaster|kundendaten|atualiza|cadastr|aktualisier|認証|ログイン|制限|停止|本人確認|パスワード|お客様情報|密码|邮箱|邮件|suspendu/i.test(s))
    return 'credential';
  if (/\+?1?[ (.-]*8\d\d[ ).-]*\d{3}[ .-]*\d{4}/.test(text) && /order|invoice|renew|subscription|charged|payment|billing|receipt|transaction/i.test(all))
    return 'callback';
  if (/invoice|factura|fattura|facture|rechnung|nota fiscal|purchase order|order|quot|rfq|proforma|swift|payment|remittance|wire|document|documento|shared|docusign|sharefile|voice ?mail|voice message|fax|scan|\.pdf|\.xls|statement|tender|請求|支払|決済/i.test(s))
    return 'document-lure';
  if (/google|microsoft|apple|icloud|amazon|paypal|netflix|dhl|fedex|ups\b|usps|bank|banco|bradesco|targobank|argenta|proximus|mastercard|visa|american express|amex|ana\b|ヨドバシ|カード|aramco|pfizer|mubadala|un\b|united nations|imf|fbi|fod|financi|ministry|gouv|police|irs|tax|miles & more/i.test(s))
    return 'brand-impersonation';
  return 'scam';
}

const git = (...a) => execFileSync('git', ['-C', `/work/.mirror/${mirror}/repo`, ...a], { maxBuffer: 1 << 28 });
const out = [];
const seen = new Set();
for (const r of rows) {
  const [, blob, , from, rawSubject, kind] = r;
  const subject = strip(rawSubject);
  const a = addr(from);
  if (kind !== 'new' || (posts.get(a) ?? 0) > 2) continue;
  if (TECH.test(subject) || NOT_SPAM.test(from) || AUTO.test(subject)) continue;
  if (EXCLUDE.has(blob.slice(0, 8)) || MARKETING.test(`${subject} ${from}`)) continue;
  const text = messageText(git('cat-file', 'blob', blob));
  const key = `${subject.toLowerCase().replace(/\W+/g, '')}|${text.slice(0, 80)}`;
  if (seen.has(key)) continue;
  seen.add(key);
  if (MARKETING.test(text.slice(0, 600))) continue;
  out.push([source, 'phish', subkind(subject, from, text), mirror, blob, `${origin}:m (blob ${blob})`, licence]);
}
// At most PHISH_MAX per list: every lure first, then scams, each in sha256 order.
const PHISH_MAX = Number(process.env.PHISH_MAX ?? 1e9);
const pickOrder = (x, y) => sha(`phish-fresh-v1 ${x[4]}`).localeCompare(sha(`phish-fresh-v1 ${y[4]}`));
const lures = out.filter((o) => o[2] !== 'scam').sort(pickOrder);
const scams = out.filter((o) => o[2] === 'scam').sort(pickOrder);
out.length = 0;
out.push(...lures.slice(0, PHISH_MAX), ...scams.slice(0, Math.max(0, PHISH_MAX - lures.length)));
const byOrder = (x, y) => sha(`phish-fresh-v1 ${x[1]}`).localeCompare(sha(`phish-fresh-v1 ${y[1]}`));
const regular = (r) => techPosters.has(addr(r[3])) && !NOT_SPAM.test(r[3]);
const ham = [
  ...rows.filter((r) => r[5] === 'reply' && (replies.get(addr(r[3])) ?? 0) >= 3 && regular(r)).sort(byOrder),
  ...rows.filter((r) => r[5] === 'new' && (posts.get(addr(r[3])) ?? 0) >= 3 && regular(r)).sort(byOrder),
];
let nHam = 0;
const subj = new Set();
for (const r of ham) {
  const k = strip(r[4]).toLowerCase().replace(/^(re|aw|sv|fwd?):\s*/gi, '');
  if (subj.has(k) || nHam >= HAM_PER_LIST || EXCLUDE.has(r[1].slice(0, 8))) continue;
  subj.add(k);
  nHam++;
  out.push([source, 'ham', 'list', mirror, r[1], `${origin}:m (blob ${r[1]})`, licence]);
}
for (const o of out) process.stdout.write(`${o.join('\t')}\n`);
