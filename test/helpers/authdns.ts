import { type ChildProcess, spawn } from 'node:child_process';
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import dnsPacket from 'dns-packet';

/**
 * NSD (Debian package `nsd`) as the authoritative server of the diagnose tests, plus a tiny UDP
 * router so that one `--resolver` address answers both NSD's zones and rbldnsd's list zones
 * (no recursive resolver is involved: everything stays on loopback).
 */
export interface AuthZone {
  /** Zone origin without trailing dot, e.g. `healthy.test` or `0.0.127.in-addr.arpa`. */
  origin: string;
  /** Zone-file lines relative to the origin (`@ IN MX 10 mail`); SOA and NS are added. */
  records: string[];
}

export interface DnsServer {
  host: string;
  port: number;
  pid: number;
  stop(): Promise<void>;
}

const NSD = '/usr/sbin/nsd';
const MAX_START_ATTEMPTS = 3;

function zoneFile(zone: AuthZone): string {
  const head = [
    `$ORIGIN ${zone.origin}.`,
    '$TTL 60',
    `@ IN SOA ns.mxd.test. hostmaster.mxd.test. 1 600 300 86400 60`,
    '@ IN NS ns.mxd.test.',
  ];
  return `${[...head, ...zone.records].join('\n')}\n`;
}

function nsdConf(dir: string, port: number, zones: AuthZone[]): string {
  const server = [
    'server:',
    `  ip-address: 127.0.0.1@${port}`,
    `  port: ${port}`,
    '  do-ip6: no',
    '  username: ""',
    '  chroot: ""',
    `  zonesdir: "${dir}"`,
    `  pidfile: "${dir}/nsd.pid"`,
    '  database: ""',
    `  zonelistfile: "${dir}/zone.list"`,
    `  xfrdfile: "${dir}/xfrd.state"`,
    `  xfrdir: "${dir}"`,
    `  logfile: "${dir}/nsd.log"`,
    '  server-count: 1',
    '  verbosity: 1',
    'remote-control:',
    '  control-enable: no',
  ];
  const zoneLines = zones.flatMap((z, i) => ['zone:', `  name: "${z.origin}"`, `  zonefile: "z${i}.zone"`]);
  return `${[...server, ...zoneLines].join('\n')}\n`;
}

/**
 * Starts NSD in the foreground (-d, so the PID we hold is the server's own) on a free loopback
 * port from a fresh temp dir, and resolves once it answers the first zone's SOA.
 *
 * @example
 * const nsd = await startNsd([{ origin: 'healthy.test', records: ['@ IN MX 10 mail', 'mail IN A 127.0.0.10'] }]);
 * await nsd.stop();
 */
export async function startNsd(zones: AuthZone[]): Promise<DnsServer> {
  const dir = mkdtempSync(join(tmpdir(), 'mxd-nsd-'));
  for (const [i, z] of zones.entries()) writeFileSync(join(dir, `z${i}.zone`), zoneFile(z));
  let lastError = '';
  for (let attempt = 0; attempt < MAX_START_ATTEMPTS; attempt++) {
    const port = await freeUdpPort();
    writeFileSync(join(dir, 'nsd.conf'), nsdConf(dir, port, zones));
    const child = spawn(NSD, ['-d', '-c', join(dir, 'nsd.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    if (await waitAnswer(child, port, zones[0]!.origin, 5000)) {
      return { host: '127.0.0.1', port, pid: child.pid!, stop: () => stopChild(child, dir) };
    }
    lastError = `${stderr} ${readLog(dir)}`.trim();
    await stopChild(child, undefined);
  }
  rmSync(dir, { recursive: true, force: true });
  throw new Error(`nsd did not start: ${lastError}`);
}

function readLog(dir: string): string {
  try {
    return readFileSync(join(dir, 'nsd.log'), 'utf8');
  } catch {
    return '';
  }
}

export interface Route {
  /** Names equal to or under this suffix go to the server. */
  suffix: string;
  host: string;
  port: number;
}

/**
 * A UDP forwarder on a free loopback port: each query goes to the route with the longest
 * matching suffix (else to `fallback`), and the answer comes back unchanged. Test-only: one
 * socket per query, no caching, no TCP.
 */
export async function startDnsRouter(
  routes: Route[],
  fallback: { host: string; port: number },
): Promise<DnsServer> {
  const socket = createSocket('udp4');
  /** Each query's upstream socket and the function that closes it (and clears its timer). */
  const upstreams = new Map<Socket, () => void>();
  let stopped = false;
  socket.on('message', (msg: Buffer, client: RemoteInfo) => {
    let name = '';
    try {
      name = (dnsPacket.decode(msg).questions?.[0]?.name ?? '').toLowerCase();
    } catch {
      return;
    }
    const route = routes
      .filter((r) => name === r.suffix || name.endsWith(`.${r.suffix}`))
      .sort((a, b) => b.suffix.length - a.suffix.length)[0];
    const target = route ?? fallback;
    const upstream = createSocket('udp4');
    const close = () => {
      clearTimeout(timer);
      if (upstreams.delete(upstream)) upstream.close();
    };
    upstreams.set(upstream, close);
    const timer = setTimeout(close, 10_000);
    upstream.on('message', (answer: Buffer) => {
      if (!stopped) socket.send(answer, client.port, client.address);
      close();
    });
    upstream.on('error', close);
    upstream.send(msg, target.port, target.host);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return {
    host: '127.0.0.1',
    port: socket.address().port,
    pid: process.pid,
    stop: async () => {
      stopped = true;
      for (const close of [...upstreams.values()]) close();
      await new Promise<void>((resolve) => socket.close(() => resolve()));
    },
  };
}

async function freeUdpPort(): Promise<number> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

async function waitAnswer(
  child: ChildProcess,
  port: number,
  origin: string,
  timeoutMs: number,
): Promise<boolean> {
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !exited) {
    if (await ask(port, origin, 100)) return true;
  }
  return false;
}

function ask(port: number, name: string, waitMs: number): Promise<boolean> {
  const socket = createSocket('udp4');
  return new Promise((resolve) => {
    const done = (ok: boolean) => {
      clearTimeout(timer);
      socket.close();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), waitMs);
    socket.on('message', () => done(true));
    socket.on('error', () => done(false));
    socket.send(
      dnsPacket.encode({ type: 'query', id: 4243, questions: [{ type: 'SOA', name }] }),
      port,
      '127.0.0.1',
    );
  });
}

async function stopChild(child: ChildProcess, dir: string | undefined): Promise<void> {
  if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    process.kill(child.pid, 'SIGTERM');
    await exited;
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
}
