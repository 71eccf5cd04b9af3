/**
 * bench:serve's headline: the whole `mxdoctor serve` process (bin/mxdoctor when built, else the
 * sources under tsx) on a config holding the watch list. Measured: start to the end of its first
 * cycle (the first scan, started by the scheduler), then a steady cycle through
 * `POST /api/v1/cycle?wait=1`, and the process's peak RSS (VmHWM); the CPU seconds the serve
 * process and the other named processes (rbldnsd, the delay proxy) spent during that cycle.
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliCommand } from './cli-run.js';
import { cpuSecondsOf } from './proc-cpu.js';

export interface ProcessFigures {
  firstScanWithStartSeconds: number;
  steadyCycleSeconds: number;
  steadyCycleInProcessSeconds: number | null;
  peakRssMb: number;
  /** CPU seconds during the steady cycle: `serve` and each process of `cpuOf`. */
  steadyCycleCpuSeconds: Record<string, number>;
}

const TOKEN = 'bench-token-0123456789abcdef';

export async function measureServeProcess(o: {
  root: string;
  dir: string;
  resolverPort: number;
  targets: string[];
  zoneNames: string[];
  catalog: unknown[];
  /** The CLI to run (default: cliCommand, i.e. dist/bundle when built, which may be stale). */
  command?: string[];
  /** Other processes whose CPU seconds during the steady cycle are reported, by name. */
  cpuOf?: Record<string, number>;
}): Promise<ProcessFigures> {
  const config = join(o.dir, 'serve.yaml');
  const catalog = join(o.dir, 'catalog.json');
  writeFileSync(
    config,
    `jitter: 0\ngroups:\n  - name: default\n    interval: 1h\n    zones: [${o.zoneNames.join(', ')}]\n    targets: [${o.targets.join(', ')}]\n`,
  );
  writeFileSync(catalog, JSON.stringify(o.catalog));
  const [cmd, ...pre] = o.command ?? cliCommand(o.root);
  const args = [...pre, 'serve', '--config', config, '--data', join(o.dir, 'data'), '--catalog', catalog];
  args.push('--resolver', `127.0.0.1:${o.resolverPort}`, '--listen', '127.0.0.1:0', '--json');
  const started = performance.now();
  const child = spawn(cmd!, args, {
    stdio: ['ignore', 'pipe', 'ignore'],
    env: { ...process.env, MXDOCTOR_TOKEN: TOKEN },
  });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (c: Buffer) => {
        out += c.toString();
        const line = out.split('\n').find((l) => l.includes('"listening"'));
        if (line) resolve((JSON.parse(line) as { url: string }).url.replace(/\/$/, ''));
      });
      child.once('exit', (code) => reject(new Error(`serve exited (${code})`)));
    });
    type Status = { cycle: { running: boolean; cycles: number; durationMs: number | null } };
    const status = async () => (await (await fetch(`${url}/api/v1/status`)).json()) as Status;
    for (;;) {
      const s = await status();
      if (s.cycle.cycles >= 1 && !s.cycle.running) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const firstScan = (performance.now() - started) / 1000;
    const pids: Record<string, number> = { serve: child.pid!, ...o.cpuOf };
    const cpu0 = Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, cpuSecondsOf(pid)]));
    const t0 = performance.now();
    const res = await fetch(`${url}/api/v1/cycle?wait=1`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    if (res.status !== 200) throw new Error(`POST /api/v1/cycle: HTTP ${res.status}`);
    const steady = (performance.now() - t0) / 1000;
    const cpu = Object.fromEntries(
      Object.entries(pids).map(([k, pid]) => [k, Math.round((cpuSecondsOf(pid) - cpu0[k]!) * 100) / 100]),
    );
    const inProcess = (await status()).cycle.durationMs;
    const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1];
    return {
      firstScanWithStartSeconds: Math.round(firstScan * 100) / 100,
      steadyCycleSeconds: Math.round(steady * 100) / 100,
      steadyCycleInProcessSeconds: inProcess === null ? null : Math.round(inProcess / 10) / 100,
      peakRssMb: Math.round(Number(hwm ?? 0) / 1024),
      steadyCycleCpuSeconds: cpu,
    };
  } finally {
    // A child that already exited (it failed to start) has no 'exit' left to wait for.
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
  }
}
