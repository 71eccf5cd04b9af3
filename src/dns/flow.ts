import { RttEstimator } from './rtt.js';

/**
 * How many queries one server gets at once, and how fast they go out: the congestion control of
 * the UDP client. A DNSBL server (rbldnsd keeps the kernel's default 208 KB receive buffer: 157
 * queued queries, measured) drops whatever arrives while its buffer is full, so the client must neither
 * put more in flight than the path needs nor release them in bursts. Measured in bench/check.ts
 * (docs/check-bench.md):
 *
 * - Window: starts at INITIAL_WINDOW (one IP against 64 lists, A and TXT with the two RFC 5782
 *   health probes each, fits in one round trip; 320 lost 44 datagrams at rbldnsd), sent at
 *   INITIAL_PACE_PER_MS until the first answer; grows by one per answer (doubling per round
 *   trip); after a loss it is cut, at most once per round trip, and then grows by GROWTH_PER_RTT
 *   per round trip (TCP Reno's shape, RFC 5681). The cut is as deep as the share of datagrams
 *   lost (DCTCP's response, RFC 8257 §3.3, with losses for ECN marks): by half the share lost
 *   over about the last window, at most down to LOSS_FACTOR (CUBIC's gentler cut, RFC 9438). A
 *   server that cannot keep up loses a large share and the window shrinks within a few round
 *   trips; a server that drops a few datagrams while it is descheduled costs a slot or two.
 *   Why: halving and growing by one per round trip took 250 round trips, 7 s at 30 ms, to
 *   recover from one transient loss; a fixed cut to 0.7 on every loss event held a 30 ms
 *   path's window at 450-850 of its 1,000, and a cut of at least 5 % still at 530-860
 *   (bench:serve, 2026-11-30: rbldnsd descheduled for a few ms now and then drops 0.2-1 % of
 *   the datagrams; checkTargets alone took 45-57 s with the fixed cut, 32-35 s with the 5 %
 *   floor, 23 s with the share alone, window at its cap).
 * - Path cap: never more in flight than needed to carry RATE_CEILING queries per ms at the
 *   path's base round trip (its minimum RTT less RTT_NOISE_MS, or half the typical RTT when
 *   answers typically take 20 ms or more), and never fewer than LOCAL_WINDOW. A server a
 *   fraction of a millisecond away needs few in flight, and more only queue in its receive
 *   buffer; a server 30 ms away needs hundreds (bandwidth-delay product).
 * - Pacing: on a path with a measurable round trip, the window is spread over it (window / SRTT
 *   per ms, small bursts) instead of being released at once: a burst keeps its shape across the
 *   network and overflows the server's buffer when it arrives.
 */
export const INITIAL_WINDOW = 256;
/**
 * In flight for a server on the same host or LAN: > 35,000 queries/s against rbldnsd here, and
 * well under the 157 queries its default receive buffer holds (measured: 128 still lost some
 * when the server was descheduled).
 */
export const LOCAL_WINDOW = 64;
/**
 * Milliseconds of a round-trip sample that may be our own delay, not the path's: an answer waits
 * in our socket while the event loop is busy (a cold start, a GC pause), which inflated the
 * minimum RTT of a loopback server to 2–7 ms and opened the window past the server's buffer.
 */
export const RTT_NOISE_MS = 5;
/** Queries per millisecond the path cap is sized for (30,000/s with headroom). */
export const RATE_CEILING = 40;
export const MIN_WINDOW = 4;
/** The deepest cut: the window after a loss, as a fraction of the window before it. */
export const LOSS_FACTOR = 0.7;
/** Growth per round trip after a loss (congestion avoidance). */
export const GROWTH_PER_RTT = 8;
/**
 * Before the first answer the round trip is unknown: the first window goes out at this many
 * sends per ms, in bursts of as many. rbldnsd's default buffer holds 157 queries: 160 at once
 * lost 3; at 64/ms, 1 cold run in 12 lost 43 (a cold Node process keeps both cores busy with
 * compiler and GC threads, so the server falls behind for milliseconds); at 32/ms, 0 in 20.
 * 256 queries take 8 ms instead of 2.
 */
