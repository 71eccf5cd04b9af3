import { MxError } from '../core/errors.js';
import { parseIp } from '../core/ip.js';
import { requireInt } from '../core/limits.js';
import { DNS_DEFAULTS } from './defaults.js';
import { createNodeResolver, systemServers } from './node-resolver.js';
import type { Resolver, ResolverOptions, ServerAddress } from './types.js';
import { createUdpResolver } from './udp-resolver.js';

export { DEFAULT_MAX_IN_FLIGHT, DNS_DEFAULTS } from './defaults.js';
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
export { systemServers };

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
    throw new MxError('config', 'no DNS resolver configured: give the servers (the CLI: --resolver)');
  const d = DNS_DEFAULTS;
  return {
    servers,
    adaptiveWindow: options.adaptiveWindow ?? true,
    timeoutMs: requireInt('timeoutMs', options.timeoutMs ?? d.timeoutMs, 1, d.maxTimeoutMs),
    retries: requireInt('retries', options.retries ?? d.retries, 0, d.maxRetries),
    maxInFlight: requireInt('maxInFlight', options.maxInFlight ?? d.maxInFlight, 1, d.maxInFlightLimit),
  };
}

export function createResolver(options: CreateResolverOptions = {}): Resolver {
  const resolved = resolveResolverOptions(options);
  return options.impl === 'node' ? createNodeResolver(resolved) : createUdpResolver(resolved);
}

/** Parses a resolver address `HOST[:PORT]` (IPv6 as `[::1]:5353` or bare `::1`). */
export function parseServerAddress(text: string): ServerAddress {
  const trimmed = text.trim();
  let host = trimmed;
  let port: number = DNS_DEFAULTS.port;
  const bracket = /^\[([^\]]+)\](?::(\d+))?$/.exec(trimmed);
  if (bracket) {
    host = bracket[1]!;
    if (bracket[2]) port = Number(bracket[2]);
  } else if ((trimmed.match(/:/g) ?? []).length === 1) {
    const [h, p] = trimmed.split(':');
    host = h!;
    if (!/^\d+$/.test(p!)) throw new MxError('usage', `resolver ${text}: port must be a number`);
    port = Number(p);
  }
  if (!parseIp(host))
    throw new MxError('usage', `resolver ${text}: give the resolver's IP address, not a name`);
  if (port < 1 || port > 65535) throw new MxError('usage', `resolver ${text}: port must be 1-65535`);
  return { host: parseIp(host)!.text, port };
}
