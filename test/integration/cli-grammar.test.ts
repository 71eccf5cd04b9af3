/**
 * One grammar for every command, checked by walking each command's flag table (src/cli/*.ts
 * SPEC): the same flag means the same thing everywhere, every command takes --json, -v/--verbose
 * and -h/--help, the help has one layout and one exit footer, an unknown option is our message
 * with exit 2 behind the one prefix, and the README's grammar table is exactly these tables.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { exitFooter, type FlagSpec, flagLabel } from '../../src/cli/grammar.js';
import { COMMANDS, main } from '../../src/cli/main.js';
import { captureCli } from '../helpers/cli-capture.js';

const ESC = '\u001b';

interface Loaded {
  name: string;
  spec: {
    name: string;
    usage: string;
    flags: readonly FlagSpec[];
    exit: { ok: string; problem: string; undetermined?: string };
  };
}

async function loadAll(): Promise<Loaded[]> {
  const out: Loaded[] = [];
  for (const [name, command] of Object.entries(COMMANDS)) {
    const module = (await command.load()) as unknown as { SPEC?: Loaded['spec'] };
    assert.ok(module.SPEC, `${name}: the command module exports no SPEC flag table`);
    out.push({ name, spec: module.SPEC });
  }
  return out;
}

/** The README's grammar table, generated from the flag tables: one row per flag name. */
function grammarTable(commands: readonly Loaded[]): string {
  const rows = new Map<string, { label: string; help: string; users: string[]; defaults: string[] }>();
  for (const { name, spec } of commands) {
    for (const f of spec.flags) {
      const row = rows.get(f.name) ?? { label: flagLabel(f), help: f.help, users: [], defaults: [] };
      row.users.push(name);
      if (f.default !== undefined) row.defaults.push(`${name}: ${f.default}`);
      rows.set(f.name, row);
    }
  }
  const lines = ['| flag | meaning | commands | default |', '| --- | --- | --- | --- |'];
  const sorted = [...rows.values()].sort(
    (a, b) => b.users.length - a.users.length || a.label.localeCompare(b.label),
  );
  for (const r of sorted) {
    const everywhere = r.users.length === commands.length ? 'all' : r.users.join(', ');
    const values = new Set(r.defaults.map((d) => d.split(': ')[1]));
    const def = values.size === 0 ? '' : values.size === 1 ? [...values][0]! : r.defaults.join('; ');
    lines.push(`| \`${r.label}\` | ${r.help.replaceAll('|', '\\|')} | ${everywhere} | ${def} |`);
  }
  return lines.join('\n');
}