export const INITIAL_PACE_PER_MS = 32;
/** A typical RTT from which the typical answer, not the fastest, sizes the path cap. */
export const SLOW_PATH_RTT_MS = 20;
const TYPICAL_SAMPLES = 1024;
const TYPICAL_EVERY = 256;
/** Paths faster than this are not paced: the window alone bounds the server's queue. */
export const PACE_MIN_RTT_MS = 2;
/** The minimum RTT forgets samples older than this (a path may get slower). */
const MIN_RTT_WINDOW_MS = 10_000;

export class FlowControl {
  readonly rtt: RttEstimator;
  private cwnd: number;
  private ssthresh = Number.POSITIVE_INFINITY;
  private lastCutAt = Number.NEGATIVE_INFINITY;
  /** Minimum RTT over the current and previous period (a two-bucket sliding minimum). */
  private minNow = Number.POSITIVE_INFINITY;
  private minBefore = Number.POSITIVE_INFINITY;
  private periodStart: number | undefined;
  /** The median round trip of recent answers (sampleTypical). */
  private typicalRtt: number | undefined;
  private samples = 0;
  private readonly ring = new Float64Array(TYPICAL_SAMPLES);
  /** Share of recent datagrams lost: an EWMA over about one window of answers and losses. */
  private lossShare = 0;
  private tokens = 0;
  private tokensAt = 0;
  /** The window before the last cut, while that cut may still prove spurious (onSpuriousLoss). */
  private beforeCut: { cwnd: number; ssthresh: number } | undefined;

  /** `adaptive` false: no path cap, the window aims for maxInFlight (an explicit --concurrency). */
  constructor(
    private readonly maxInFlight: number,
    attemptTimeoutMs: number,
    private readonly adaptive = true,
  ) {
    this.rtt = new RttEstimator(attemptTimeoutMs);
    this.cwnd = Math.min(INITIAL_WINDOW, maxInFlight);
  }

  /** Queries this server may have in flight now. */
  window(): number {
    const cwnd = Math.floor(this.cwnd);
    const base = this.pathRttMs();
    if (base === undefined || !this.adaptive) return Math.min(cwnd, this.maxInFlight);
    const cap = Math.max(LOCAL_WINDOW, Math.ceil(RATE_CEILING * (base - RTT_NOISE_MS)));
    return Math.max(1, Math.min(cwnd, cap, this.maxInFlight));
  }

  /**
   * The round trip the path cap is sized for: the minimum, unless answers typically take long
   * (a median ≥ SLOW_PATH_RTT_MS: SRTT, with its 1/8 gain, swung across the threshold with
   * every run of cache hits), as through a recursive resolver that answers a few queries from
   * its cache at once and the rest after a recursion: then half that median. A server that
   * is merely queueing our window cannot get there at LOCAL_WINDOW (64 queued at 3,200 q/s), and
   * if it does, the loss response still bounds the window.
   */
  private pathRttMs(): number | undefined {
    const min = this.minRttMs();
    if (min === undefined || this.typicalRtt === undefined) return min;
    return this.typicalRtt >= SLOW_PATH_RTT_MS ? Math.max(min, this.typicalRtt / 2) : min;
  }

  /** An answer arrived; `rttMs` is undefined when its datagram was sent more than once (Karn). */
  onAnswer(rttMs: number | undefined, now: number): void {
    if (rttMs !== undefined) {
      this.rtt.sample(rttMs);
      this.sampleMin(rttMs, now);
      this.sampleTypical(rttMs);
    }
    this.lossShare -= this.lossShare / Math.max(1, this.window());
    this.cwnd += this.cwnd < this.ssthresh ? 1 : GROWTH_PER_RTT / this.cwnd;
    // Growth stops where the cap binds: a window the path cap hides would burst out later.
    const ceiling = Math.min(this.maxInFlight, this.window() + 1);
    if (this.cwnd > ceiling) this.cwnd = ceiling;
  }

