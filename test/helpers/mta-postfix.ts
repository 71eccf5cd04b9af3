/**
 * Private Postfix instances for the probe tests, configured from a temp dir (after the mta-lab
 * recipe, research/mta-lab-transcripts.md): `postfix -c DIR start` with its own queue, no chroot,
 * one 127.0.0.1:PORT smtpd, nothing ever delivered (defer_transports), no SMTP-client DNS.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { alive, readPid, run, runIsolated, stopPid } from './mta-common.js';

export type PostfixVariant =
  | 'postfix-strict'
  | 'postfix-backscatter'
  | 'postfix-tempfail'
  | 'postfix-dnsbl'
  | 'postfix-openrelay';

const DOMAIN = 'example.test';
const HOST = `mx.${DOMAIN}`;

/** Settings per variant (each parameter written once: duplicates make every daemon warn). */
function variantSettings(variant: PostfixVariant, dir: string): Record<string, string> {
  switch (variant) {
    case 'postfix-strict':
      return {
        smtpd_tls_security_level: 'may',
        smtpd_tls_cert_file: join(dir, 'tls/cert.pem'),
        smtpd_tls_key_file: join(dir, 'tls/key.pem'),
        disable_vrfy_command: 'yes',
      };
    case 'postfix-backscatter':
      // The classic backscatter setup: no recipient table, every local part is accepted.
      return { local_recipient_maps: '', local_transport: 'local' };
    case 'postfix-tempfail':
      return { smtpd_recipient_restrictions: `check_recipient_access texthash:${join(dir, 'etc/greylist')}` };
    case 'postfix-dnsbl':
      // The real reject_rbl_client, answered by the test rbldnsd through the private resolv.conf.
      return { smtpd_delay_reject: 'no', smtpd_client_restrictions: 'reject_rbl_client zen.spamhaus.org' };
    case 'postfix-openrelay':
      return { mynetworks: '127.0.0.0/8' };
  }
}

export function postfixMainCf(variant: PostfixVariant, dir: string): string {
  const settings: Record<string, string> = {
    compatibility_level: '3.6',
    queue_directory: join(dir, 'queue'),
    data_directory: join(dir, 'data'),
    command_directory: '/usr/sbin',
    daemon_directory: '/usr/lib/postfix/sbin',
    shlib_directory: '/usr/lib/postfix',
    meta_directory: '/etc/postfix',
    mail_owner: 'postfix',
    setgid_group: 'postdrop',
    maillog_file: join(dir, 'maillog'),
    maillog_file_prefixes: dir,
    inet_interfaces: '127.0.0.1',
    inet_protocols: 'ipv4',
    myhostname: HOST,
    mydomain: DOMAIN,
    myorigin: '$mydomain',
    mydestination: '$myhostname, $mydomain, localhost',
    smtpd_banner: '$myhostname ESMTP $mail_name (Debian/GNU)',
    smtpd_relay_restrictions: 'permit_mynetworks permit_sasl_authenticated defer_unauth_destination',
    mynetworks: '192.0.2.250/32',
    smtpd_peername_lookup: 'no',
    smtp_dns_support_level: 'disabled',
    alias_maps: '',
    alias_database: '',
    biff: 'no',
    default_transport: 'smtp',
    relay_transport: 'relay',
    defer_transports: 'smtp, relay',
    local_recipient_maps: `texthash:${join(dir, 'etc/users')}`,
    local_transport: 'discard:known user',
    ...variantSettings(variant, dir),
  };
  return `${Object.entries(settings)
    .map(([k, v]) => `${k} = ${v}`)
    .join('\n')}\n`;
}

const MASTER_SERVICES = `pickup unix n - n 60 1 pickup
cleanup unix n - n - 0 cleanup
qmgr unix n - n 300 1 qmgr
tlsmgr unix - - n 1000? 1 tlsmgr
rewrite unix - - n - - trivial-rewrite
bounce unix - - n - 0 bounce
defer unix - - n - 0 bounce
trace unix - - n - 0 bounce
verify unix - - n - 1 verify
flush unix n - n 1000? 0 flush
proxymap unix - - n - - proxymap
showq unix n - n - - showq
error unix - - n - - error
retry unix - - n - - error
discard unix - - n - - discard
smtp unix - - n - - smtp
relay unix - - n - - smtp
local unix - n n - - local
anvil unix - - n - 1 anvil
scache unix - - n - 1 scache
postlog unix-dgram n - n - 1 postlogd
`;

async function writeConfig(variant: PostfixVariant, dir: string, port: number): Promise<void> {
  for (const sub of ['etc', 'queue', 'data', 'tls'])
    mkdirSync(join(dir, sub), { recursive: true, mode: 0o755 });
  await run('chown', ['postfix', join(dir, 'data')]);
  writeFileSync(join(dir, 'etc/main.cf'), postfixMainCf(variant, dir), { mode: 0o644 });
  writeFileSync(join(dir, 'etc/master.cf'), `127.0.0.1:${port} inet n - n - - smtpd\n${MASTER_SERVICES}`, {
    mode: 0o644,
  });
  writeFileSync(
    join(dir, 'etc/users'),
    `alice x\npostmaster x\nabuse x\nalice@${DOMAIN} x\npostmaster@${DOMAIN} x\n`,
    {
      mode: 0o644,
    },
  );
  writeFileSync(
    join(dir, 'etc/greylist'),
    `${DOMAIN} DEFER_IF_PERMIT 4.2.0 Greylisted, see http://postgrey.schweikert.ch/help/${DOMAIN}.html\n`,
    { mode: 0o644 },
  );
  if (variant === 'postfix-strict') {
    await run('openssl', [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '30',
      '-subj',
      `/CN=${HOST}`,
      '-keyout',
      join(dir, 'tls/key.pem'),
      '-out',
      join(dir, 'tls/cert.pem'),
    ]);
  }
}

export async function startPostfix(
  variant: PostfixVariant,
  dir: string,
  port: number,
  dnsIp: string,
): Promise<number> {
  await writeConfig(variant, dir, port);
  await runIsolated(dir, dnsIp, ['/usr/sbin/postfix', '-c', join(dir, 'etc'), 'start']);
  const pid = readPid(join(dir, 'queue/pid/master.pid'));
  if (pid === null || !alive(pid)) throw new Error(`postfix ${variant} did not start (see ${dir}/maillog)`);
  return pid;
}

/** The master is a session leader: its process group is exactly this instance's daemons. */
export function stopPostfix(pid: number): Promise<void> {
  return stopPid(pid, true);
}
