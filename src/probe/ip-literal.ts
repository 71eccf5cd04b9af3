/**
 * Whether a host string is an IP literal. A light check on purpose: core/ip (ipaddr.js) costs
 * ~15 ms to load, and the probe only needs to know "name or address", not to normalise it.
 */
const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

export function isIpLiteral(host: string): boolean {
  const text = host.replace(/^\[|\]$/g, '');
  return IPV4.test(text) || (text.includes(':') && /^[0-9a-f:.]+$/i.test(text));
}
