/**
 * Wallet-drainer lures: "claim your tokens", "connect your wallet", "check your eligibility" for
 * an airdrop or a token distribution, sent in the name of a crypto project ("Lido DAO", "AsterDex
 * Update", "ETH") from a domain that is not the project's: a rented or hijacked ESP account, a
 * free mailbox. The page behind the link asks the reader to connect a wallet and sign a
 * transaction that empties it. A project or exchange writing from its own domain (the display
 * name spelled by the domain, or the authenticated domain a brand's own) is not judged.
 */
import { ownersOf } from './brands.js';
import type { Findings } from './catalog.js';
import type { Identity } from './identity-rules.js';
import { MAX_LURE_INPUT_CHARS } from './limits.js';
import phrases from './lure-phrases.json' with { type: 'json' };
import { buildIndex, findPhrases, words } from './lure-rules.js';

const CLAIM = buildIndex(phrases.cryptoClaim.words);
/**
 * Wording that is a wallet-drainer's only beside a crypto word ("check your eligibility" for an
 * airdrop): alone it is a class-action notice's, a loan's or an API's monthly "token allocation".
 */
const CLAIM_WITH_CRYPTO = buildIndex(phrases.cryptoClaim.needCryptoWord);
const CRYPTO_WORDS: ReadonlySet<string> = new Set(phrases.cryptoClaim.cryptoWords);
/** The same in scripts without spaces between words, found as substrings. */
const CLAIM_CJK: readonly string[] = phrases.cryptoClaim.cjk;

/** The wallet-drainer phrases of a text, in order of first appearance. */
export function findCryptoClaim(text: string): string[] {
  const head = text.slice(0, MAX_LURE_INPUT_CHARS);
  const tokens = words(head);
  const withCrypto = tokens.some((w) => CRYPTO_WORDS.has(w)) ? findPhrases(tokens, CLAIM_WITH_CRYPTO) : [];
  return [...findPhrases(tokens, CLAIM), ...withCrypto, ...CLAIM_CJK.filter((p) => head.includes(p))];
}

export function checkCryptoClaim(text: string, identity: Identity, webLinks: number, out: Findings): void {
  if (webLinks === 0 || identity.nameFitsDomain) return;
  if (identity.auth.domain !== null && ownersOf(identity.auth.domain).length > 0) return;
  const found = findCryptoClaim(text);
  if (found.length === 0) return;
  out.add(
    'crypto-claim-lure',
    `the message asks the reader to claim tokens or connect a wallet ("${found[0]}") in the name of a sender its domain does not spell`,
    found.slice(0, 5).join(', '),
  );
}
