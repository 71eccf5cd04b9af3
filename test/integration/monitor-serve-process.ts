/**
 * The real `mxdoctor serve` (src/cli/entry.ts under tsx) as a child process on a config and a
 * data folder in `dir`, against the monitor fixture's rbldnsd: started, waited on, its stderr kept.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import type { MonitorFixture } from './monitor-fixture.js';

const ENTRY = new URL('../../src/cli/entry.ts', import.meta.url).pathname;
export const TOKEN = 'test-token-0123456789abcdef';
export const AUTH = { authorization: `Bearer ${TOKEN}` };

export interface Serve {
  proc: ChildProcess;
  url: string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Everything it said on stderr so far. */
  log(): string;
}

/** Expects `dir/serve.yaml` and `dir/catalog.json`; the store goes to `dir/data`. */
export async function startServe(fx: MonitorFixture, dir: string): Promise<Serve> {
  const args = ['--import', 'tsx', ENTRY, 'serve', '--config', join(dir, 'serve.yaml')];
  args.push('--data', join(dir, 'data'));
  args.push('--resolver', `127.0.0.1:${fx.server.port}`, '--catalog', join(dir, 'catalog.json'));
  args.push('--timeout', '300', '--listen', '127.0.0.1:0', '--json');
  const proc = spawn(process.execPath, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, MXDOCTOR_TOKEN: TOKEN },
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    // 'close', not 'exit': stderr is read to its end before anyone looks at it.
    proc.once('close', (code, signal) => resolve({ code, signal })),
  );
  let out = '';
  let err = '';
  proc.stderr!.on('data', (c: Buffer) => {
    err += c.toString();
  });
  const url = await new Promise<string>((resolve, reject) => {
    proc.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const line = out.split('\n').find((l) => l.includes('"listening"'));
      if (line) resolve((JSON.parse(line) as { url: string }).url);
    });
    void exited.then(() => reject(new Error(`serve exited early:\n${out}\n${err}`)));
  });
  return { proc, url: url.replace(/\/$/, ''), exited, log: () => err };
}

/** Polls `check` until true; on time-out, fails with `what` and whatever `context()` says. */
export async function until(
  check: () => boolean | Promise<boolean>,
  what: string,
  context: () => string = () => '',
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}:\n${context()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
