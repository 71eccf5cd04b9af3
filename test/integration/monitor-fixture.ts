/**
 * Shared set-up of the monitor integration tests: rbldnsd serving a watch zone whose listings
 * the test changes (zone file rewritten, rbldnsd sent SIGHUP), a dead zone, a list-everything
 * zone, a catalog for them, a webhook sink and an SMTP sink.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CatalogEntry } from '../../src/check/index.js';
import { parseCatalog } from '../../src/check/index.js';
import { createResolver, type Resolver } from '../../src/dns/index.js';
import { type RbldnsdServer, startRbldnsd } from '../helpers/rbldnsd.js';
import { type SmtpSink, startSmtpSink } from '../helpers/smtp-sink.js';
import { startWebhookSink, type WebhookSink } from '../helpers/webhook-sink.js';
import { deadZone, everythingZone, hostZone, ipZone } from '../helpers/zones.js';

export const WATCH = 'watch.mxd.test';
export const DEAD = 'dead.mxd.test';
export const WORLD = 'world.mxd.test';
/** The watched address whose listing comes and goes. */
export const ADDRESS = '192.0.2.50';
/** A domain whose MX is ADDRESS2 and whose SPF names ADDRESS3. */
export const DOMAIN = 'shop.example';
export const ADDRESS2 = '192.0.2.51';
export const ADDRESS3 = '192.0.2.52';
export const LISTING_LINE = `${ADDRESS} :127.0.0.2:Spam source $, see https://${WATCH}/lookup?ip=$`;

export interface MonitorFixture {
  server: RbldnsdServer;
  webhook: WebhookSink;
  smtp: SmtpSink;
  resolver: Resolver;
  catalog: CatalogEntry[];
  catalogJson: Record<string, unknown>[];
  /** Adds (true) or removes (false) a listing line of the watch zone and waits until rbldnsd answers so. */
  setListed(address: string, listed: boolean): Promise<void>;
  /** Replaces the SPF record of DOMAIN and waits until rbldnsd serves it. */
  setSpf(record: string): Promise<void>;
  stop(): Promise<void>;
}

export async function startMonitorFixture(): Promise<MonitorFixture> {
  const server = await startRbldnsd({
    zones: [
      ipZone(WATCH, []),
      deadZone(DEAD),
      everythingZone(WORLD),
      hostZone('example', [
        `shop MX 10 mx.shop.example`,
        `mx.shop A ${ADDRESS2}`,
        `shop TXT "v=spf1 mx ip4:${ADDRESS3} -all"`,
        // The SMTP watch's domain: its MX is a scripted server on loopback.
        'relay MX 10 mx.relay.example',
        'mx.relay A 127.0.0.1',
      ]),
    ],
  });
  const [webhook, smtp] = await Promise.all([startWebhookSink(), startSmtpSink()]);
  const resolver = createResolver({ servers: [{ host: server.host, port: server.port }], timeoutMs: 300 });
  const catalogJson = [
    {
      zone: WATCH,
      name: 'MXD Watch BL',
      kind: 'ip',
      codes: { '127.0.0.2': 'spam source' },
      delist: `https://${WATCH}/delist`,
      policy: { kinds: ['self-service'], text: 'Fix the cause, then request removal.' },
    },
    { zone: DEAD, name: 'MXD Dead', kind: 'ip' },
    { zone: WORLD, name: 'MXD World', kind: 'ip' },
  ];
  const catalog = parseCatalog(catalogJson, 'test catalog');
  const file = join(server.dir, 'z0-0.ip4set');
  return {
    server,
    webhook,
    smtp,
    resolver,
    catalog,
    catalogJson,
    async setListed(address, listed) {
      const line = LISTING_LINE.replace(ADDRESS, address);
      const lines = readFileSync(file, 'utf8')
        .split('\n')
        .filter((l) => l !== '' && l !== line);
      if (listed) lines.push(line);
      writeFileSync(file, `${lines.join('\n')}\n`);
      process.kill(server.pid, 'SIGHUP');
      const name = `${address.split('.').reverse().join('.')}.${WATCH}`;
      const deadline = Date.now() + 5000;
      for (;;) {
        const answer = await resolver.query(name, 'A');
        if ((answer.status === 'answer') === listed) return;
        if (Date.now() > deadline) throw new Error(`rbldnsd did not reload ${file}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async setSpf(record) {
      const generic = join(server.dir, 'z3-0.generic');
      const text = readFileSync(generic, 'utf8').replace(/^shop TXT .*$/m, `shop TXT "${record}"`);
      writeFileSync(generic, text);
      process.kill(server.pid, 'SIGHUP');
      const deadline = Date.now() + 5000;
      for (;;) {
        const answer = await resolver.query(DOMAIN, 'TXT');
        if (answer.status === 'answer' && answer.records.includes(record)) return;
        if (Date.now() > deadline) throw new Error('rbldnsd did not reload the host zone');
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async stop() {
      resolver.close();
      await Promise.all([server.stop(), webhook.stop(), smtp.stop()]);
    },
  };
}

/** The monitor's YAML config for the fixture. */
export function fixtureConfig(f: MonitorFixture, extra = ''): string {
  return `jitter: 0
groups:
  - name: mail
    interval: 1h
    zones: [${WATCH}]
    records: true
    targets: [${ADDRESS}, ${DOMAIN}]
  - name: broken
    interval: 1h
    zones: [${DEAD}, ${WORLD}]
    targets: [192.0.2.60]
alerts:
  - type: webhook
    url: ${f.webhook.url}
  - type: email
    smtp: { host: ${f.smtp.host}, port: ${f.smtp.port} }
    from: mxdoctor@example.com
    to: [postmaster@example.com]
${extra}`;
}
