import { MxError } from '../core/errors.js';
import { parseIp } from '../core/ip.js';
import { requireInt } from '../core/limits.js';
import { createNodeResolver, systemServers } from './node-resolver.js';
import type { Resolver, ResolverOptions, ServerAddress } from './types.js';
import { DEFAULT_RETRIES, DEFAULT_TIMEOUT_MS } from './types.js';
import { createUdpResolver } from './udp-resolver.js';

export type {
  DnsFailure,
  DnsOutcome,
  MxRecord,
  RecordMap,
  RecordType,
  Resolver,
  ResolverOptions,
  ServerAddress,
} from './types.js';
export { DEFAULT_RETRIES, DEFAULT_TIMEOUT_MS } from './types.js';
export { systemServers };

/** Upper bound on queries in flight per server (flow.ts sizes the window below it): docs/check-bench.md. */
export const DEFAULT_MAX_IN_FLIGHT = 512;
export const MAX_TIMEOUT_MS = 60_000;
export const MAX_IN_FLIGHT_LIMIT = 4096;

export interface CreateResolverOptions {
  servers?: ServerAddress[];
  timeoutMs?: number;
  retries?: number;
  maxInFlight?: number;
  /** See ResolverOptions.adaptiveWindow (default true). */
  adaptiveWindow?: boolean;
  /** 'udp' (default): our dns-packet client; 'node': node:dns (c-ares). */
  impl?: 'udp' | 'node';
}

/** Validates options (never `||` defaults) and builds the resolver every capability uses. */
export function resolveResolverOptions(options: CreateResolverOptions): ResolverOptions {
  const servers = options.servers ?? systemServers();
  if (servers.length === 0)
    throw new MxError('config', 'no DNS resolver configured: pass --resolver HOST[:PORT]');
  return {
    servers,
    adaptiveWindow: options.adaptiveWindow ?? true,
    timeoutMs: requireInt('--timeout', options.timeoutMs ?? DEFAULT_TIMEOUT_MS, 1, MAX_TIMEOUT_MS),
    retries: requireInt('retries', options.retries ?? DEFAULT_RETRIES, 0, 5),
    maxInFlight: requireInt(
      '--concurrency',
      options.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT,
      1,
      MAX_IN_FLIGHT_LIMIT,
    ),
  };
}

export function createResolver(options: CreateResolverOptions = {}): Resolver {
  const resolved = resolveResolverOptions(options);
  return options.impl === 'node' ? createNodeResolver(resolved) : createUdpResolver(resolved);
}

/** Parses `--resolver HOST[:PORT]` (IPv6 as `[::1]:5353` or bare `::1`). */
export function parseServerAddress(text: string): ServerAddress {
  const trimmed = text.trim();
  let host = trimmed;
  let port = 53;
  const bracket = /^\[([^\]]+)\](?::(\d+))?$/.exec(trimmed);
  if (bracket) {
    host = bracket[1]!;
    if (bracket[2]) port = Number(bracket[2]);
  } else if ((trimmed.match(/:/g) ?? []).length === 1) {
    const [h, p] = trimmed.split(':');
    host = h!;
    if (!/^\d+$/.test(p!)) throw new MxError('usage', `--resolver ${text}: port must be a number`);
    port = Number(p);
  }
  if (!parseIp(host))
    throw new MxError('usage', `--resolver ${text}: give the resolver's IP address, not a name`);
  if (port < 1 || port > 65535) throw new MxError('usage', `--resolver ${text}: port must be 1-65535`);
  return { host: parseIp(host)!.text, port };
}
