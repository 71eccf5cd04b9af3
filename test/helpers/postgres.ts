/**
 * A private PostgreSQL server for tests, from the Debian packages (/usr/lib/postgresql/<v>/bin,
 * the newest installed; never a system cluster): initdb in a temp dir, the server on a free
 * 127.0.0.1 port (its unix socket in the temp dir), started and stopped by its own PID, the dir
 * removed. initdb and postgres refuse to run as root, so as root (CI) both run as the `postgres`
 * user the package creates (setpriv, which execs: the PID we hold is the server's), in a dir it
 * owns. Logins over TCP need the password (scram-sha-256), so URLs carry one, as in real use.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chownSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { type ChildReady, waitChildReady } from './child-ready.js';
import { freeTcpPort } from './mta-common.js';

const PG_ROOT = '/usr/lib/postgresql';
const MAX_START_ATTEMPTS = 3;
const START_TIMEOUT_MS = 20_000;
export const PG_USER = 'mxdoctor';

export interface PostgresServer {
  host: string;
  port: number;
  pid: number;
  password: string;
  /** postgres://mxdoctor:PASSWORD@127.0.0.1:PORT/DB */
  url(database?: string): string;
  /** Creates an empty database and returns its URL. */
  createDatabase(name: string): Promise<string>;
  /** Fast shutdown by PID (SIGKILL after 5 s), temp dir removed. */
  stop(): Promise<void>;
}

/** The bin folder of the newest PostgreSQL installed from the Debian packages, or null. */
export function postgresBinDir(): string | null {
  if (!existsSync(PG_ROOT)) return null;
  const versions = readdirSync(PG_ROOT)
    .filter((v) => /^\d+$/.test(v) && existsSync(join(PG_ROOT, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(PG_ROOT, versions[0], 'bin') : null;
}

/** As root: run as the `postgres` user (uid, gid); otherwise as ourselves. */
function runAs(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  // The Debian package creates it as a system user in /etc/passwd.
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('postgres:'));
  if (!line) throw new Error('no postgres user (apt-get install postgresql creates it)');
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

function command(user: { uid: number; gid: number } | null, bin: string, args: string[]): [string, string[]] {
  if (!user) return [bin, args];
  return [
    'setpriv',
    [`--reuid=${user.uid}`, `--regid=${user.gid}`, '--init-groups', '--reset-env', '--', bin, ...args],
  ];
}

/**
 * @example
 * const server = await startPostgres();
 * const url = await server.createDatabase('t1');
 * // ... openPostgresStore(url) ...
 * await server.stop();
 */
export async function startPostgres(): Promise<PostgresServer> {
  const bin = postgresBinDir();
  if (!bin) throw new Error(`no PostgreSQL under ${PG_ROOT} (apt-get install postgresql)`);
  const user = runAs();
  const dir = mkdtempSync(join(tmpdir(), 'mxd-pg-'));
  if (user) chownSync(dir, user.uid, user.gid);
  const password = randomBytes(12).toString('hex');
  const pwfile = join(dir, 'pw');
  writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
  if (user) chownSync(pwfile, user.uid, user.gid);
  const data = join(dir, 'data');
  const [initdb, initArgs] = command(user, join(bin, 'initdb'), [
    '-D',
    data,
    '-U',
    PG_USER,
    `--pwfile=${pwfile}`,
    '--auth-local=trust',
    '--auth-host=scram-sha-256',
    '-E',
    'UTF8',
    '--locale=C',
    '--no-sync',
  ]);
  try {
    execFileSync(initdb, initArgs, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? '';
    throw new Error(`initdb failed: ${stderr.trim() || (error as Error).message}`);
  }
  let lastError = '';
  for (let attempt = 0; attempt < MAX_START_ATTEMPTS; attempt++) {
    const port = await freeTcpPort();
    // Durability settings off: the tests crash clients, never this server.
    const [postgres, args] = command(user, join(bin, 'postgres'), [
      '-D',
      data,
      '-h',
      '127.0.0.1',
      '-p',
      String(port),
      '-k',
      dir,
      '-c',
      'fsync=off',
      '-c',
      'synchronous_commit=off',
      '-c',
      'full_page_writes=off',
      '-c',
      'max_connections=100',
    ]);
    const child = spawn(postgres, args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
    const base = `postgres://${PG_USER}:${password}@127.0.0.1:${port}`;
    const ready = await waitReady(child, `${base}/postgres`);
    if (ready.ok) {
      const killOnExit = () => child.kill('SIGKILL');
      process.once('exit', killOnExit);
      return {
        host: '127.0.0.1',
        port,
        pid: child.pid!,
        password,
        url: (database = 'postgres') => `${base}/${database}`,
        async createDatabase(name) {
          const admin = new pg.Client({ connectionString: `${base}/postgres` });
          await admin.connect();
          try {
            await admin.query(`CREATE DATABASE "${name.replace(/"/g, '')}"`);
          } finally {
            await admin.end();
          }
          return `${base}/${name}`;
        },
        async stop() {
          process.removeListener('exit', killOnExit);
          await stopChild(child);
          rmSync(dir, { recursive: true, force: true });
        },
      };
    }
    lastError = ready.error;
    await stopChild(child);
  }
  rmSync(dir, { recursive: true, force: true });
  throw new Error(`PostgreSQL did not start: ${lastError}`);
}

/** Ready when a client can log in; a refused connection is retried after 100 ms. */
function waitReady(child: ChildProcess, url: string): Promise<ChildReady> {
  return waitChildReady(child, START_TIMEOUT_MS, async () => {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
    try {
      await client.connect();
      await client.end();
      return true;
    } catch {
      await client.end().catch(() => {});
      await new Promise((resolve) => setTimeout(resolve, 100));
      return false;
    }
  });
}

/** SIGINT is PostgreSQL's fast shutdown (clients disconnected, no waiting for them). */
async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGINT');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}
