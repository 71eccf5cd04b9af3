import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { gzipSync } from 'node:zlib';
import { type Context, Hono } from 'hono';
import { html } from 'hono/html';
import type { Monitor } from '../../monitor/types.js';
import { addTargetFrom } from '../api.js';
import type { AppEnv } from '../context.js';
import { MAX_TARGET_CHARS, readFields, readMessageBytes, stringField } from '../request.js';
import type { Tools } from '../tools.js';
import { APP_JS } from './client.js';
import { type Html, targetPath } from './format.js';
import { dashboard, page } from './layout.js';
import { APP_CSS } from './style.js';
import type { TargetCache } from './target-cache.js';
import { bounceView, checkView, diagnoseView, emlView } from './tool-views.js';
import { type Overview, overview, timeline } from './views.js';

/** Changes shown on the dashboard; the timeline of one target shows up to TIMELINE_EVENTS. */
const RECENT_CHANGES = 20;
const TIMELINE_EVENTS = 200;

export interface UiDeps {
  monitor: Monitor;
  /** The dashboard's target list (reused briefly: see target-cache.ts). */
  targets: TargetCache;
  tools: Tools;
  clock: () => Date;
  startCycle: () => void;
}

/** htmx from its npm package (no CDN: the dashboard works offline), read once. */
function loadHtmx(): string {
  const require = createRequire(import.meta.url);
  return readFileSync(require.resolve('htmx.org/dist/htmx.min.js'), 'utf8');
}

/** A static asset, gzipped once at start-up and sent compressed to every client that accepts it. */
function asset(body: string, type: string) {
  const raw = Buffer.from(body, 'utf8');
  const gz = gzipSync(raw, { level: 9 });
  return (c: Context<AppEnv>) => {
    c.header('Content-Type', type);
    c.header('Cache-Control', 'public, max-age=3600');
    c.header('Vary', 'Accept-Encoding');
    if (/\bgzip\b/.test(c.req.header('Accept-Encoding') ?? '')) {
      c.header('Content-Encoding', 'gzip');
      return c.body(new Uint8Array(gz));
    }
    return c.body(new Uint8Array(raw));
  };
}

async function loadOverview(monitor: Monitor, cache: TargetCache, now: Date): Promise<Overview> {
  const [targets, changes] = await Promise.all([cache.get(), monitor.recentChanges(RECENT_CHANGES)]);
  return { targets, changes, status: monitor.status(), budgets: monitor.budgets(), now };
}

async function loadTimeline(monitor: Monitor, target: string, now: Date): Promise<Html | null> {
  const view = await monitor.getTarget(target);
  if (view === null) return null;
  return timeline(view, await monitor.history(target, TIMELINE_EVENTS), now);
}

/** A short message fragment after an action; `refresh` makes the overview reload (HX-Trigger). */
function notice(c: Context<AppEnv>, text: string, refresh: boolean) {
  if (refresh) c.header('HX-Trigger', 'refresh');
  return c.html(html`<p class="notice">${text}</p>`);
}

/** The dashboard pages, their htmx fragments (/ui/...) and the static assets. */
export function uiRoutes(deps: UiDeps): Hono<AppEnv> {
  const { monitor, tools, clock } = deps;
  const ui = new Hono<AppEnv>();
  const htmx = loadHtmx();
  ui.get('/assets/htmx.min.js', asset(htmx, 'text/javascript; charset=utf-8'));
  ui.get('/assets/app.js', asset(APP_JS, 'text/javascript; charset=utf-8'));
  ui.get('/assets/app.css', asset(APP_CSS, 'text/css; charset=utf-8'));
  ui.get('/', async (c) =>
    c.html(dashboard(overview(await loadOverview(monitor, deps.targets, clock())), '')),
  );
  ui.get('/targets/:target', async (c) => {
    const now = clock();
    const detail = await loadTimeline(monitor, c.req.param('target'), now);
    if (detail === null)
      return c.html(page('not found', html`<p>No such target. <a href="/">Back</a></p>`), 404);
    return c.html(dashboard(overview(await loadOverview(monitor, deps.targets, now)), detail));
  });
  ui.get('/ui/overview', async (c) => c.html(overview(await loadOverview(monitor, deps.targets, clock()))));
  ui.get('/ui/targets/:target/timeline', async (c) => {
    const target = c.req.param('target');
    const detail = await loadTimeline(monitor, target, clock());
    if (detail === null) return c.html(html`<p class="error">No such target.</p>`, 404);
    // The address bar shows the target's own page (a link that works without script), not this fragment.
    c.header('HX-Push-Url', targetPath(target));
    return c.html(detail);
  });
  ui.post('/ui/targets', async (c) => {
    const view = await addTargetFrom(c, monitor);
    return notice(c, `Watching ${view.target} (group ${view.group}); it is checked in the next cycle.`, true);
  });
  ui.delete('/ui/targets/:target', async (c) => {
    const target = c.req.param('target');
    const removed = await monitor.removeTarget(target);
    return notice(c, removed ? `Stopped watching ${target}.` : `${target} was not watched.`, removed);
  });
  ui.post('/ui/cycle', (c) => {
    deps.startCycle();
    return notice(c, 'A cycle started; the overview above refreshes every minute.', true);
  });
  ui.post('/ui/alerts/test', async (c) => {
    const outcomes = await monitor.sendTestAlert();
    if (outcomes.length === 0) return c.html(html`<p class="muted">No alert channel is configured.</p>`);
    return c.html(
      html`<ul class="events">${outcomes.map(
        (o) =>
          html`<li>${o.channel}: ${o.ok ? html`<span class="notice">sent</span>` : html`<span class="error">failed: ${o.error ?? ''}</span>`}</li>`,
      )}</ul>`,
    );
  });
  ui.post('/ui/tools/check', async (c) =>
    c.html(checkView(await tools.check(stringField(await readFields(c), 'target', MAX_TARGET_CHARS)))),
  );
  ui.post('/ui/tools/diagnose', async (c) =>
    c.html(diagnoseView(await tools.diagnose(stringField(await readFields(c), 'target', MAX_TARGET_CHARS)))),
  );
  ui.post('/ui/tools/bounce', async (c) =>
    c.html(bounceView(tools.explainBounce(await readMessageBytes(c, 'text')))),
  );
  ui.post('/ui/tools/eml', async (c) =>
    c.html(emlView(await tools.analyzeEml(await readMessageBytes(c, 'file')))),
  );
  return ui;
}
