/**
 * A stand-in for `mxdoctor serve` in the kill -9 test (src/cli/serve.ts comes from the HTTP
 * side): createMonitor on a config file and a data folder, cycles back to back, one stdout line
 * per cycle start and end. argv: CONFIG DATA_DIR RESOLVER_PORT CATALOG_FILE.
 */
import { readFileSync } from 'node:fs';
import { parseCatalog } from '../../src/check/index.js';
import { createResolver } from '../../src/dns/index.js';
import { createMonitor, parseMonitorConfig } from '../../src/monitor/index.js';

const [configFile, dataDir, port, catalogFile] = process.argv.slice(2) as [string, string, string, string];
const resolver = createResolver({ servers: [{ host: '127.0.0.1', port: Number(port) }], timeoutMs: 300 });
const monitor = createMonitor({
  config: parseMonitorConfig(readFileSync(configFile, 'utf8'), configFile),
  dataDir,
  resolver,
  catalog: parseCatalog(JSON.parse(readFileSync(catalogFile, 'utf8')), catalogFile),
  log: (line) => process.stdout.write(`log ${line}\n`),
});
let stopping = false;
process.on('SIGTERM', () => {
  stopping = true;
});
let n = 0;
while (!stopping) {
  process.stdout.write(`cycle start ${++n}\n`);
  await monitor.runCycle();
  process.stdout.write(`cycle done ${n}\n`);
}
await monitor.stop();
resolver.close();