describe('one grammar for every command', () => {
  it('every command is a flag table named as in the command list', async () => {
    for (const { name, spec } of await loadAll()) assert.equal(spec.name, name);
  });

  it('no command module imports another command', async () => {
    const names = Object.keys(COMMANDS);
    for (const name of names) {
      const source = readFileSync(new URL(`../../src/cli/${name}.ts`, import.meta.url), 'utf8');
      for (const other of names.filter((n) => n !== name))
        assert.doesNotMatch(
          source,
          new RegExp(`from '\\./${other}\\.js'|import\\('\\./${other}\\.js'\\)`),
          `${name} imports ${other}`,
        );
    }
  });

  it('the same flag has the same kind, value and meaning in every command', async () => {
    const seen = new Map<string, { command: string; flag: FlagSpec }>();
    for (const { name, spec } of await loadAll()) {
      const names = spec.flags.map((f) => f.name);
      assert.deepEqual(names, [...new Set(names)], `${name}: a flag declared twice`);
      for (const f of spec.flags) {
        assert.match(f.name, /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/, `${name}: --${f.name} is not kebab-case`);
        const first = seen.get(f.name);
        if (!first) {
          seen.set(f.name, { command: name, flag: f });
          continue;
        }
        const a = first.flag;
        const where = `--${f.name} in ${first.command} and ${name}`;
        assert.deepEqual(
          [f.kind, f.arg, f.help, f.short, f.multiple],
          [a.kind, a.arg, a.help, a.short, a.multiple],
          where,
        );
      }
    }
  });

  it('every command ends with --json, -v/--verbose and -h/--help; no other short flags clash', async () => {
    for (const { name, spec } of await loadAll()) {
      const last = spec.flags.slice(-3).map((f) => flagLabel(f));
      assert.deepEqual(last, ['--json', '-v, --verbose', '-h, --help'], name);
      const shorts = spec.flags.map((f) => f.short).filter(Boolean);
      assert.deepEqual(shorts, [...new Set(shorts)], name);
    }
  });

  it('SMTP settings are --smtp-*, and --timeout is the DNS timeout everywhere', async () => {
    for (const { name, spec } of await loadAll()) {
      for (const f of spec.flags) {
        if (f.name === 'port' || f.name === 'transcript-v') assert.fail(`${name}: --${f.name}`);
        if (f.name === 'timeout') assert.match(f.help, /^DNS /, name);
      }
    }
  });

  it('integer flags have a range and a default inside it', async () => {
    for (const { name, spec } of await loadAll()) {
      for (const f of spec.flags.filter((x) => x.kind === 'int')) {
        assert.ok(f.min !== undefined && f.max !== undefined, `${name} --${f.name}: no range`);
        if (typeof f.default === 'number')
          assert.ok(f.default >= f.min! && f.default <= f.max!, `${name} --${f.name}`);
      }
    }
  });

  it('help: one layout, every flag listed, the exit footer last', async () => {
    for (const { name, spec } of await loadAll()) {
      const c = captureCli();
      assert.equal(await main([name, '--help'], c.io), 0, name);
      const help = c.out();
      assert.ok(help.startsWith(`Usage: mxdoctor ${name} ${spec.usage}\n\n`), name);
      assert.match(help, /\n\nOptions:\n/);
      for (const f of spec.flags) assert.ok(help.includes(`  ${flagLabel(f)}  `), `${name}: ${flagLabel(f)}`);
      assert.ok(help.endsWith(`\n\n${exitFooter(spec.exit)}\n`), name);
      assert.ok(help.replace(/\s+/g, ' ').includes('2 bad usage or input'), name);
    }
  });

  it('an unknown option: our message behind the one prefix, exit 2', async () => {
    for (const { name } of await loadAll()) {
      const c = captureCli();
      assert.equal(await main([name, '--no-such-flag'], c.io), 2, name);
      assert.equal(
        c.err(),
        `mxdoctor ${name}: unknown option --no-such-flag (see mxdoctor ${name} --help)\n`,
      );
      const v = captureCli();
      assert.equal(await main([name, '--json=yes'], v.io), 2, name);
      assert.match(v.err(), new RegExp(`^mxdoctor ${name}: --json takes no value`));
    }
  });

  it('colour only on a terminal, never with NO_COLOR', async () => {
    const phishing = new URL('../fixtures/phish/brand-sender.eml', import.meta.url).pathname;
    const tty = captureCli({ tty: true });
    assert.equal(await main(['phish', phishing], tty.io), 1);
    assert.ok(tty.out().includes(`${ESC}[31mPHISHING${ESC}[39m`), tty.out());
    for (const plain of [captureCli(), captureCli({ tty: true, env: { NO_COLOR: '1' } })]) {
      assert.equal(await main(['phish', phishing], plain.io), 1);
      assert.ok(!plain.out().includes(ESC));
    }
  });

  it('--json with --format text is refused, not guessed', async () => {
    for (const { name, spec } of await loadAll()) {
      if (!spec.flags.some((f) => f.name === 'format')) continue;
      const c = captureCli();
      assert.equal(await main([name, '--json', '--format', 'text', '192.0.2.1'], c.io), 2);
      assert.equal(c.err(), `mxdoctor ${name}: --json contradicts --format text\n`);
    }
  });

  // UPDATE_README_GRAMMAR=1 rewrites the table after a flag changed (then review the diff).
  it("the README's grammar table is the commands' flag tables", async () => {
    const path = new URL('../../README.md', import.meta.url);
    const readme = readFileSync(path, 'utf8');
    const start = readme.indexOf('| flag | meaning | commands | default |');
    assert.ok(start >= 0, 'README has no grammar table');
    const end = readme.indexOf('\n\n', start);
    const table = grammarTable(await loadAll());
    if (process.env.UPDATE_README_GRAMMAR === '1')
      writeFileSync(path, readme.slice(0, start) + table + readme.slice(end));
    else assert.equal(readme.slice(start, end), table);
  });
});
