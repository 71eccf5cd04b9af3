/**
 * Private Exim instances for the probe tests. exim4-daemon-light conflicts with postfix in dpkg,
 * so it is never installed: `apt-get download` + `dpkg-deb -x` into a cache dir (once), its
 * shared libraries come from test/system-requirements.json, and the Debian-exim user the binary
 * looks up is created if missing. Each instance: `exim4 -C CONF -bd` with a generated config.
 */
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { alive, readPid, run, runIsolated, stopPid } from './mta-common.js';

export type EximVariant =
  | 'exim-strict'
  | 'exim-backscatter'
  | 'exim-tempfail'
  | 'exim-dnsbl'
  | 'exim-slowgreet';

const DOMAIN = 'example.test';
const HOST = `mx2.${DOMAIN}`;
/** Greeting delay of exim-slowgreet (a tarpit; the lab uses 5 s, 2 s keeps the suite quick). */
export const SLOW_GREETING_S = 2;
const PKG_DIR = join(tmpdir(), 'mxdoctor-exim-pkg');
const EXIM_BIN = join(PKG_DIR, 'root/usr/sbin/exim4');

let ready: Promise<string> | null = null;

/** The unpacked exim4 binary (downloaded and unpacked on first use, then cached). */
export function ensureExim(): Promise<string> {
  ready ??= (async () => {
    if (existsSync('/usr/sbin/exim4')) return '/usr/sbin/exim4';
    await run('sh', ['-c', 'getent group Debian-exim >/dev/null || groupadd --system Debian-exim']);
    await run('sh', [
      '-c',
      'getent passwd Debian-exim >/dev/null || useradd --system -g Debian-exim --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin Debian-exim',
    ]);
    if (existsSync(EXIM_BIN)) return EXIM_BIN;
    rmSync(PKG_DIR, { recursive: true, force: true });
    mkdirSync(PKG_DIR, { recursive: true, mode: 0o755 });
    await run('apt-get', ['download', 'exim4-daemon-light'], { cwd: PKG_DIR, timeout: 120_000 });
    const deb = readdirSync(PKG_DIR).find((f) => f.endsWith('.deb'));
    if (!deb) throw new Error('apt-get download exim4-daemon-light produced no .deb');
    await run('dpkg-deb', ['-x', join(PKG_DIR, deb), join(PKG_DIR, 'root')]);
    if (!existsSync(EXIM_BIN)) throw new Error('exim4 binary missing after unpacking');
    return EXIM_BIN;
  })();
  return ready;
}

function acls(variant: EximVariant): { connect: string; rcptExtra: string; rcptVerify: string } {
  const out = { connect: '', rcptExtra: '', rcptVerify: 'require verify = recipient' };
  if (variant === 'exim-backscatter')
    out.rcptVerify = '# no recipient verification: accept now, bounce later';
  if (variant === 'exim-tempfail')
    out.rcptExtra = 'defer message = Greylisted: please try again in a few minutes';
  if (variant === 'exim-dnsbl')
    out.connect =
      'deny dnslists = b.barracudacentral.org\n  message = rejected because $sender_host_address is in a black list at $dnslist_domain\\n$dnslist_text';
  if (variant === 'exim-slowgreet') out.connect = `warn delay = ${SLOW_GREETING_S}s`;
  return out;
}

export function eximConfig(variant: EximVariant, dir: string, port: number, bin: string): string {
  const a = acls(variant);
  return `exim_path = ${bin}
primary_hostname = ${HOST}
qualify_domain = ${DOMAIN}
domainlist local_domains = ${DOMAIN} : ${HOST} : localhost
domainlist relay_to_domains =
hostlist relay_from_hosts =
local_interfaces = 127.0.0.1
daemon_smtp_ports = ${port}
spool_directory = ${dir}/spool
log_file_path = ${dir}/log/%slog
pid_file_path = ${dir}/exim.pid
keep_environment =
host_lookup =
rfc1413_hosts =
smtp_banner = $smtp_active_hostname ESMTP Exim $version_number $tod_full
acl_smtp_connect = acl_check_connect
acl_smtp_rcpt = acl_check_rcpt
never_users = root

begin acl

acl_check_connect:
  ${a.connect}
  accept

acl_check_rcpt:
  accept  hosts = :
  deny    local_parts = ^[.] : ^.*[@%!/|]
  require message = relay not permitted
          domains = +local_domains : +relay_to_domains
  ${a.rcptExtra}
  ${a.rcptVerify}
  accept

begin routers

nonlocal_defer:
  driver = redirect
  domains = ! +local_domains
  allow_defer
  data = :defer: outbound delivery disabled
  no_more

system_aliases:
  driver = redirect
  domains = +local_domains
  local_parts = postmaster : abuse
  data = alice@${DOMAIN}

known_users:
  driver = redirect
  domains = +local_domains
  local_parts = alice : bob
  data = :blackhole:

begin transports

begin retry
*   *   F,2h,15m
`;
}

export async function startExim(
  variant: EximVariant,
  dir: string,
  port: number,
  dnsIp: string,
): Promise<number> {
  const bin = await ensureExim();
  for (const sub of ['spool', 'log']) mkdirSync(join(dir, sub), { recursive: true });
  await run('chown', ['-R', 'Debian-exim:Debian-exim', join(dir, 'spool'), join(dir, 'log')]);
  writeFileSync(join(dir, 'exim.conf'), eximConfig(variant, dir, port, bin), { mode: 0o644 });
  await runIsolated(dir, dnsIp, [bin, '-C', join(dir, 'exim.conf'), '-bd']);
  for (let i = 0; i < 100; i++) {
    const pid = readPid(join(dir, 'exim.pid'));
    if (pid !== null && alive(pid)) return pid;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`exim ${variant} did not start (see ${dir}/log)`);
}

export function stopExim(pid: number): Promise<void> {
  return stopPid(pid, false);
}
