/**
 * The PostgreSQL store's delivery leader: of all processes on one database, the one holding a
 * session advisory lock delivers alerts (the others' dueOutbox and heldOutbox are empty), so no
 * alert goes out twice from two processes. The lock lives on a connection of its own, kept while
 * the store is open; when its process dies, even by kill -9, PostgreSQL ends the session and
 * frees the lock, and the next process to ask takes it.
 */
import pg from 'pg';

/** Any fixed number, per database. */
const DELIVERY_LOCK = 0x6d78_6401;

export class DeliveryLeader {
  private client: pg.Client | null = null;
  private closed = false;

  constructor(
    private readonly config: pg.ClientConfig,
    private readonly log: (line: string) => void,
  ) {}

  /** Whether this process leads; tries to take the lock when not (a failure is retried next call). */
  async held(): Promise<boolean> {
    if (this.closed) return false;
    if (this.client) return true;
    const client = new pg.Client(this.config);
    try {
      await client.connect();
      const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [
        DELIVERY_LOCK,
      ]);
      if (!rows[0]?.ok || this.closed) {
        await client.end();
        return false;
      }
    } catch (error) {
      this.log(`PostgreSQL: delivery lock: ${(error as Error).message}`);
      await client.end().catch(() => {});
      return false;
    }
    // A lost connection is a lost lock: another process may lead now.
    client.on('error', (error) => {
      this.log(`PostgreSQL: the delivery lock's connection was lost: ${error.message}`);
      if (this.client === client) this.client = null;
    });
    client.on('end', () => {
      if (this.client === client) this.client = null;
    });
    this.client = client;
    return true;
  }

  async close(): Promise<void> {
    this.closed = true;
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => {});
  }
}
