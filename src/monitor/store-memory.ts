/**
 * An in-memory store for unit tests and for trying the monitor without a disk. It follows the
 * same contract as the SQLite store (src/monitor/store.conformance.ts runs against both).
 */
import { planConfigSync } from './config-sync.js';
import type {
  ChangeBatch,
  CycleRow,
  OutboxRow,
  SmtpProbeRow,
  StateRow,
  Store,
  StoredEvent,
  StoredTarget,
} from './ports.js';

const stateKey = (target: string, zone: string, name: string) => `${target}\u0000${zone}\u0000${name}`;
const isTransition = (e: StoredEvent) => e.event === 'listed' || e.event === 'delisted';
const clone = <T>(value: T): T => structuredClone(value);

export function createMemoryStore(): Store {
  const targets = new Map<string, StoredTarget>();
  const states = new Map<string, StateRow>();
  const events: StoredEvent[] = [];
  const eventKeys = new Set<string>();
  const outbox: OutboxRow[] = [];
  const cycles: CycleRow[] = [];
  const records = new Map<string, Map<string, string>>();
  const probes = new Map<string, Map<string, SmtpProbeRow>>();
  let written = 0;
  let nextOutboxId = 1;

  const queue = (e: StoredEvent, channels: string[], status: 'pending' | 'held') => {
    for (const channel of channels) {
      const key = `${e.key}|${channel}`;
      if (outbox.some((o) => o.key === key)) continue;
      outbox.push({
        id: nextOutboxId++,
        key,
        eventKey: e.key,
        channel,
        attempts: 0,
        nextAt: e.at,
        status,
        lastError: null,
        detail: clone(e.detail),
      });
      written++;
    }
  };
  const insertEvent = (e: StoredEvent) => {
    if (eventKeys.has(e.key)) return;
    eventKeys.add(e.key);
    events.push(clone(e));
    written++;
  };
  /** State rows, records and probes go with the target; events (history) stay. */
  const removeTarget = (target: string): boolean => {
    for (const [k, s] of states) {
      if (s.target === target) {
        states.delete(k);
        written++;
      }
    }
    records.delete(target);
    probes.delete(target);
    const removed = targets.delete(target);
    if (removed) written++;
    return removed;
  };
  const newestFirst = (list: StoredEvent[]) =>
    list
      .map((e, i) => ({ e, i }))
      .sort((a, b) => (a.e.at === b.e.at ? b.i - a.i : a.e.at < b.e.at ? 1 : -1))
      .map(({ e }) => clone(e));

  return {
    async addTarget(t) {
      if (!targets.has(t.target)) {
        targets.set(t.target, clone(t));
        written++;
      }
      return clone(targets.get(t.target)!);
    },
    async updateTarget(target, patch) {
      const t = targets.get(target);
      if (!t) return null;
      if (patch.group !== undefined) t.group = patch.group;
      if (patch.name !== undefined) t.name = patch.name;
      written++;
      return clone(t);
    },
    async syncConfigTargets(wanted) {
      const plan = planConfigSync(targets.values(), wanted);
      for (const w of plan.add) targets.set(w.target, { ...clone(w), source: 'config' });
      for (const w of plan.update)
        Object.assign(targets.get(w.target)!, { group: w.group, name: w.name, source: 'config' });
      written += plan.add.length + plan.update.length;
      return {
        added: plan.add.map((w) => w.target),
        updated: plan.update.map((w) => w.target),
        removed: plan.remove.filter((target) => removeTarget(target)),
      };
    },
    async removeTarget(target) {
      return removeTarget(target);
    },
    async listTargets() {
      return [...targets.values()]
        .sort((a, b) =>
          a.addedAt === b.addedAt ? (a.target < b.target ? -1 : 1) : a.addedAt < b.addedAt ? -1 : 1,
        )
        .map(clone);
    },
    async getTarget(target) {
      const t = targets.get(target);
      return t ? clone(t) : null;
    },
    async listStates(target) {
      return [...states.values()].filter((s) => target === undefined || s.target === target).map(clone);
    },
    async apply(batch: ChangeBatch) {
      for (const s of batch.upserts) {
        states.set(stateKey(s.target, s.zone, s.name), clone(s));
        written++;
      }
      for (const d of batch.deletes) if (states.delete(stateKey(d.target, d.zone, d.name))) written++;
      for (const e of batch.events) {
        insertEvent(e);
        if (!e.damped) queue(e, batch.channels, batch.hold ? 'held' : 'pending');
      }
      for (const f of batch.firstScans) {
        const t = targets.get(f.target);
        if (t && t.firstScanAt === null) {
          t.firstScanAt = f.at;
          written++;
        }
      }
      for (const r of batch.records) {
        const map = records.get(r.target) ?? new Map<string, string>();
        map.set(r.kind, r.value);
        records.set(r.target, map);
        written++;
      }
      for (const p of batch.probes ?? []) {
        const map = probes.get(p.target) ?? new Map<string, SmtpProbeRow>();
        map.set(p.host, clone(p));
        probes.set(p.target, map);
        written++;
      }
    },
    async history(target, limit) {
      return newestFirst(events.filter((e) => e.target === target && isTransition(e))).slice(0, limit);
    },
    async recentEvents(limit) {
      return newestFirst(events.filter(isTransition)).slice(0, limit);
    },
    async countTransitions(target, zone, name, sinceIso) {
      return events.filter(
        (e) =>
          e.target === target && e.zone === zone && e.name === name && e.at >= sinceIso && isTransition(e),
      ).length;
    },
    async records(target) {
      return new Map(records.get(target) ?? []);
    },
    async smtpProbes(target) {
      return [...(probes.get(target)?.values() ?? [])]
        .sort((a, b) => (a.host < b.host ? -1 : a.host > b.host ? 1 : 0))
        .map(clone);
    },
    async dueOutbox(nowIso, limit) {
      return outbox
        .filter((o) => o.status === 'pending' && o.nextAt <= nowIso)
        .slice(0, limit)
        .map(clone);
    },
    async heldOutbox() {
      return outbox.filter((o) => o.status === 'held').map(clone);
    },
    async releaseDigest(heldIds, digest, channels) {
      for (const o of outbox) if (heldIds.includes(o.id)) o.status = 'sent';
      insertEvent(digest);
      queue(digest, channels, 'pending');
    },
    async markSent(id, atIso) {
      const o = outbox.find((x) => x.id === id);
      if (!o) return;
      Object.assign(o, { status: 'sent', attempts: o.attempts + 1, nextAt: atIso, lastError: null });
      written++;
    },
    async markFailed(id, error, nextAtIso, dead) {
      const o = outbox.find((x) => x.id === id);
      if (!o) return;
      Object.assign(o, {
        status: dead ? 'dead' : 'pending',
        attempts: o.attempts + 1,
        nextAt: nextAtIso,
        lastError: error,
      });
      written++;
    },
    async startCycle(group, atIso) {
      const id = cycles.length + 1;
      cycles.push({ id, group, startedAt: atIso, finishedAt: null });
      written++;
      return id;
    },
    async finishCycle(id, atIso) {
      const c = cycles.find((x) => x.id === id);
      if (c) c.finishedAt = atIso;
      written++;
    },
    async lastCycles() {
      const last = new Map<string, CycleRow>();
      for (const c of cycles) last.set(c.group, c);
      return [...last.values()].map(clone);
    },
    async prune(beforeIso) {
      let n = 0;
      for (let i = events.length - 1; i >= 0; i--) {
        if (events[i]!.at < beforeIso) {
          eventKeys.delete(events[i]!.key);
          events.splice(i, 1);
          n++;
        }
      }
      for (let i = outbox.length - 1; i >= 0; i--) {
        const o = outbox[i]!;
        if ((o.status === 'sent' || o.status === 'dead') && o.nextAt < beforeIso) {
          outbox.splice(i, 1);
          n++;
        }
      }
      for (const map of probes.values()) {
        for (const [host, p] of map) {
          if (p.at < beforeIso) {
            map.delete(host);
            n++;
          }
        }
      }
      return n;
    },
    stats: () => ({ rowsWritten: written }),
    async close() {},
  };
}
