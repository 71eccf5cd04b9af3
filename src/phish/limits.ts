/**
 * Limits of the phishing analysis, each named with the attack it stops. Messages themselves are
 * capped by src/mail/parse.ts (size, MIME nesting, header bytes) before they reach this module.
 */

/** HTML characters tokenised per message: a 50 MB HTML body must not cost 50 MB of tokens. */
export const MAX_HTML_CHARS = 1_000_000;
/** Plain-text characters scanned for URLs: the same bound for a 50 MB text body. */
export const MAX_TEXT_CHARS = 1_000_000;
/** Links kept per message: a page of a million anchors must not make the rules quadratic. */
export const MAX_LINKS = 500;
/** URL length considered (longer ones are cut): a megabyte-long href must not reach the URL parser. */
export const MAX_URL_CHARS = 4096;
/** Visible anchor text kept per link: a link wrapping the whole page keeps only its start. */
export const MAX_LINK_TEXT_CHARS = 256;
/** Redirector hops unwrapped (`?url=` inside `?url=`): a crafted chain must not loop forever. */
export const MAX_REDIRECT_DEPTH = 3;
/** Attachments examined: a message with 100,000 tiny parts must not be walked one by one. */
export const MAX_ATTACHMENTS = 200;
/**
 * Bytes of a zip's central directory (found from the end) and of its start (local headers) read
 * for member names: a 50 MB zip is not read end to end, yet its last member is still seen.
 */
export const MAX_ARCHIVE_SCAN_BYTES = 4 * 1024 * 1024;
/** Member names kept per archive: a directory of a million empty entries must not be walked. */
export const MAX_ARCHIVE_MEMBERS = 1000;
/** Archive levels opened (a zip in a zip in a zip): packing twice must not hide a program. */
export const MAX_ARCHIVE_DEPTH = 3;
/** Nested archives unpacked per attachment: a zip of a thousand zips is not unpacked one by one. */
export const MAX_NESTED_ARCHIVES = 4;
/** Size of a nested zip, packed and unpacked: a zip bomb stops here instead of inflating to gigabytes. */
export const MAX_NESTED_ARCHIVE_BYTES = 4 * 1024 * 1024;
/** Bytes of an HTML attachment scanned for forms. */
export const MAX_HTML_ATTACHMENT_CHARS = 256 * 1024;
/** Evidence items kept per finding: the report stays readable and bounded. */
export const MAX_EVIDENCE = 5;
/** Characters of body text searched for lure wording. */
export const MAX_LURE_TEXT_CHARS = 8_000;
/**
 * The subject and the body's opening as the wording rules read them: bounded so that a
 * megabyte-long subject line is not split into words (the body part is MAX_LURE_TEXT_CHARS).
 */
export const MAX_LURE_INPUT_CHARS = 2 * MAX_LURE_TEXT_CHARS;
/** Authentication-Results headers read (the topmost ones, added by the receiving side). */
export const MAX_AUTH_RESULTS_HEADERS = 3;
/**
 * Authentication-Results headers of one receiver read as one record when it writes a header per
 * method (Fastmail: spf, dkim, dmarc, arc, bimi, x-ptr each on its own): a forger's headers below
 * cannot stretch the receiver's record past this.
 */
export const MAX_AUTH_RESULTS_SPLIT = 8;

/**
 * Subject characters the rules read (RFC 5322 §2.1.1 limits a line to 998; a folded subject runs
 * longer, and a hostile one to megabytes, which the lure and token rules then walked whole).
 */
export const MAX_SUBJECT_CHARS = 2_000;
