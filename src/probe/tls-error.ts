/**
 * A TLS failure in words. Node's message for an OpenSSL error is the raw error queue
 * ("804C4F64AB7F0000:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:../deps/
 * openssl/.../ssl3_record.c:350:"): an address, a code and a source path that mean nothing to an
 * admin. The error's `reason` field holds OpenSSL's own phrase; the common ones get an
 * explanation of what the server did.
 */
const EXPLAINED: Readonly<Record<string, string>> = {
  ERR_SSL_WRONG_VERSION_NUMBER: 'the server did not answer with TLS (it may have sent plain text)',
  ERR_SSL_UNSUPPORTED_PROTOCOL: 'no TLS version in common (the server offers only old ones)',
  ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION: 'no TLS version in common (the server refused ours)',
  ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE: 'the server ended the handshake (no cipher or version in common)',
  ERR_SSL_NO_SHARED_CIPHER: 'no cipher in common',
  ERR_SSL_DH_KEY_TOO_SMALL: "the server's Diffie-Hellman key is too small (weak DH parameters)",
  ECONNRESET: 'the server closed the connection during the handshake',
};

/** OpenSSL's queue format: `<addr>:error:<code>:<library>:<function>:<reason>:<file>:<line>:`. */
const OPENSSL_QUEUE = /^[0-9A-F]+:error:[0-9A-F]+:[^:]*:[^:]*:([^:]+):/;

export function describeTlsError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const { code, reason } = error as Error & { code?: unknown; reason?: unknown };
  const explained = typeof code === 'string' ? EXPLAINED[code] : undefined;
  const phrase = typeof reason === 'string' ? reason : OPENSSL_QUEUE.exec(error.message)?.[1];
  if (explained && phrase) return `${explained} (${phrase})`;
  return explained ?? phrase ?? error.message.split('\n')[0]!.trim();
}