  /** A datagram was lost (resent) or an attempt timed out: cut, at most once per round trip. */
  onLoss(now: number): void {
    this.lossShare += (1 - this.lossShare) / Math.max(1, this.window());
    if (now - this.lastCutAt < this.rtt.smoothedMs()) return;
    this.lastCutAt = now;
    this.beforeCut = { cwnd: this.cwnd, ssthresh: this.ssthresh };
    const keep = Math.max(LOSS_FACTOR, 1 - this.lossShare / 2);
    this.ssthresh = Math.max(MIN_WINDOW, Math.floor(this.window() * keep));
    this.cwnd = this.ssthresh;
  }

  /**
   * Whether an answer that came `sinceResendMs` after a resend must answer an earlier datagram:
   * sooner than half the path's minimum round trip, the resend cannot have made the trip.
   */
  answersEarlierSend(sinceResendMs: number): boolean {
    const min = this.minRttMs();
    return min !== undefined && sinceResendMs < min / 2;
  }

  /**
   * The datagram whose resend cut the window was late, not lost: a stall of the server, of the
   * path or of our own event loop (on the shared 2-core bench machine at load 10, stalls of
   * 100-300 ms made every datagram in flight look lost and cut a 30 ms path's window from 500 to
   * 150 several times a second). The cut is undone, as TCP's Eifel response does (RFC 4015 §4).
   */
  onSpuriousLoss(): void {
    const before = this.beforeCut;
    if (!before) return;
    this.beforeCut = undefined;
    this.cwnd = Math.max(this.cwnd, before.cwnd);
    this.ssthresh = before.ssthresh;
  }

  /** Takes a send credit; false when pacing says wait (see msUntilSend). */
  takeSendToken(now: number): boolean {
    const rate = this.paceRate();
    if (rate === undefined) return true;
    const burst = this.minRttMs() === undefined ? INITIAL_PACE_PER_MS : Math.max(8, Math.ceil(rate * 4));
    this.tokens = Math.min(burst, this.tokens + (now - this.tokensAt) * rate);
    this.tokensAt = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** How long until the next send credit. */
  msUntilSend(): number {
    const rate = this.paceRate();
    if (rate === undefined) return 0;
    return Math.max(0, (1 - this.tokens) / rate);
  }

  /** Sends per ms while pacing, undefined when the path is too fast to need it. */
  private paceRate(): number | undefined {
    const base = this.pathRttMs();
    if (base === undefined) return INITIAL_PACE_PER_MS;
    if (base < PACE_MIN_RTT_MS) return undefined;
    return this.window() / this.rtt.smoothedMs();
  }

  /**
   * The median of the last TYPICAL_SAMPLES round trips, recomputed every TYPICAL_EVERY samples.
   * A median, not an average: a pause of our own event loop (GC) inflates a whole window of
   * samples at once, which moved an average across SLOW_PATH_RTT_MS and opened the window on
   * a loopback server; it does not move the median of 1,024.
   */
  private sampleTypical(ms: number): void {
    // The first window's samples include our own cold start (JIT, first connect): not typical.
    if (++this.samples <= INITIAL_WINDOW) return;
    const n = this.samples - INITIAL_WINDOW;
    this.ring[(n - 1) % TYPICAL_SAMPLES] = ms;
    if (n % TYPICAL_EVERY !== 0) return;
    const filled = this.ring.slice(0, Math.min(n, TYPICAL_SAMPLES)).sort();
    this.typicalRtt = filled[filled.length >> 1];
  }

  private minRttMs(): number | undefined {
    const min = Math.min(this.minNow, this.minBefore);
    return Number.isFinite(min) ? min : undefined;
  }

  private sampleMin(ms: number, now: number): void {
    if (this.periodStart === undefined) this.periodStart = now;
    if (now - this.periodStart >= MIN_RTT_WINDOW_MS) {
      this.minBefore = this.minNow;
      this.minNow = Number.POSITIVE_INFINITY;
      this.periodStart = now;
    }
    if (ms < this.minNow) this.minNow = ms;
  }
}
