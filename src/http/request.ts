import type { Context } from 'hono';
import { MxError } from '../core/errors.js';

/** Longest target string accepted (a domain is at most 253 characters; a CIDR far less). */
export const MAX_TARGET_CHARS = 300;
/** Longest group name: it becomes a label in the store and on the dashboard. */
export const MAX_GROUP_CHARS = 64;

type Fields = Record<string, unknown>;

/** The fields of a JSON object body, a form (urlencoded or multipart), or {} for anything else. */
export async function readFields(c: Context): Promise<Fields> {
  const type = (c.req.header('Content-Type') ?? '').toLowerCase();
  if (type.startsWith('application/json')) {
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      throw new MxError('input', 'the body is not valid JSON');
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      throw new MxError('input', 'the body must be a JSON object');
    return body as Fields;
  }
  if (type.startsWith('application/x-www-form-urlencoded') || type.startsWith('multipart/form-data'))
    return (await c.req.parseBody()) as Fields;
  return {};
}

/** A required string field, trimmed, at most `max` characters. */
export function stringField(fields: Fields, name: string, max: number): string {
  const value = fields[name];
  if (typeof value !== 'string' || value.trim() === '')
    throw new MxError('input', `give "${name}" as a non-empty string`);
  if (value.length > max) throw new MxError('input', `"${name}" is longer than ${max} characters`);
  return value.trim();
}

/** An optional string field: undefined when absent or empty. */
export function optionalField(fields: Fields, name: string, max: number): string | undefined {
  const value = fields[name];
  if (value === undefined || value === null || value === '') return undefined;
  return stringField(fields, name, max);
}

/** `?limit=N` within 1..max, default `fallback`. */
export function limitParam(c: Context, fallback: number, max: number): number {
  const text = c.req.query('limit');
  if (text === undefined) return fallback;
  if (!/^\d{1,6}$/.test(text)) throw new MxError('input', 'limit must be a whole number');
  return Math.min(max, Math.max(1, Number(text)));
}

/**
 * The bytes of a pasted bounce or an uploaded message: a `text` or `file` form/JSON field, or
 * the raw body (text/plain, message/rfc822, application/octet-stream).
 */
export async function readMessageBytes(c: Context, field: 'text' | 'file'): Promise<Uint8Array> {
  const type = (c.req.header('Content-Type') ?? '').toLowerCase();
  if (type.startsWith('application/json') || type.startsWith('multipart/') || type.includes('urlencoded')) {
    const fields = await readFields(c);
    const value = fields[field] ?? fields.text ?? fields.file;
    if (typeof value === 'string' && value.trim() !== '') return new TextEncoder().encode(value);
    if (value instanceof File && value.size > 0) return new Uint8Array(await value.arrayBuffer());
    throw new MxError('input', `give the message as "${field}"`);
  }
  const bytes = new Uint8Array(await c.req.arrayBuffer());
  if (bytes.byteLength === 0) throw new MxError('input', 'the body is empty: send the message');
  return bytes;
}
