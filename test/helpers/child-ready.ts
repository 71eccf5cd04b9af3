/**
 * Waiting for a real server a test started (rbldnsd, PostgreSQL) to answer: polls until `ready`
 * says so, the deadline passes, or the process exits first, and then names the cause with the
 * tail of its stderr, so a server that cannot start fails the test with its own words.
 */
import type { ChildProcess } from 'node:child_process';

export type ChildReady = { ok: true } | { ok: false; error: string };

export async function waitChildReady(
  child: ChildProcess,
  timeoutMs: number,
  ready: () => Promise<boolean>,
): Promise<ChildReady> {
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  let exited = false;
  child.once('exit', (code) => {
    exited = true;
    stderr += ` (exited with ${code})`;
  });
  child.once('error', (error) => {
    exited = true;
    stderr += ` ${error.message}`;
  });
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !exited) {
    if (await ready()) return { ok: true };
  }
  return { ok: false, error: stderr.trim() || 'no answer' };
}
