import { type ChildProcess, spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import dnsPacket from 'dns-packet';
import { type ChildReady, waitChildReady } from './child-ready.js';
import type { ZoneSpec } from './zones.js';

export interface RbldnsdOptions {
  zones: ZoneSpec[];
  /** Extra `-b` listen addresses in rbldnsd's form, e.g. `127.0.0.2/53` (the benchmark's port-53 peers). */
  extraBinds?: string[];
  /** How long to wait for the first answer, ms. */
  startTimeoutMs?: number;
}

export interface RbldnsdServer {
  host: string;
  port: number;
  pid: number;
  /** The temp dir holding the zone files (removed by stop()). */
  dir: string;
  stop(): Promise<void>;
}

const RBLDNSD = '/usr/sbin/rbldnsd';
const MAX_START_ATTEMPTS = 3;

/**
 * Starts rbldnsd on a free loopback UDP port serving the given zones from a fresh temp dir, and
 * resolves once it answers. rbldnsd refuses to run as root, so as root it drops to `rbldns`
 * (the Debian package's user). stop() kills it by its own PID and removes the zone files.
 *
 * @example
 * const server = await startRbldnsd({ zones: testZones() });
 * // ... query 127.0.0.1:server.port ...
 * await server.stop();
 */
export async function startRbldnsd(options: RbldnsdOptions): Promise<RbldnsdServer> {
  const dir = mkdtempSync(join(tmpdir(), 'mxd-rbldnsd-'));
  chmodSync(dir, 0o755);
  const zoneArgs = writeZones(dir, options.zones);
  let lastError = '';
  for (let attempt = 0; attempt < MAX_START_ATTEMPTS; attempt++) {
    const port = await freeUdpPort();
    const child = spawnServer(dir, port, zoneArgs, options.extraBinds ?? []);
    const ready = await waitReady(child, port, options.startTimeoutMs ?? 5000);
    if (ready.ok) {
      // A test process that dies without calling stop() must not leave rbldnsd behind.
      const killOnExit = () => child.kill('SIGTERM');
      process.once('exit', killOnExit);
      const stop = () => {
        process.removeListener('exit', killOnExit);
        return stopServer(child, dir);
      };
      return { host: '127.0.0.1', port, pid: child.pid!, dir, stop };
    }
    lastError = ready.error;
    await stopServer(child, undefined);
  }
  rmSync(dir, { recursive: true, force: true });
  throw new Error(`rbldnsd did not start: ${lastError}`);
}

function writeZones(dir: string, zones: ZoneSpec[]): string[] {
  const args: string[] = [];
  zones.forEach((spec, z) => {
    spec.datasets.forEach((dataset, d) => {
      const file = `z${z}-${d}.${dataset.type}`;
      writeFileSync(join(dir, file), `${dataset.lines.join('\n')}\n`, { mode: 0o644 });
      args.push(`${spec.zone}:${dataset.type}:${file}`);
    });
  });
  return args;
}

function spawnServer(dir: string, port: number, zoneArgs: string[], extraBinds: string[]): ChildProcess {
  // -n foreground (we keep its own PID), -q quiet, -c 0 no reload checks, -t 60 default TTL.
  const args = ['-n', '-q', '-c', '0', '-t', '60', '-w', dir, '-b', `127.0.0.1/${port}`];
  for (const bind of extraBinds) args.push('-b', bind);
  if (process.getuid?.() === 0) args.push('-u', 'rbldns');
  args.push(...zoneArgs);
  return spawn(RBLDNSD, args, { stdio: ['ignore', 'ignore', 'pipe'] });
}

export async function freeUdpPort(): Promise<number> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

/** Polls with a query for a name rbldnsd does not serve: any answer (REFUSED) means it is up. */
function waitReady(child: ChildProcess, port: number, timeoutMs: number): Promise<ChildReady> {
  return waitChildReady(child, timeoutMs, () => probe(port, 100));
}

function probe(port: number, waitMs: number): Promise<boolean> {
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
    const query = dnsPacket.encode({
      type: 'query',
      id: 4242,
      questions: [{ type: 'A', name: 'ready.invalid' }],
    });
    socket.send(query, port, '127.0.0.1');
  });
}

async function stopServer(child: ChildProcess, dir: string | undefined): Promise<void> {
  if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    process.kill(child.pid, 'SIGTERM');
    await exited;
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
}
