/**
 * Host name validation for targets (RFC 1035 §2.3.4 lengths, RFC 1123 §2.1 letter-digit-hyphen
 * labels; underscores allowed because real DNS data uses them). Input is lower-cased and a
 * trailing dot removed; internationalised names are turned into A-labels with the WHATWG URL
 * parser (punycode), which is the IDNA implementation Node ships.
 */
export const MAX_DOMAIN_LENGTH = 253;
export const MAX_LABEL_LENGTH = 63;

const LABEL = /^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/;

export function normaliseDomain(input: string): string | null {
  let text = input.trim().toLowerCase();
  if (text.endsWith('.')) text = text.slice(0, -1);
  if (text.length === 0 || text.length > MAX_DOMAIN_LENGTH * 4) return null;
  if (/[^\x20-\x7e]/.test(text)) {
    try {
      text = new URL(`http://${text}/`).hostname;
    } catch {
      return null;
    }
  }
  if (text.length > MAX_DOMAIN_LENGTH) return null;
  const labels = text.split('.');
  if (labels.length < 2) return null;
  for (const label of labels) {
    if (label.length > MAX_LABEL_LENGTH || !LABEL.test(label)) return null;
  }
  // An all-numeric last label is an IP-ish typo such as 192.0.2, not a host name.
  if (/^[0-9]+$/.test(labels[labels.length - 1]!)) return null;
  return text;
}
