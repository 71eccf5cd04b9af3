/**
 * The alert delivery loop of a running monitor: passes over the outbox after each cycle and
 * every DELIVERY_POLL_MS (retries fall due between cycles); with digests on, each pass first
 * releases the held alerts once the oldest has waited the digest period (digest.ts).
 */
import { describeError } from '../core/errors.js';
import { redact } from './alerts.js';
import { releaseDigest } from './digest.js';
import { channelSecrets, type Delivery, deliverDue } from './outbox.js';
import type { Store } from './ports.js';

/** How often due and retried alerts are looked for between cycles. */
export const DELIVERY_POLL_MS = 15_000;

export interface DeliveryLoop {
  /** One pass now (or one more after the running pass). */
  deliver(): Promise<void>;
  start(): void;
  /** Timers off; waits for a running pass. */
  stop(): Promise<void>;
}

export function createDeliveryLoop(
  store: Store,
  delivery: Delivery,
  o: { channels: string[]; digestHours: number | null },
): DeliveryLoop {
  const secrets = channelSecrets(delivery.channels);
  let delivering: Promise<void> | null = null;
  let again = false;
  let stopped = false;
  let pollTimer: { cancel(): void } | null = null;
  /** When the held alerts fall due, once known (digest.ts). */
  const digestDue = { atMs: null as number | null };

  /** One pass at a time: two passes reading the same due rows would send each twice. */
  function deliver(): Promise<void> {
    if (delivering) {
      again = true;
      return delivering;
    }
    if (stopped) return Promise.resolve();
    delivering = (async () => {
      do {
        again = false;
        try {
          if (o.digestHours !== null)
            await releaseDigest(
              store,
              o.channels,
              delivery.clock.now(),
              o.digestHours * 3_600_000,
              digestDue,
            );
          while ((await deliverDue(store, delivery)) > 0) {}
        } catch (error) {
          delivery.log(`alert delivery: ${redact(describeError(error), secrets)}`);
        }
      } while (again && !stopped);
    })().finally(() => {
      delivering = null;
    });
    return delivering;
  }

  const poll = () => {
    pollTimer = delivery.clock.setTimeout(() => {
      void deliver().finally(poll);
    }, DELIVERY_POLL_MS);
  };
  return {
    deliver,
    start() {
      poll();
    },
    async stop() {
      stopped = true;
      pollTimer?.cancel();
      await delivering;
    },
  };
}
