/**
 * Brands send from a domain named for their mail (ryanairmail.com, temuemail.com, lyftmail.com)
 * and link to their site (ryanair.com): the display name and the site are the brand's, the mail
 * domain is its name with a mail word after it. Used as legitimacy evidence only, never to excuse
 * a brand name (a stranger can register paypalmail.com; brand-in-sender-name still judges it).
 */
import { nameWords } from './brands.js';
import phrases from './lure-phrases.json' with { type: 'json' };

/** Words a brand puts after its name to name its mail domain ("email" of temuemail). */
const MAIL_SUFFIXES: readonly string[] = phrases.mailDomainSuffixes;
/** A name this short (two letters) spells too many domains to count. */
const MIN_NAME_CHARS = 3;

/** The names a label spells before a mail word ("bluebottlemail": "bluebottl", "bluebottle"). */
export function mailStems(label: string): string[] {
  return MAIL_SUFFIXES.filter((s) => label.endsWith(s) && label.length - s.length >= MIN_NAME_CHARS).map(
    (s) => label.slice(0, label.length - s.length),
  );
}

/**
 * True when a label of the host is one display-name word, or several run together, followed by a
 * mail word: "Glossy" and glossyemail.com, "Blue Bottle" and bluebottlemail.com.
 */
export function fitsMailDomain(name: string, host: string): boolean {
  const words = nameWords(name).filter((w) => w.length >= 2);
  for (const label of host.split('.')) {
    const stems = mailStems(label.replaceAll('-', ''));
    if (stems.length === 0) continue;
    for (let i = 0; i < words.length; i++) {
      let joined = '';
      for (let j = i; j < Math.min(words.length, i + 4); j++) {
        joined += words[j]!.replaceAll("'", '').replaceAll('&', '');
        if (stems.includes(joined)) return true;
      }
    }
  }
  return false;
}

/**
 * True when the link's registrable domain is the site a mail-named sender domain is named for
 * (ryanair.com for ryanairmail.com). Only this way round: a domain that merely starts with the
 * sender's name (auparcel-redelivery.top for auparcel.com.au) is someone else's.
 */
export function isMailNamedSite(senderLabel: string, linkLabel: string): boolean {
  return mailStems(senderLabel).includes(linkLabel);
}
