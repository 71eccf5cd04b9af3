#!/usr/bin/env node
// Pick candidates from one public-inbox mirror listing (output of inbox-list.mjs) and print
// selection.tsv rows (no header) for tools/build.mjs. Used for the sources added in the
// second round (driverdev-devel, jailhouse-dev, clang-built-linux, linux-ntb, open-iscsi).
//   phish: thread starters from addresses that never post more than twice, subject not
//          technical, not bounces/bots/auto-replies, not marketing or CFP floods; subkind by
//          keywords of subject, sender and text (credential, document-lure, callback,
//          brand-impersonation, extortion, scam). Every pick was then read by subject and
//          sender (EXCLUDE below holds the ones read as not spam).
//   ham:   replies by addresses that replied at least three times, one per subject,
//          HAM_PER_LIST by sha256 order.
// Usage: node pick-list.mjs <listing.tsv> <source> <mirror> <repo@commit> [ham-count]
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { messageText } from './mail-text.mjs';

const [listing, source, mirror, origin, hamArg] = process.argv.slice(2);
const HAM_PER_LIST = Number(hamArg ?? 25);
const licence = 'no licence stated (public list archive)';
const rows = readFileSync(listing, 'utf8').trim().split('\n').map((l) => l.split('\t'));
const addr = (s) => (/<([^>]+)>/.exec(s)?.[1] ?? s).toLowerCase().trim();
const posts = new Map();
const replies = new Map();
for (const r of rows) {
  const a = addr(r[3]);
  posts.set(a, (posts.get(a) ?? 0) + 1);
  if (r[5] === 'reply') replies.set(a, (replies.get(a) ?? 0) + 1);
}
const sha = (s) => createHash('sha256').update(s).digest('hex');
const TECH =
  /\b(patch|rfc|pull|git|bug|kernel|driver|staging|virtio|build|warning|error|fix|clang|llvm|dts|arm|arm64|commit|regression|compile|test|release|merge|qemu|drm|syzbot|jailhouse|ivshmem|ntb|iscsi|iscsiadm|cell|inmate|gpu|zcu\d*|rpi\d*|raspberry|porting|linux|x86|pci|pcie|uart|yocto|imx\d*|zynq\w*|gsoc|make|userspace|static analysis|rtl\w+|binder\w*|android|lio|fcoe|interrupt|timed out|timeout|armv9-a|dma|iommu|soc|bios|config\w*|memory|hardware)\b|\[/i;
const NOT_SPAM = /mailer-daemon|postmaster@.*delivery|syzbot|kernelci|lkp@|bot@|noreply@github/i;
const AUTO = /お問い?合わ?せ|問合せ|自動返信|ありがとうございま|undeliver|delivery (status|fail)|returned to sender|out of office/i;
const MARKETING =
  /attendees|e-?mail list|contacts? (list|details)|customer base|logo|merchandise|apparel|smartphones|silicone|rubber|conversions|\bseo\b|website|gps tracking|robotisation|factoring|współpracy|kontakt|negocjacje|cestovn|wear-resistant|die casting|manufacturer|sourcing|printed products|vape|\bdmt\b|\bk2\b|mushroom|passport|nerve pain|stiffy|inches|bedroom|call for papers|\bcfp\b|convocatoria|congreso|conference|submission deadline|market report|market \w+ 20\d\d|requirements? across|developer @|developer for|consultant \/|architect for|bluetooth speaker|keygen|free download|bluray|1080p|radiator|raw materials|cosmetics|#\w+berlusconi|pedofilo|sesso|puttan|assassin|ready to ship|schedule one more meeting|guest post|e-?bike|drone/i;
const EXCLUDE = new Set((process.env.EXCLUDE ?? '').split(',').filter(Boolean));

function subkind(subject, from, text) {
  const s = `${subject} ${from}`;
  const all = `${s} ${text.slice(0, 2000)}`;
  if (/pedophile|pedofil|hacked|recorded you|bitcoin.*(wallet|address).*(pay|send)|your (device|operating system) has been/i.test(all) && /bitcoin|btc/i.test(all)) return 'extortion';
  if (/password|passwort|mailbox|webmail|e-?mail (account|administrator|quota)|quota|verify|verif|suspend|sign[- ]?in|log ?in|account (setting|update|alert|restrict|limit)|update notification|action required|アカウント|認証|ログイン|利用制限|制限|停止|本人確認|パスワード|ご利用確認|系统|邮箱|Системный администратор/i.test(s))
    return 'credential';
  if (/\+?1?[ (.-]*8\d\d[ ).-]*\d{3}[ .-]*\d{4}/.test(text) && /order|invoice|renew|subscription|charged|payment|billing|receipt|transaction/i.test(all))
    return 'callback';
  if (/invoice|factura|fattura|rechnung|nota (gerada|de devol)|purchase order|puchase|order (inquiry|enquiry|confirmation|#)|^order|pr order|pre order|\bp\.?o\.?\b|quotation|quation|rfq|request for quot|proforma|profoma|swift copy|proof of payment|payment (status|confirmation|notification|copy)|remittance|document|shared|docusign|fax|scan|\.pdf|statement|決済|請求|支払|料金|入金|ご利用内容/i.test(s))
    return 'document-lure';
  if (/google|microsoft|amazon|apple|paypal|netflix|facebook|dhl|fedex|ups\b|usps|western union|money ?gram|hsbc|world bank|imf|united nation|\bu\.?n\b|fbi|federal|bureau|ministry|attorney general|police|polizia|poliția|bank|banco|aeon|jcb|etc|mastercard|visa|三井住友|三菱|イオン|東京電力|エポス|りそな|ろうきん|セゾン|saison|coincheck|コインチェック|tiktok|selfridges|asda|john lewis|aramco|nnpc|cisco|suncor|storebrand|sbanken|irs|tax/i.test(s))
    return 'brand-impersonation';
  return 'scam';
}

const git = (...a) => execFileSync('git', ['-C', `/work/.mirror/${mirror}/repo`, ...a], { maxBuffer: 1 << 28 });
const out = [];
const seenSubj = new Set();
for (const r of rows) {
  const [commit, blob, , from, subject, kind] = r;
  const a = addr(from);
  if (kind !== 'new' || (posts.get(a) ?? 0) > 2) continue;
  if (TECH.test(subject) || NOT_SPAM.test(from) || AUTO.test(subject) || MARKETING.test(`${subject} ${from}`)) continue;
  if (EXCLUDE.has(blob.slice(0, 8)) || EXCLUDE.has(a)) continue;
  const text = messageText(git('cat-file', 'blob', blob));
  if (MARKETING.test(text.slice(0, 600))) continue;
  const key = `${subject.toLowerCase().replace(/\W+/g, '')}|${text.slice(0, 80)}`;
  if (seenSubj.has(key)) continue;
  seenSubj.add(key);
  out.push([source, 'phish', subkind(subject, from, text), mirror, blob, `${origin}:m (blob ${blob})`, licence]);
}
const PHISH_MAX = Number(process.env.PHISH_MAX ?? 1e9);
const lures = out.filter((o) => o[2] !== 'scam');
const scams = out.filter((o) => o[2] === 'scam').sort((x, y) => sha(`phish-modern-v1 ${x[4]}`).localeCompare(sha(`phish-modern-v1 ${y[4]}`)));
out.length = 0;
out.push(...lures.slice(0, PHISH_MAX), ...scams.slice(0, Math.max(0, PHISH_MAX - lures.length)));
const ham = rows
  .filter((r) => r[5] === 'reply' && (replies.get(addr(r[3])) ?? 0) >= 3 && !NOT_SPAM.test(r[3]))
  .sort((x, y) => sha(`phish-modern-v1 ${x[1]}`).localeCompare(sha(`phish-modern-v1 ${y[1]}`)));
let nHam = 0;
const subj = new Set();
for (const r of ham) {
  const k = r[4].toLowerCase().replace(/^(re|aw|sv|fwd?):\s*/gi, '');
  if (subj.has(k) || nHam >= HAM_PER_LIST) continue;
  subj.add(k);
  nHam++;
  out.push([source, 'ham', 'list', mirror, r[1], `${origin}:m (blob ${r[1]})`, licence]);
}
for (const o of out) process.stdout.write(`${o.join('\t')}\n`);
