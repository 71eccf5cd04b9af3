/**
 * Shared plumbing of the MTA test harness: free loopback ports, a private mount namespace whose
 * /etc/resolv.conf names only a loopback DNS (so no MTA can send a DNS query off the machine),
 * readiness by reading the first reply line, and stopping by our own PIDs only.
 */
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

export const run = promisify(execFile);

export async function freeTcpPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** A world-readable temp dir (the MTAs' unprivileged users must traverse it). */
export function makeStateDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  chmodSync(dir, 0o755);
  return dir;
}

/**
 * Runs argv in a new mount namespace with `dnsIp` as the only resolver. Daemons started this way
 * keep the namespace after the starter exits.
 */
export async function runIsolated(dir: string, dnsIp: string, argv: string[]): Promise<void> {
  const resolv = join(dir, 'resolv.conf');
  writeFileSync(resolv, `nameserver ${dnsIp}\noptions timeout:1 attempts:1\n`, { mode: 0o644 });
  await run(
    'unshare',
    [
      '--mount',
      '--propagation',
      'private',
      'sh',
      '-c',
      'mount --bind "$0" /etc/resolv.conf && exec "$@"',
      resolv,
      ...argv,
    ],
    { timeout: 60_000 },
  );
}

/** Waits until the port answers with a first line (the banner); returns it. */
export async function waitForBanner(port: number, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    const line = await readFirstLine(port, Math.max(1, deadline - Date.now())).catch((e: Error) => {
      last = e.message;
      return null;
    });
    if (line) return line;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no banner on 127.0.0.1:${port} within ${timeoutMs} ms (${last})`);
}

function readFirstLine(port: number, timeoutMs: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    let data = '';
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(null);
    }, timeoutMs);
    socket.on('data', (chunk) => {
      data += chunk.toString('latin1');
      const i = data.indexOf('\n');
      if (i >= 0) {
        clearTimeout(timer);
        socket.end('QUIT\r\n');
        resolve(data.slice(0, i).replace(/\r$/, ''));
      }
    });
    socket.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(data ? data.replace(/\r?\n[\s\S]*$/, '') : null);
    });
  });
}

export function readPid(file: string): number | null {
  if (!existsSync(file)) return null;
  const pid = Number(readFileSync(file, 'utf8').trim());
  return Number.isInteger(pid) && pid > 1 ? pid : null;
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** SIGTERM our own daemon, wait, then SIGKILL its process group (a session leader's group is only its own children). */
export async function stopPid(pid: number | null, group: boolean): Promise<void> {
  if (pid === null || !alive(pid)) return;
  process.kill(pid, 'SIGTERM');
  for (let i = 0; i < 100 && alive(pid); i++) await new Promise((r) => setTimeout(r, 50));
  if (!alive(pid)) return;
  try {
    process.kill(group ? -pid : pid, 'SIGKILL');
  } catch {
    process.kill(pid, 'SIGKILL');
  }
}

/** A random 127.x.y.z for a per-run DNS on port 53 (resolv.conf cannot name a port). */
export function randomLoopbackIp(): string {
  const b = () => 1 + Math.floor(Math.random() * 250);
  return `127.${100 + Math.floor(Math.random() * 100)}.${b()}.${b()}`;
}
