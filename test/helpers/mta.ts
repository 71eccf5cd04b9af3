/**
 * Real Postfix and Exim on free 127.0.0.1 ports for the probe tests and benchmark, each in its
 * own temp dir and private mount namespace (resolv.conf -> a per-run rbldnsd on a random
 * 127.x.y.z:53). The DNSBL variants use the MTAs' real list lookups (reject_rbl_client,
 * dnslists) against that rbldnsd, so the refusal texts are the MTAs' own. stop() kills only
 * the PIDs this harness started and removes the temp dirs.
 *
 * @example
 * const lab = await startMtas(['postfix-strict', 'exim-dnsbl']);
 * const port = lab.mtas['postfix-strict']!.port;
 * await lab.stop();
 */
import { rmSync } from 'node:fs';
import { freeTcpPort, makeStateDir, randomLoopbackIp, waitForBanner } from './mta-common.js';
import { type EximVariant, startExim, stopExim } from './mta-exim.js';
import { type PostfixVariant, startPostfix, stopPostfix } from './mta-postfix.js';
import { startRbldnsd } from './rbldnsd.js';

export type MtaVariant = PostfixVariant | EximVariant;

export interface RunningMta {
  variant: MtaVariant;
  host: string;
  port: number;
  pid: number;
  dir: string;
  banner: string;
}

export interface MtaLab {
  mtas: Partial<Record<MtaVariant, RunningMta>>;
  dnsIp: string;
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 30_000;

/** The lab DNS: the two lists the DNSBL variants consult, 127.0.0.1 and 127.0.0.2 listed. */
function labZones() {
  return [
    {
      zone: 'zen.spamhaus.org',
      datasets: [
        {
          type: 'ip4set' as const,
          lines: [':127.0.0.4:https://www.spamhaus.org/query/ip/$', '127.0.0.1', '127.0.0.2'],
        },
      ],
    },
    {
      zone: 'b.barracudacentral.org',
      datasets: [
        {
          type: 'ip4set' as const,
          lines: [
            ':127.0.0.2:Client host blocked using Barracuda Reputation, see http://www.barracudanetworks.com/reputation/?r=1&ip=$',
            '127.0.0.1',
            '127.0.0.2',
          ],
        },
      ],
    },
  ];
}

async function startOne(variant: MtaVariant, dnsIp: string): Promise<RunningMta> {
  const dir = makeStateDir(`mxd-${variant}-`);
  const port = await freeTcpPort();
  const pid = variant.startsWith('postfix')
    ? await startPostfix(variant as PostfixVariant, dir, port, dnsIp)
    : await startExim(variant as EximVariant, dir, port, dnsIp);
  try {
    const banner = await waitForBanner(port, READY_TIMEOUT_MS);
    return { variant, host: '127.0.0.1', port, pid, dir, banner };
  } catch (error) {
    await stopMta({ variant, pid });
    throw error;
  }
}

function stopMta(m: { variant: MtaVariant; pid: number }): Promise<void> {
  return m.variant.startsWith('postfix') ? stopPostfix(m.pid) : stopExim(m.pid);
}

export async function startMtas(variants: MtaVariant[]): Promise<MtaLab> {
  const dnsIp = randomLoopbackIp();
  const dns = await startRbldnsd({ zones: labZones(), extraBinds: [`${dnsIp}/53`] });
  const started = await Promise.allSettled(variants.map((v) => startOne(v, dnsIp)));
  const mtas: Partial<Record<MtaVariant, RunningMta>> = {};
  for (const r of started) if (r.status === 'fulfilled') mtas[r.value.variant] = r.value;
  const stop = async () => {
    await Promise.all(Object.values(mtas).map((m) => stopMta(m)));
    for (const m of Object.values(mtas)) rmSync(m.dir, { recursive: true, force: true });
    await dns.stop();
  };
  const failures = started.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failures.length) {
    await stop();
    throw new Error(`MTA harness: ${failures.map((f) => String(f.reason?.message ?? f.reason)).join('; ')}`);
  }
  return { mtas, dnsIp, stop };
}
