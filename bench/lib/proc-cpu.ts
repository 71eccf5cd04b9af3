/**
 * CPU seconds a process has used so far (user + system, /proc/PID/stat fields 14-15, in clock
 * ticks of 1/100 s on Linux): how bench:serve measures rbldnsd's and the delay proxy's share of
 * a run, and so the server's capacity (queries per CPU second) in the same run.
 */
import { readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100;

export function cpuSecondsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return Number.NaN;
  }
}
