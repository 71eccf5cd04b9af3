import { PassThrough } from 'node:stream';
import { parseArgs } from 'node:util';
import { analyzeBounce } from '../bounce/analyze.js';
import { setCatalogLookup } from '../bounce/attribution.js';
import { lookupFromCatalog } from '../bounce/catalog-link.js';
import { blockedIps, renderText, toJson } from '../bounce/render.js';
import type { BounceReport } from '../bounce/types.js';
import { EXIT_OK, EXIT_PROBLEM, EXIT_USAGE } from './exit-codes.js';
import { type CliIo, write } from './io.js';
import { readMessages, requirePaths } from './read-messages.js';

const HELP = `Usage: mxdoctor bounce FILE|FOLDER|- [...] [options]

Explains bounces (NDRs/DSNs): per failed recipient the reply code, the enhanced status code, the
reason (Sisimai's taxonomy) and whether it is hard, the remote server, and the blocklist that
refused the mail with the IP it named and how to get off it. Reads .eml files, mboxes, Maildir
folders, or standard input (-), including a bare SMTP error line pasted with no headers.

Options:
  --json              one JSON object per message (one per line for several)
  --check             run the blocklist check live on each IP a blocklist named
  --resolver IP[:PORT] --timeout MS --dns-client udp|node --catalog FILE --zones LIST
                      passed to the check run by --check
  -h, --help          this help

Exit status: 0 no bounce found, 1 bounce(s) found, 2 bad usage, or unreadable, binary or empty
input and no bounce found.
`;

const OPTIONS = {
  json: { type: 'boolean' },
  check: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  // The DNS and catalog flags of dns-flags.ts, spelled the same; declared here so that reading a
  // bounce does not load the DNS stack (it is imported only for --check and the catalog).
  resolver: { type: 'string', multiple: true },
  timeout: { type: 'string' },
  'dns-client': { type: 'string' },
  catalog: { type: 'string' },
  zones: { type: 'string' },
} as const;

/** The --check flags handed on to `mxdoctor check`, unchanged. */
function passthroughFlags(values: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const name of ['resolver', 'timeout', 'dns-client', 'catalog', 'zones']) {
    const value = values[name];
    for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value])
      out.push(`--${name}`, String(v));
  }
  return out;
}

/** Runs `mxdoctor check` in-process on one IP; JSON mode captures its JSON lines. */
async function runCheck(ip: string, flags: string[], json: boolean, io: CliIo): Promise<unknown[]> {
  try {
    return await runCheckUnguarded(ip, flags, json, io);
  } catch (error) {
    // A failed live check must not hide the bounce analysis already printed.
    const message = error instanceof Error ? error.message : String(error);
    if (!json) await write(io.stderr, `mxdoctor bounce: --check ${ip}: ${message}\n`);
    return [{ ip, error: message }];
  }
}

async function runCheckUnguarded(ip: string, flags: string[], json: boolean, io: CliIo): Promise<unknown[]> {
  const { run } = await import('./check.js');
  if (!json) {
    await write(io.stdout, `  live check of ${ip}:\n`);
    await run([ip, ...flags], io);
    return [];
  }
  const capture = new PassThrough();
  const chunks: Buffer[] = [];
  capture.on('data', (chunk: Buffer) => chunks.push(chunk));
  await run([ip, ...flags, '--json'], { ...io, stdout: capture });
  capture.end();
  return parseCheckOutput(ip, Buffer.concat(chunks).toString('utf8'));
}

/** The check prints one JSON document (pretty for one target) or one per line for several. */
function parseCheckOutput(ip: string, text: string): unknown[] {
  try {
    return [JSON.parse(text)];
  } catch {
    const out: unknown[] = [];
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      try {
        out.push(JSON.parse(line));
      } catch {
        out.push({ ip, output: line });
      }
    }
    return out;
  }
}

async function wireCatalog(values: Record<string, unknown>): Promise<void> {
  try {
    const { catalogFromFlags } = await import('./dns-flags.js');
    setCatalogLookup(
      lookupFromCatalog(await catalogFromFlags(values as { catalog?: string; zones?: string })),
    );
  } catch {
    // Without the catalog, attribution falls back to the delisting facts in blocklist-patterns.json.
  }
}

export async function run(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: OPTIONS,
    allowPositionals: true,
    strict: true,
  });
  if (values.help) {
    await write(io.stdout, HELP);
    return EXIT_OK;
  }
  requirePaths(positionals, 'bounce');
  await wireCatalog(values);
  const flags = passthroughFlags(values);
  let bounces = 0;
  let errors = 0;
  for await (const item of readMessages(positionals, io)) {
    if ('error' in item) {
      errors++;
      await write(io.stderr, `mxdoctor bounce: ${item.error}\n`);
      continue;
    }
    const report: BounceReport = analyzeBounce(item.bytes);
    if (report.isBounce) bounces++;
    // Binary or empty input is reported (with its warning) and counts as bad input for the exit status.
    if (report.warning !== null) errors++;
    const checks: unknown[] = [];
    if (values.json) {
      if (values.check)
        for (const ip of blockedIps(report)) checks.push(...(await runCheck(ip, flags, true, io)));
      const json = values.check ? { ...toJson(item.name, report), check: checks } : toJson(item.name, report);
      await write(io.stdout, `${JSON.stringify(json)}\n`);
    } else {
      await write(io.stdout, renderText(item.name, report));
      if (values.check) for (const ip of blockedIps(report)) await runCheck(ip, flags, false, io);
    }
  }
  if (bounces > 0) return EXIT_PROBLEM;
  return errors > 0 ? EXIT_USAGE : EXIT_OK;
}
