import { randomBytes } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MxError } from '../core/errors.js';

/** Shorter tokens can be guessed over a network in reasonable time, rate limit or not. */
export const MIN_TOKEN_CHARS = 16;
export const TOKEN_FILE = 'api-token';

export interface TokenSource {
  token: string;
  /** Where the token came from, for the start-up line (never the token itself). */
  where: string;
  /** True when this start created the token file. */
  created: boolean;
}

function checked(token: string, where: string): string {
  if (token.length < MIN_TOKEN_CHARS)
    throw new MxError('config', `${where}: the API token must be at least ${MIN_TOKEN_CHARS} characters`);
  if (/\s/.test(token)) throw new MxError('config', `${where}: the API token must not contain spaces`);
  return token;
}

function readTokenFile(path: string): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new MxError(
      'io',
      `--token-file ${path}: ${code === 'ENOENT' ? 'no such file' : (error as Error).message}`,
    );
  }
  return checked(text.trim(), `--token-file ${path}`);
}

/**
 * The API token: MXDOCTOR_TOKEN, else --token-file, else `DATA/api-token`, created on the first
 * start with 32 random bytes and mode 0600 (only the owner may read it) and reused afterwards so
 * that a restart does not sign everyone out.
 */
export function loadToken(options: {
  env?: string | undefined;
  file?: string | undefined;
  dataDir: string;
}): TokenSource {
  if (options.env !== undefined && options.env !== '')
    return { token: checked(options.env.trim(), 'MXDOCTOR_TOKEN'), where: 'MXDOCTOR_TOKEN', created: false };
  if (options.file !== undefined)
    return { token: readTokenFile(options.file), where: options.file, created: false };
  const path = join(options.dataDir, TOKEN_FILE);
  try {
    const token = randomBytes(32).toString('base64url');
    // 'wx': never overwrite a token file another start created in the meantime.
    writeFileSync(path, `${token}\n`, { mode: 0o600, flag: 'wx' });
    return { token, where: path, created: true };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST')
      throw new MxError('io', `${path}: cannot create the API token file: ${(error as Error).message}`);
  }
  if ((statSync(path).mode & 0o077) !== 0)
    throw new MxError('config', `${path}: the token file is readable by others: chmod 600 it`);
  return { token: readTokenFile(path), where: path, created: false };
}
