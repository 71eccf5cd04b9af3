import { type Context, Hono } from 'hono';
import { MxError } from '../core/errors.js';
import type { Monitor } from '../monitor/types.js';
import type { AppEnv } from './context.js';
import {
  limitParam,
  MAX_GROUP_CHARS,
  MAX_TARGET_CHARS,
  optionalField,
  readFields,
  readMessageBytes,
  stringField,
} from './request.js';
import { parseTargetQuery, selectTargets } from './target-query.js';
import type { Tools } from './tools.js';

/** Most history events or changes one request returns. */
export const MAX_EVENTS = 1000;
/** A target's display name (the monitor allows 64 characters; a longer one is refused before). */
const MAX_NAME_CHARS = 64;

export interface ApiDeps {
  monitor: Monitor;
  tools: Tools;
  /** Runs a cycle in the background (its failure is logged, never thrown at the caller). */
  startCycle: () => void;
}

/** Adds a target from a request's fields; shared by the API and the dashboard form. */
export async function addTargetFrom(c: Context<AppEnv>, monitor: Monitor) {
  const fields = await readFields(c);
  const target = stringField(fields, 'target', MAX_TARGET_CHARS);
  const group = optionalField(fields, 'group', MAX_GROUP_CHARS);
  if (group !== undefined && !/^[\w.-]+$/.test(group))
    throw new MxError('input', 'group: letters, digits, dot, dash and underscore only');
  // The name's own rules (a Prometheus label value) are the monitor's: it answers 400 naming them.
  const name = optionalField(fields, 'name', MAX_NAME_CHARS);
  return monitor.addTarget({
    target,
    ...(group === undefined ? {} : { group }),
    ...(name === undefined ? {} : { name }),
  });
}

/**
 * The JSON API under /api/v1 (docs/openapi.json describes it). Reads are open to whoever can
 * reach the listener; app.ts puts the bearer token in front of every other method.
 */
export function apiRoutes(deps: ApiDeps): Hono<AppEnv> {
  const { monitor, tools } = deps;
  const api = new Hono<AppEnv>();
  api.get('/targets', async (c) => {
    const query = parseTargetQuery(c);
    const views = await monitor.listTargets();
    if (query === null) return c.json(views);
    const { page, total } = selectTargets(views, query);
    c.header('X-Total-Count', String(total));
    return c.json(page);
  });
  api.post('/targets', async (c) => c.json(await addTargetFrom(c, monitor), 201));
  api.get('/targets/:target', async (c) => {
    const view = await monitor.getTarget(c.req.param('target'));
    return view ? c.json(view) : c.json({ error: 'no such target' }, 404);
  });
  api.delete('/targets/:target', async (c) => {
    const removed = await monitor.removeTarget(c.req.param('target'));
    return removed ? c.body(null, 204) : c.json({ error: 'no such target' }, 404);
  });
  api.get('/targets/:target/history', async (c) => {
    const target = c.req.param('target');
    const events = await monitor.history(target, limitParam(c, 100, MAX_EVENTS));
    // A target no longer watched (deleted, or gone from the config file) keeps its history.
    if (events.length === 0 && (await monitor.getTarget(target)) === null)
      return c.json({ error: 'no such target' }, 404);
    return c.json(events);
  });
  api.get('/changes', async (c) => c.json(await monitor.recentChanges(limitParam(c, 50, MAX_EVENTS))));
  api.get('/status', (c) => c.json({ cycle: monitor.status(), budgets: monitor.budgets() }));
  api.post('/cycle', async (c) => {
    // ?wait=1: answer when the cycle is over (scripts, tests); else at once with 202.
    if (c.req.query('wait') === '1') {
      await monitor.runCycle();
      return c.json({ started: true, status: monitor.status() }, 200);
    }
    deps.startCycle();
    return c.json({ started: true, status: monitor.status() }, 202);
  });
  api.post('/alerts/test', async (c) => c.json(await monitor.sendTestAlert()));
  api.get('/auth', (c) => c.body(null, 204));
  api.post('/tools/check', async (c) => {
    const target = stringField(await readFields(c), 'target', MAX_TARGET_CHARS);
    return c.json(await tools.check(target));
  });
  api.post('/tools/diagnose', async (c) => {
    const target = stringField(await readFields(c), 'target', MAX_TARGET_CHARS);
    return c.json(await tools.diagnose(target));
  });
  api.post('/tools/bounce', async (c) => c.json(tools.explainBounce(await readMessageBytes(c, 'text'))));
  api.post('/tools/eml', async (c) => c.json(await tools.analyzeEml(await readMessageBytes(c, 'file'))));
  return api;
}
