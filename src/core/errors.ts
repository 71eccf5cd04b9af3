/**
 * The one error class of mxdoctor. Expected outcomes (a listing, a timeout, a rejection) are
 * data, never thrown; MxError is for bad input, bad configuration and bugs.
 * The CLI maps `code` to an exit status (see src/cli/exit-codes.ts).
 */
export type MxErrorCode =
  | 'usage' // bad flags or arguments
  | 'input' // a target, file or message that cannot be used
  | 'config' // a catalog or option file that is malformed
  | 'io' // a local file or stream could not be read or written
  | 'internal'; // a bug

export class MxError extends Error {
  readonly code: MxErrorCode;

  constructor(code: MxErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MxError';
    this.code = code;
  }
}

export function isMxError(value: unknown): value is MxError {
  return value instanceof MxError;
}

/** A readable one-line description of anything thrown, for messages that wrap a cause. */
export function describeError(value: unknown): string {
  if (value instanceof Error) return value.message;
  return String(value);
}
