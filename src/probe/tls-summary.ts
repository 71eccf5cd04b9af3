/** Certificate summary of a STARTTLS handshake: pure, from the facts the transport reports. */
import { isIpLiteral } from './ip-literal.js';
import type { TlsHandshake, TlsReport } from './types.js';

export function emptyTlsReport(offered: boolean): TlsReport {
  return {
    offered,
    attempted: false,
    ok: false,
    error: null,
    protocol: null,
    cipher: null,
    subject: null,
    subjectAltNames: [],
    issuer: null,
    validTo: null,
    expired: null,
    selfSigned: null,
    trusted: null,
    trustError: null,
    nameMatches: null,
  };
}

/** Splits Node's subjectaltname ("DNS:a.example, IP Address:192.0.2.1") into names. */
export function parseSubjectAltName(text: string | null): string[] {
  if (!text) return [];
  const names: string[] = [];
  for (const part of text.split(/,\s*/)) {
    const m = /^(DNS|IP Address):(.+)$/.exec(part.trim());
    if (m?.[2]) names.push(m[2].toLowerCase());
  }
  return names;
}

/**
 * RFC 6125 §6.4.3: a wildcard only as the whole left-most label, matching exactly one label;
 * the CN is consulted only when there are no DNS names (§6.4.4).
 */
export function certificateNamesHost(host: string, sans: string[], cn: string | null): boolean {
  const name = host.toLowerCase().replace(/\.$/, '');
  const isIp = isIpLiteral(name);
  const candidates = sans.length ? sans : cn ? [cn.toLowerCase()] : [];
  for (const candidate of candidates) {
    if (candidate === name) return true;
    if (!isIp && candidate.startsWith('*.')) {
      const dot = name.indexOf('.');
      if (dot > 0 && name.slice(dot + 1) === candidate.slice(2) && candidate.split('.').length > 2)
        return true;
    }
  }
  return false;
}

export function summariseTls(handshake: TlsHandshake, host: string, nowMs: number): TlsReport {
  const cert = handshake.certificate;
  const sans = parseSubjectAltName(cert?.subjectAltName ?? null);
  const validTo = cert?.validTo ?? null;
  const expiry = validTo ? Date.parse(validTo) : Number.NaN;
  return {
    ...emptyTlsReport(true),
    attempted: true,
    ok: true,
    protocol: handshake.protocol,
    cipher: handshake.cipher,
    subject: cert?.subject ?? null,
    subjectAltNames: sans,
    issuer: cert?.issuer ?? null,
    validTo: Number.isNaN(expiry) ? validTo : new Date(expiry).toISOString(),
    expired: Number.isNaN(expiry) ? null : expiry < nowMs,
    selfSigned: cert ? cert.selfSigned : null,
    trusted: handshake.authorized,
    trustError: handshake.authorizationError,
    // Probed by address: there is no name to check unless the certificate lists the address.
    nameMatches: !cert
      ? null
      : isIpLiteral(host) && !sans.includes(host.toLowerCase())
        ? null
        : certificateNamesHost(host, sans, cert.subjectCN),
  };
}
