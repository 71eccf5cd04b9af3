/**
 * `npm run bench:check-recursive [-- fixed]`: 1,000 IPs x 50 zones through an emulated recursive
 * resolver in front of rbldnsd on loopback: one answer in ten at once (its cache), the rest after
 * 40 ms (a recursion). Shows how the default adaptive window (src/dns/flow.ts) sizes itself for a
 * path whose fastest answers say "local" while its typical answers say "distant"; `fixed` runs a
 * fixed window of 512 (`--concurrency 512`) for comparison. Prints the window every 500 ms.
 */
import { createSocket } from 'node:dgram';
import { checkTargets } from '../src/check/check.js';
import { HealthCache } from '../src/check/health.js';
import { parseTarget } from '../src/core/targets.js';
import { createUdpResolver } from '../src/dns/udp-resolver.js';
import { freeUdpPort, startRbldnsd } from '../test/helpers/rbldnsd.js';
import { generateBenchZones } from './lib/bench-zones.js';

const data = generateBenchZones(50);
const server = await startRbldnsd({ zones: data.zones });
const up = createSocket('udp4');
const front = createSocket('udp4');
const port = await freeUdpPort();
const origin = new Map<number, [number, string]>();
let next = 0;
front.on('message', (msg, rinfo) => {
  const id = next++ & 0xffff;
  origin.set(id, [msg.readUInt16BE(0), `${rinfo.address}:${rinfo.port}`]);
  msg.writeUInt16BE(id, 0);
  up.send(msg, server.port, '127.0.0.1');
});
up.on('message', (msg) => {
  const id = msg.readUInt16BE(0);
  const o = origin.get(id);
  if (!o) return;
  origin.delete(id);
  msg.writeUInt16BE(o[0], 0);
  const [h, p] = o[1].split(':');
  const delay = Math.random() < 0.1 ? 0 : 40;
  setTimeout(() => front.send(msg, Number(p), h), delay);
});
await new Promise<void>((r) => front.bind(port, '127.0.0.1', r));
const catalog = data.listZones.map((zone) => ({
  zone,
  name: zone,
  kind: 'ip' as const,
  ipv6: false,
  codes: {},
  errorCodes: {},
  ignoreCodes: {},
  bitmask: false,
  scope: 'ip' as const,
  access: { refusesPublicResolvers: false },
  dead: false,
  allowlist: false,
  testPoints: true,
}));
const adaptive = process.argv[2] !== 'fixed';
const resolver = createUdpResolver({
  servers: [{ host: '127.0.0.1', port }],
  timeoutMs: 2000,
  retries: 1,
  maxInFlight: 512,
  adaptiveWindow: adaptive,
});
const t0 = performance.now();
// The printout reads the resolver's private per-server state (window, SRTT, in flight).
const flow = (
  resolver as unknown as {
    servers: { flow: { window(): number; rtt: { smoothedMs(): number } }; pending: Map<number, unknown> }[];
  }
).servers[0]!;
const iv = setInterval(
  () =>
    console.log(
      Math.round(performance.now() - t0),
      'win',
      flow.flow.window(),
      'srtt',
      flow.flow.rtt.smoothedMs().toFixed(1),
      'pending',
      flow.pending.size,
    ),
  500,
);
let listed = 0;
for await (const r of checkTargets(
  data.ips.map((ip) => parseTarget(ip)),
  { resolver, catalog, health: new HealthCache(resolver), txt: false },
))
  listed += r.summary.listed;
console.log(
  adaptive ? 'adaptive' : 'fixed512',
  Math.round(performance.now() - t0),
  'ms',
  'listed',
  listed,
  resolver.stats,
);
clearInterval(iv);
resolver.close();
front.close();
up.close();
await server.stop();
