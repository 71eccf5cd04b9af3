/**
 * Round-trip estimate and retransmission timeout per server, as RFC 6298 §2 does for TCP:
 * SRTT and RTTVAR smoothed with alpha 1/8 and beta 1/4, RTO = SRTT + 4 * RTTVAR, clamped.
 * The floor is lower than TCP's 1 s because a DNS answer is one datagram and a lost one is only
 * worth waiting a few round trips for; it stays well above a recursive resolver's usual answer
 * time so a slow-but-alive resolver is not flooded with resends.
 */
export const MIN_RTO_MS = 100;
/** Before the first sample: a conservative guess (RFC 6298 §2.1 uses 1 s). */
const INITIAL_RTO_MS = 1000;

export class RttEstimator {
  private srtt = 0;
  private rttvar = 0;
  private hasSample = false;

  constructor(private readonly attemptTimeoutMs: number) {}

  sample(ms: number): void {
    if (!this.hasSample) {
      this.srtt = ms;
      this.rttvar = ms / 2;
      this.hasSample = true;
      return;
    }
    this.rttvar = 0.75 * this.rttvar + 0.25 * Math.abs(this.srtt - ms);
    this.srtt = 0.875 * this.srtt + 0.125 * ms;
  }

  smoothedMs(): number {
    return this.hasSample ? this.srtt : INITIAL_RTO_MS;
  }

  /** When to resend a datagram that got no answer; never beyond half the attempt's timeout. */
  timeoutMs(): number {
    const ceiling = Math.max(1, this.attemptTimeoutMs / 2);
    if (!this.hasSample) return Math.min(INITIAL_RTO_MS, ceiling);
    return Math.min(Math.max(MIN_RTO_MS, this.srtt + 4 * this.rttvar), ceiling);
  }
}
