/**
 * The one grammar of every command: a command is declared as data (a CommandSpec with its flag
 * table), and this file turns argv into typed values, renders the help, and words usage errors.
 * The README's "Commands" grammar table describes the same rules; test/integration/cli-grammar
 * walks every command's table to keep both honest.
 */
import { parseArgs } from 'node:util';
import { MxError } from '../core/errors.js';
import { parseIntFlag } from '../core/limits.js';

export interface FlagSpec {
  /** Long name without the dashes: `timeout` is `--timeout`. */
  readonly name: string;
  readonly short?: string;
  readonly kind: 'boolean' | 'string' | 'int';
  readonly multiple?: boolean;
  /** The value's placeholder in the help: MS, N, FILE, HOST[:PORT]. */
  readonly arg?: string;
  readonly help: string;
  /** Used when the flag is absent and shown as "(default X)"; taken from a capability's DEFAULTS. */
  readonly default?: number | string;
  readonly min?: number;
  readonly max?: number;
  /** The allowed values of a string flag (checked, and listed in the help). */
  readonly choices?: readonly string[];
}

/** What an exit status means for this command (0, 2 and 70 mean the same everywhere). */
export interface ExitMeanings {
  readonly ok: string;
  readonly problem: string;
  /** Exit 3; absent when the command never returns it. */
  readonly undetermined?: string;
}

export interface CommandSpec<F extends readonly FlagSpec[] = readonly FlagSpec[]> {
  readonly name: string;
  /** Everything after `mxdoctor NAME` in the usage line. */
  readonly usage: string;
  readonly description: string;
  readonly flags: F;
  readonly exit: ExitMeanings;
}

type FlagValue<F extends FlagSpec> = F['kind'] extends 'boolean'
  ? boolean
  : F['kind'] extends 'int'
    ? number
    : F['multiple'] extends true
      ? string[]
      : string;

/** Parsed values: a flag with a default is always present; the others only when given. */
export type FlagValues<T extends readonly FlagSpec[]> = {
  [F in T[number] as F['name']]: F extends { default: number | string }
    ? FlagValue<F>
    : FlagValue<F> | undefined;
};

export interface ParsedCommand<T extends readonly FlagSpec[]> {
  values: FlagValues<T>;
  positionals: string[];
}

export const EXIT_TEXT = {
  usage: 'bad usage or input',
  internal: 'internal error (a bug: please report it)',
};

/** Parses argv against a command's flag table: unknown or malformed flags are MxError('usage'). */
export function parseCommand<T extends readonly FlagSpec[]>(
  spec: CommandSpec<T>,
  argv: readonly string[],
): ParsedCommand<T> {
  const options: Record<string, { type: 'boolean' | 'string'; short?: string; multiple?: boolean }> = {};
  for (const f of spec.flags) {
    options[f.name] = {
      type: f.kind === 'boolean' ? 'boolean' : 'string',
      ...(f.short ? { short: f.short } : {}),
      ...(f.multiple ? { multiple: true } : {}),
    };
  }
  let parsed: { values: Record<string, unknown>; positionals: string[] };
  try {
    parsed = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new MxError('usage', wordParseError(spec.name, error), { cause: error });
  }
  const values: Record<string, unknown> = {};
  for (const f of spec.flags) values[f.name] = convert(f, parsed.values[f.name]);
  return { values: values as FlagValues<T>, positionals: parsed.positionals };
}

function convert(f: FlagSpec, raw: unknown): unknown {
  if (f.kind === 'int') {
    const fallback = typeof f.default === 'number' ? f.default : undefined;
    if (raw === undefined) return fallback;
    return parseIntFlag(`--${f.name}`, String(raw), 0, f.min ?? 0, f.max ?? Number.MAX_SAFE_INTEGER);
  }
  if (raw === undefined) return f.default;
  if (f.choices) {
    for (const v of Array.isArray(raw) ? raw : [raw])
      if (!f.choices.includes(String(v)))
        throw new MxError('usage', `--${f.name} must be ${orList(f.choices)}, got "${String(v)}"`);
  }
  return raw;
}

function orList(items: readonly string[]): string {
  return items.length < 2 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
}

/** Node's parseArgs messages name internals and suggest `--`; ours name the flag and the help. */
function wordParseError(command: string, error: unknown): string {
  const code = (error as { code?: string }).code;
  const message = error instanceof Error ? error.message : String(error);
  const option = /'(-{1,2}[^' ]+)/.exec(message)?.[1] ?? '';
  const help = `(see mxdoctor ${command} --help)`;
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `unknown option ${option} ${help}`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    if (/does not take an argument/.test(message)) return `${option} takes no value ${help}`;
    return `${option} needs a value ${help}`;
  }
  return `${message} ${help}`;
}

/** `--json` is JSON; `--json --format text` contradicts itself and is refused, never guessed. */
export function outputFormat(values: { json?: boolean | undefined; format?: string | undefined }): string {
  if (values.json && values.format !== undefined && values.format !== 'json')
    throw new MxError('usage', `--json contradicts --format ${values.format}`);
  return values.json ? 'json' : (values.format ?? 'text');
}

/** The help of every command, in one layout: usage, description, options, exit status. */
export function renderHelp(spec: CommandSpec): string {
  const rows = spec.flags.map((f) => [flagLabel(f), flagHelp(f)] as const);
  const width = Math.max(...rows.map(([label]) => label.length)) + 2;
  const lines = [
    `Usage: mxdoctor ${spec.name} ${spec.usage}`,
    '',
    spec.description.trimEnd(),
    '',
    'Options:',
  ];
  for (const [label, help] of rows) lines.push(`  ${label.padEnd(width)}${help}`);
  lines.push('', exitFooter(spec.exit));
  return `${lines.join('\n')}\n`;
}

export function flagLabel(f: FlagSpec): string {
  const long = `--${f.name}${f.arg ? ` ${f.arg}` : ''}`;
  return f.short ? `-${f.short}, ${long}` : long;
}

function flagHelp(f: FlagSpec): string {
  let text = f.help;
  if (f.choices && !text.includes(f.choices[0]!)) text += ` (${f.choices.join(', ')})`;
  if (f.multiple) text += '; repeatable';
  if (f.default !== undefined) text += ` (default ${f.default})`;
  return text;
}

export function exitFooter(exit: ExitMeanings): string {
  const parts = [`0 ${exit.ok}`, `1 ${exit.problem}`, `2 ${EXIT_TEXT.usage}`];
  if (exit.undetermined) parts.push(`3 ${exit.undetermined}`);
  parts.push(`70 ${EXIT_TEXT.internal}`);
  return wrap(`Exit status: ${parts.join('; ')}.`, HELP_WIDTH);
}

const HELP_WIDTH = 100;

function wrap(text: string, width: number): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = `  ${word}`;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  lines.push(line);
  return lines.join('\n');
}
