import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  FlowControl,
  GROWTH_PER_RTT,
  INITIAL_PACE_PER_MS,
  INITIAL_WINDOW,
  LOCAL_WINDOW,
  LOSS_FACTOR,
  RATE_CEILING,
  RTT_NOISE_MS,
} from './flow.js';

/** Feeds `n` answers with the given round trip at time `now`. */
function answer(flow: FlowControl, n: number, rttMs: number, now: number): void {
  for (let i = 0; i < n; i++) flow.onAnswer(rttMs, now);
}

describe('FlowControl', () => {
  it('starts at the initial window, never above maxInFlight', () => {
    assert.equal(new FlowControl(512, 2000).window(), INITIAL_WINDOW);
    assert.equal(new FlowControl(8, 2000).window(), 8);
  });

  it('paces the first window before any answer, in bursts of INITIAL_PACE_PER_MS', () => {
    const flow = new FlowControl(512, 2000);
    let sent = 0;
    while (flow.takeSendToken(1000)) sent++;
    assert.equal(sent, INITIAL_PACE_PER_MS);
    assert.ok(flow.msUntilSend() > 0);
    // Half a millisecond later, half a burst more.
    sent = 0;
    while (flow.takeSendToken(1000.5)) sent++;
    assert.equal(sent, INITIAL_PACE_PER_MS / 2);
  });

  it('caps a server a fraction of a millisecond away at LOCAL_WINDOW and does not pace it', () => {
    const flow = new FlowControl(512, 2000);
    answer(flow, 1000, 0.3, 10);
    assert.equal(flow.window(), LOCAL_WINDOW);
    // Samples inflated by our own event loop (a GC pause) do not open the window past the server's buffer.
    const slowLoop = new FlowControl(512, 2000);
    answer(slowLoop, 1000, 4, 10);
    assert.equal(slowLoop.window(), LOCAL_WINDOW);
    let sent = 0;
    while (sent < 10_000 && flow.takeSendToken(11)) sent++;
    assert.equal(sent, 10_000, 'no pacing on a sub-millisecond path');
  });

  it('sizes the window for a recursive resolver by its typical round trip, not its cache hits', () => {
    const flow = new FlowControl(512, 2000);
    // One answer in ten from the cache (0.2 ms), the rest after a 40 ms recursion.
    for (let i = 0; i < 3000; i++) flow.onAnswer(i % 10 === 0 ? 0.2 : 40, 100 + i * 0.1);
    assert.equal(flow.window(), 512);
    // Paced: a window of 512 goes out over the round trip, not at once.
    let sent = 0;
    while (flow.takeSendToken(1000)) sent++;
    assert.ok(sent < 512, `burst of ${sent}`);
  });

  it('keeps an explicit window (--concurrency) whatever the path, still cutting it on loss', () => {
    const flow = new FlowControl(512, 2000, false);
    answer(flow, 2000, 0.3, 10);
    assert.equal(flow.window(), 512);
    flow.onLoss(20);
    assert.ok(flow.window() < 512);
  });

  it('opens up to maxInFlight on a 30 ms path (bandwidth-delay product) and paces it', () => {
    const flow = new FlowControl(512, 2000);
    answer(flow, 2000, 30, 100);
    assert.equal(flow.window(), Math.min(512, Math.ceil(RATE_CEILING * (30 - RTT_NOISE_MS))));
    // window / SRTT per ms: 512 / 30 ≈ 17 per ms, so 100 ms after an idle start the burst cap binds.
    let sent = 0;
    while (flow.takeSendToken(200)) sent++;
    assert.ok(sent >= 8 && sent <= Math.ceil((512 / 30) * 4), `burst of ${sent}`);
    const wait = flow.msUntilSend();
    assert.ok(wait > 0 && wait < 1, `next send in ${wait} ms`);
  });

  it('cuts on loss at most once per round trip, as deep as the share lost, then grows by GROWTH_PER_RTT per round trip', () => {
    const flow = new FlowControl(512, 2000);
    answer(flow, 2000, 30, 100);
    const before = flow.window();
    flow.onLoss(200);
    const cut = flow.window();
    assert.equal(cut, before - 1, 'one datagram of a window lost: a slot given up');
    flow.onLoss(210); // same round trip: no second cut
    assert.equal(flow.window(), cut);
    // A round trip that loses a whole window: the next cut is the deepest.
    for (let i = 0; i < cut; i++) flow.onLoss(220);
    assert.equal(flow.window(), cut, 'still the same round trip');
    flow.onLoss(260);
    const deep = flow.window();
    assert.equal(deep, Math.floor(cut * LOSS_FACTOR));
    answer(flow, deep, 30, 270); // one round trip's worth of answers
    const grown = flow.window() - deep;
    assert.ok(grown >= GROWTH_PER_RTT - 1 && grown <= GROWTH_PER_RTT, `congestion avoidance: +${grown}`);
  });

  it('undoes a cut whose datagram was late, not lost (an answer sooner after the resend than the path allows)', () => {
    const flow = new FlowControl(1024, 2000);
    answer(flow, 3000, 30, 100);
    const before = flow.window();
    flow.onLoss(200);
    assert.ok(flow.window() < before);
    assert.equal(flow.answersEarlierSend(40), false, 'a full round trip after the resend: may be the resend');
    assert.equal(
      flow.answersEarlierSend(2),
      true,
      '2 ms after the resend on a 30 ms path: the first datagram',
    );
    flow.onSpuriousLoss();
    assert.equal(flow.window(), before);
    // Only the last cut is undone, and only once.
    flow.onLoss(400);
    flow.onSpuriousLoss();
    flow.onSpuriousLoss();
    assert.equal(flow.window(), before);
    flow.onLoss(600);
    const cut = flow.window();
    answer(flow, 1, 30, 610);
    flow.onLoss(700);
    assert.ok(flow.window() < cut);
  });

  it('never reads an answer as early before a round trip has been measured', () => {
    assert.equal(new FlowControl(512, 2000).answersEarlierSend(0), false);
  });

  it('forgets an old minimum round trip when the path gets slower', () => {
    const flow = new FlowControl(512, 2000);
    answer(flow, 10, 0.2, 0);
    assert.equal(flow.window(), LOCAL_WINDOW);
    // 25 s later the path is 30 ms away: after two periods the old minimum is gone.
    answer(flow, 600, 30, 12_000);
    answer(flow, 600, 30, 25_000);
    assert.ok(flow.window() > LOCAL_WINDOW, `window ${flow.window()}`);
  });
});
