/**
 * Group cycles shared by several `serve` processes on one PostgreSQL database, through pg-boss 10
 * (the last major that runs on Node 20). Every process keeps its own per-group timers; when one
 * fires it only SENDS a job for the group. The queue's `stately` policy keeps at most one job of
 * a group queued and one running, across all processes; whichever process fetches it runs the
 * cycle, and the monitor's handler first re-reads the store and skips a cycle that another
 * process has just run (createMonitor: runSharedGroup). So each due group gets one cycle, in one
 * process, and a process that dies mid-cycle has its job expire and go to the next.
 */
import pg from 'pg';
import PgBoss from 'pg-boss';
import { MxError } from '../core/errors.js';
import { redactPostgresUrl } from './store-postgres-url.js';

/** The pg-boss tables live in their own schema, beside the store's. */
export const QUEUE_SCHEMA = 'mxdoctor_jobs';
export const CYCLE_QUEUE = 'mxdoctor-cycle';
/**
 * A running cycle's job held longer than this is taken for dead (its process killed): until
 * then the group's next job waits behind it. Exclusion does not rest on it (the group's advisory
 * lock does: a job whose cycle is still running elsewhere is skipped), so it can be short; it is
 * still above the longest cycle measured (about a minute for 10,000 targets x 50 lists on a
 * loaded box).
 */
export const CYCLE_JOB_EXPIRE_S = 5 * 60;
export const MAINTENANCE_S = 30;
/** How often each process looks for a job: a cycle starts at most this late. */
export const POLL_S = 1;

/** The port createMonitor uses (MonitorOptions.cycleQueue). */
export interface CycleQueue {
  /** Works the queue: `run(group)` for each job this process fetches. */
  start(run: (group: string) => Promise<void>): Promise<void>;
  /** Asks for a cycle of the group, run by whichever process fetches it (one per group at a time). */
  submit(group: string): Promise<void>;
  /**
   * Runs fn while no other process runs a cycle of this group (a session advisory lock, freed
   * if this process dies). With `wait` false, returns null at once when another process holds
   * it; with `wait`, waits for it.
   */
  exclusive<T>(group: string, wait: boolean, fn: () => Promise<T>): Promise<T | null>;
  /** Stops fetching; waits for a running job. */
  stop(): Promise<void>;
}

/** First key of the per-group cycle locks (the second is the group name's hash). */
const CYCLE_LOCK = 0x6d78_6301;
const SETUP_LOCK = 0x6d78_6302;

/**
 * Connects pg-boss to the database (creating or migrating its schema) and the cycle queue.
 * Errors name the database without its password.
 */
export async function openCycleQueue(
  url: string,
  log: (line: string) => void,
  timing: { jobExpireS?: number; maintenanceS?: number } = {},
): Promise<CycleQueue> {
  const boss = new PgBoss({
    // Expired jobs are looked for this often (by one process per database at a time).
    maintenanceIntervalSeconds: timing.maintenanceS ?? MAINTENANCE_S,
    connectionString: url,
    schema: QUEUE_SCHEMA,
    max: 3,
    application_name: 'mxdoctor-serve',
    // No cron schedules: the monitor's own timers decide when a group is due.
    schedule: false,
  });
  // pg-boss reports connection trouble as events; unhandled, an 'error' event ends the process.
  boss.on('error', (error: Error) => log(`job queue: ${error.message}`));
  const lockConfig = { connectionString: url, application_name: 'mxdoctor-serve' };
  // Two processes creating pg-boss's schema and queue at once deadlock in PostgreSQL (seen with
  // 10.4: its partition tables): one at a time, under a lock of our own.
  const setup = new pg.Client(lockConfig);
  try {
    await setup.connect();
    await setup.query('SELECT pg_advisory_lock($1)', [SETUP_LOCK]);
    await boss.start();
    const queue = {
      name: CYCLE_QUEUE,
      policy: 'stately' as const,
      retryLimit: 0,
      expireInSeconds: timing.jobExpireS ?? CYCLE_JOB_EXPIRE_S,
    };
    // Created once; updated on every start, so a changed setting reaches an existing database.
    await boss.createQueue(CYCLE_QUEUE, queue);
    await boss.updateQueue(CYCLE_QUEUE, queue);
    await setup.end();
  } catch (error) {
    await setup.end().catch(() => {});
    await boss.stop({ graceful: false, wait: true }).catch(() => {});
    throw new MxError('io', `PostgreSQL ${redactPostgresUrl(url)}: job queue: ${(error as Error).message}`, {
      cause: error,
    });
  }
  let working = false;
  return {
    async start(run) {
      if (working) return;
      working = true;
      await boss.work<{ group: string }>(CYCLE_QUEUE, { pollingIntervalSeconds: POLL_S }, async (jobs) => {
        for (const job of jobs) await run(job.data.group);
      });
    },
    async submit(group) {
      // Null when the group already has a job waiting: the cycle it asks for is coming anyway.
      await boss.send(CYCLE_QUEUE, { group }, { singletonKey: group });
    },
    async exclusive(group, wait, fn) {
      const client = new pg.Client(lockConfig);
      client.on('error', (error) => log(`cycle lock of group ${group}: ${error.message}`));
      await client.connect();
      try {
        const sql = wait
          ? 'SELECT pg_advisory_lock($1, hashtext($2)), true AS ok'
          : 'SELECT pg_try_advisory_lock($1, hashtext($2)) AS ok';
        const { rows } = await client.query<{ ok: boolean }>(sql, [CYCLE_LOCK, group]);
        if (!rows[0]?.ok) return null;
        return await fn();
      } finally {
        // Ending the session frees the lock.
        await client.end().catch(() => {});
      }
    },
    async stop() {
      await boss.stop({ graceful: true, wait: true, timeout: 5000 });
    },
  };
}
