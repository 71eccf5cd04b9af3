import { type CompiledPolicy, refusalFor } from '../core/address-policy.js';
import { MxError } from '../core/errors.js';

/**
 * The API's side of the address policy (src/core/address-policy.ts): a tool request naming an
 * address the policy refuses is answered 403 (SSRF: the server runs inside the admin's network):
 * the request is well formed, the target is off limits.
 */
export class RefusedAddressError extends MxError {
  constructor(message: string) {
    super('input', message);
    this.name = 'RefusedAddressError';
  }
}

/** Throws RefusedAddressError naming the address when the policy refuses it. */
export function assertAllowed(ip: string, policy: CompiledPolicy): void {
  const refusal = refusalFor(ip, policy);
  if (refusal !== null) throw new RefusedAddressError(refusal);
}
