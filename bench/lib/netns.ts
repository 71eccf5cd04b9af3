/**
 * Runs the benchmark inside a network namespace of its own (`ip netns add`), so that rbldnsd and
 * the delay proxy can bind port 53 on 127.0.0.2/127.0.0.3 for the peer that can only talk to
 * port 53 (Net::RBLClient), and no benchmark packet can reach anything but that namespace's
 * loopback. Falls back to the host's loopback when namespaces are unavailable (not root).
 */
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

export const INNER_FLAG = '--inner';

function canUseNetns(): boolean {
  if (process.getuid?.() !== 0) return false;
  try {
    execFileSync('ip', ['netns', 'list'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * Re-runs this script inside a fresh namespace (argv + INNER_FLAG + `--netns NAME`) and deletes
 * the namespace afterwards; `nodeArgs` go to node itself (e.g. `--cpu-prof`). Returns the child's exit code, or null when namespaces are unavailable.
 */
export async function runInNetns(
  script: string,
  args: string[],
  nodeArgs: string[] = [],
): Promise<number | null> {
  if (!canUseNetns()) return null;
  const name = `mxdbench${process.pid}`;
  execFileSync('ip', ['netns', 'add', name]);
  const remove = () => {
    try {
      execFileSync('ip', ['netns', 'del', name], { stdio: 'ignore' });
    } catch {
      // already gone
    }
  };
  try {
    execFileSync('ip', ['netns', 'exec', name, 'ip', 'link', 'set', 'lo', 'up']);
    const child = spawn(
      'ip',
      [
        'netns',
        'exec',
        name,
        process.execPath,
        ...nodeArgs,
        '--import',
        'tsx',
        script,
        ...args,
        INNER_FLAG,
        '--netns',
        name,
      ],
      { stdio: 'inherit' },
    );
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    return await new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? 1)));
  } finally {
    remove();
  }
}

/** Udp RcvbufErrors of this namespace (/proc/net/snmp): datagrams dropped because a receive buffer was full. */
export function rcvbufErrors(): number {
  const lines = readFileSync('/proc/net/snmp', 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('Udp:'));
  const names = lines[0]?.split(/\s+/) ?? [];
  const values = lines[1]?.split(/\s+/) ?? [];
  return Number(values[names.indexOf('RcvbufErrors')] ?? 0);
}

/**
 * Receive-buffer drops per long-lived socket of this namespace (/proc/net/udp, `drops` column),
 * keyed `ip:port`. Sockets of a runner are gone when it exits, so a run's client drops are the
 * RcvbufErrors delta minus what the server's and the proxy's sockets dropped.
 */
export function socketDrops(): Map<string, number> {
  const drops = new Map<string, number>();
  const lines = readFileSync('/proc/net/udp', 'utf8').split('\n').slice(1);
  for (const line of lines) {
    const fields = line.trim().split(/\s+/);
    const local = fields[1];
    const dropped = fields[fields.length - 1];
    if (!local || dropped === undefined) continue;
    const [ipHex, portHex] = local.split(':');
    const ip = (ipHex!.match(/../g) ?? [])
      .reverse()
      .map((h) => Number.parseInt(h, 16))
      .join('.');
    const key = `${ip}:${Number.parseInt(portHex!, 16)}`;
    drops.set(key, (drops.get(key) ?? 0) + Number(dropped));
  }
  return drops;
}
