/**
 * A small validator for the subset of JSON Schema that config-schema.json uses (type,
 * properties, required, additionalProperties, items, enum, pattern, minimum/maximum,
 * minItems/maxItems, anyOf of differently typed branches). Pure: returns every problem with the path of the bad key, so the caller
 * can name the key and its line. A full validator (ajv) would be one more dependency for this.
 */
export type Path = (string | number)[];

export interface SchemaProblem {
  path: Path;
  message: string;
}

export interface Schema {
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  items?: Schema;
  enum?: unknown[];
  pattern?: string;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  /** Branches told apart by their `type` (a target is a string or an object): the first whose type fits is checked. */
  anyOf?: Schema[];
  description?: string;
}

export function validateSchema(schema: Schema, value: unknown, path: Path = []): SchemaProblem[] {
  if (schema.anyOf) {
    const branch = schema.anyOf.find((b) => checkType(b, value, path) === null);
    if (!branch) {
      const types = schema.anyOf.map((b) => article(b.type ?? 'value')).join(' or ');
      return [{ path, message: `must be ${types}, got ${describe(value)}` }];
    }
    return validateSchema(branch, value, path);
  }
  const typeProblem = checkType(schema, value, path);
  if (typeProblem) return [typeProblem];
  const problems: SchemaProblem[] = [];
  if (schema.enum && !schema.enum.includes(value)) {
    problems.push({
      path,
      message: `must be one of ${schema.enum.map((v) => JSON.stringify(v)).join(', ')}`,
    });
  }
  if (typeof value === 'string' && schema.pattern && !new RegExp(schema.pattern).test(value)) {
    problems.push({ path, message: `${JSON.stringify(value)} does not match ${schema.pattern}` });
  }
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum)
      problems.push({ path, message: `must be at least ${schema.minimum}` });
    if (schema.maximum !== undefined && value > schema.maximum)
      problems.push({ path, message: `must be at most ${schema.maximum}` });
  }
  if (Array.isArray(value)) problems.push(...checkArray(schema, value, path));
  else if (isObject(value)) problems.push(...checkObject(schema, value, path));
  return problems;
}

function checkType(schema: Schema, value: unknown, path: Path): SchemaProblem | null {
  if (!schema.type) return null;
  const ok =
    schema.type === 'object'
      ? isObject(value)
      : schema.type === 'array'
        ? Array.isArray(value)
        : schema.type === 'integer'
          ? Number.isInteger(value)
          : typeof value === schema.type;
  return ok ? null : { path, message: `must be ${article(schema.type)}, got ${describe(value)}` };
}

function checkArray(schema: Schema, value: unknown[], path: Path): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  if (schema.minItems !== undefined && value.length < schema.minItems)
    problems.push({ path, message: `needs at least ${schema.minItems} item(s)` });
  if (schema.maxItems !== undefined && value.length > schema.maxItems)
    problems.push({ path, message: `holds at most ${schema.maxItems} items` });
  const items = schema.items;
  if (items)
    for (const [i, item] of value.entries()) problems.push(...validateSchema(items, item, [...path, i]));
  return problems;
}

function checkObject(schema: Schema, value: Record<string, unknown>, path: Path): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  for (const key of schema.required ?? []) {
    if (!(key in value)) problems.push({ path, message: `missing required key "${key}"` });
  }
  for (const [key, child] of Object.entries(value)) {
    const sub = schema.properties?.[key];
    if (sub) problems.push(...validateSchema(sub, child, [...path, key]));
    else if (schema.additionalProperties === false) {
      const known = Object.keys(schema.properties ?? {}).join(', ');
      problems.push({ path: [...path, key], message: `unknown key (known: ${known})` });
    } else if (isObject(schema.additionalProperties)) {
      problems.push(...validateSchema(schema.additionalProperties, child, [...path, key]));
    }
  }
  return problems;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

const article = (type: string) =>
  type === 'integer' || type === 'object' || type === 'array' ? `an ${type}` : `a ${type}`;

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (value instanceof Date) return 'a date';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`;
}

/** `groups[0].interval` */
export function formatPath(path: Path): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : out ? `.${part}` : part;
  return out || '(top level)';
}
