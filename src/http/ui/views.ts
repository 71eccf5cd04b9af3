import { html } from 'hono/html';
import type { BudgetView, CycleStatus, HistoryEvent, Listing, TargetView } from '../../monitor/types.js';
import { ago, type Html, safeHref, shortTime, targetPath } from './format.js';

/** Rows of the targets x lists grid: listed and unknown targets first, clean ones up to the cap. */
export const MAX_GRID_ROWS = 50;
/** Targets detailed under "Listed now"; the grid and the API have the rest. */
export const MAX_LISTED_SHOWN = 20;
/**
 * Columns of the grid: the lists with something to say (a listing, an unknown answer) first, up
 * to this many; page weight stays under 150 KB with a /24 and 50 lists watched.
 */
export const MAX_GRID_ZONES = 30;
/** With nothing listed, this many clean lists still give the grid its columns. */
const CLEAN_GRID_ZONES = 12;

export interface Overview {
  targets: TargetView[];
  changes: HistoryEvent[];
  status: CycleStatus;
  budgets: BudgetView[];
  now: Date;
}

const STATE_ORDER = { listed: 0, unknown: 1, clean: 2 } as const;

function earliest(listings: readonly { since: string }[]): string | null {
  let first: string | null = null;
  for (const l of listings) if (first === null || l.since < first) first = l.since;
  return first;
}

function summaryCards(o: Overview): Html {
  const listed = o.targets.filter((t) => t.state === 'listed');
  const unknown = o.targets.filter((t) => t.state === 'unknown').length;
  const since = earliest(listed.flatMap((t) => t.listings));
  const s = o.status;
  return html`<div class="cards" id="summary">
  <div class="card${listed.length > 0 ? ' bad' : ''}"><b id="listed-count">${listed.length}</b>
    <small>listed${since ? html`; oldest listing ${ago(since, o.now)}` : ''}</small></div>
  <div class="card${unknown > 0 ? ' warn' : ''}"><b>${unknown}</b><small>unknown</small></div>
  <div class="card"><b>${o.targets.length}</b><small>targets watched</small></div>
  <div class="card"><b>${s.cycles}</b><small>${s.running ? 'cycle running' : `cycles; last ${ago(s.finishedAt, o.now)}`}${
    s.durationMs !== null ? ` (${(s.durationMs / 1000).toFixed(1)} s)` : ''
  }</small></div>
</div>
${s.unhealthyZones.length > 0 ? html`<p class="error">Lists failing their test points this cycle (their answers are ignored): ${s.unhealthyZones.map((z) => `${z.zone} (${z.reason})`).join(', ')}</p>` : ''}`;
}

/** One listing with what to do about it: delist link and policy beside it. */
export function listingLine(l: Listing, now: Date, target: string): Html {
  const href = safeHref(l.delist);
  const label = l.name && l.name !== l.zone ? `${l.name} (${l.zone})` : l.zone;
  return html`<li><b>${label}</b>${l.address && l.address !== target ? html` lists <span class="mono">${l.address}</span>` : ''} <span class="mono">${l.codes.join(', ')}</span>
  <span class="muted">since ${shortTime(l.since)} (${ago(l.since, now)})</span>
  ${l.meaning ? html`<br>${l.meaning}` : ''}
  ${l.txt ? html`<br><span class="mono">${l.txt}</span>` : ''}
  <br>${href ? html`<a href="${href}" rel="noopener noreferrer" target="_blank">delist</a>` : html`<span class="muted">no delist link</span>`}
  ${l.policy ? html` — ${l.policy}` : ''}</li>`;
}

function listedNow(o: Overview): Html {
  const listed = o.targets.filter((t) => t.state === 'listed');
  if (listed.length === 0) return html`<p class="notice">Nothing watched is listed.</p>`;
  const more = listed.length - MAX_LISTED_SHOWN;
  return html`<ul class="events" id="listed-now" hx-target="#detail">${listed.slice(0, MAX_LISTED_SHOWN).map(
    (t) => html`<li>${targetLink(t.target)}
      <ul class="events">${t.listings.map((l) => listingLine(l, o.now, t.target))}</ul></li>`,
  )}</ul>${more > 0 ? html`<p class="muted">${more} more listed targets: in the grid and GET /api/v1/targets.</p>` : ''}`;
}

/** A target's page; with script, its timeline opens in #detail (hx-target set on the list). */
function targetLink(target: string): Html {
  return html`<a href="${targetPath(target)}" hx-get="${`/ui${targetPath(target, '/timeline')}`}">${target}</a>`;
}

function gridZones(o: Overview): { zones: string[]; hidden: number } {
  const noisy = new Set<string>();
  for (const t of o.targets) for (const l of t.listings) noisy.add(l.zone);
  for (const t of o.targets) for (const u of t.unknown) if (u.zone !== '') noisy.add(u.zone);
  const zones = [...noisy].sort().slice(0, MAX_GRID_ZONES);
  for (const b of o.budgets) {
    if (zones.length >= Math.max(CLEAN_GRID_ZONES, noisy.size) || zones.length >= MAX_GRID_ZONES) break;
    if (!noisy.has(b.zone)) zones.push(b.zone);
  }
  const all = new Set([...noisy, ...o.budgets.map((b) => b.zone)]);
  return { zones, hidden: Math.max(0, all.size - zones.length) };
}

/** One cell: `l` listed, `u` unknown, `c` clean (its dot comes from the style sheet: page weight). */
function gridCell(t: TargetView, zone: string): Html {
  const listing = t.listings.find((l) => l.zone === zone);
  if (listing)
    return html`<td class="l" title="${`since ${listing.since}: ${listing.codes.join(', ')}`}">L</td>`;
  const unknown = t.unknown.find((u) => u.zone === zone || u.zone === '');
  if (unknown) return html`<td class="u" title="${unknown.reason}">?</td>`;
  return t.checkedAt === null ? html`<td></td>` : html`<td class="c"></td>`;
}

function grid(o: Overview): Html {
  if (o.targets.length === 0)
    return html`<p class="muted">No targets yet: add one below, or list them in the config file.</p>`;
  const { zones, hidden } = gridZones(o);
  const rows = [...o.targets].sort(
    (a, b) => STATE_ORDER[a.state] - STATE_ORDER[b.state] || a.target.localeCompare(b.target),
  );
  const shown = rows.slice(0, MAX_GRID_ROWS);
  const head = zones.map((z) => html`<th class="zone" scope="col">${z}</th>`);
  const body = shown.map(
    (t) =>
      html`<tr><th scope="row">${targetLink(t.target)}</th><td><span class="state ${t.state}">${t.state}</span></td><td class="muted">${ago(t.checkedAt, o.now)}</td>${zones.map((z) => gridCell(t, z))}</tr>`,
  );
  return html`<div class="scroll"><table class="grid" id="grid"><thead><tr><th>target</th><th>state</th><th>checked</th>${head}</tr></thead>
<tbody hx-target="#detail">${body}</tbody></table></div>
${hidden > 0 ? html`<p class="muted">${hidden} more lists not shown: nothing listed or unknown on them.</p>` : ''}
${rows.length > shown.length ? html`<p class="muted">${rows.length - shown.length} more targets not shown (GET /api/v1/targets has them all).</p>` : ''}`;
}

export function eventList(events: readonly HistoryEvent[], now: Date, withTarget: boolean): Html {
  if (events.length === 0) return html`<p class="muted">No changes recorded yet.</p>`;
  return html`<ul class="events">${events.map(
    (
      e,
    ) => html`<li><span class="ev-${e.event}">${e.event}</span> ${withTarget ? html`<b>${e.target}</b> ` : ''}on <b>${e.zone}</b>
    <span class="muted">${shortTime(e.at)} (${ago(e.at, now)})</span>${e.codes.length > 0 ? html` <span class="mono">${e.codes.join(', ')}</span>` : ''}${
      e.txt ? html`<br><span class="mono">${e.txt}</span>` : ''
    }</li>`,
  )}</ul>`;
}

function budgetTable(budgets: readonly BudgetView[]): Html {
  if (budgets.length === 0) return html``;
  return html`<details><summary>Query budget per list (${budgets.length} lists)</summary><div class="scroll"><table>
  <thead><tr><th>list</th><th>queries/day</th><th>limit/day</th><th>advice</th></tr></thead><tbody>${budgets.map(
    (b) =>
      html`<tr><td>${b.zone}</td><td>${b.queriesPerDay}</td><td>${b.limitPerDay ?? '—'}</td><td>${b.advice ?? ''}</td></tr>`,
  )}</tbody></table></div></details>`;
}

/** The part of the dashboard that refreshes: counts, listings, grid, recent changes, budgets. */
export function overview(o: Overview): Html {
  return html`<section><h2>At a glance</h2>${summaryCards(o)}</section>
<section><h2>Listed now</h2>${listedNow(o)}</section>
<section><h2>Targets × lists</h2>${grid(o)}</section>
<section><h2>Recent changes</h2><div id="changes">${eventList(o.changes, o.now, true)}</div></section>
<section>${budgetTable(o.budgets)}</section>`;
}

/** A target's timeline: current listings with delisting help, unknown zones, every change. */
export function timeline(view: TargetView, events: readonly HistoryEvent[], now: Date): Html {
  return html`<div class="panel" id="timeline" data-target="${view.target}">
  <h2>${view.target} <span class="state ${view.state}">${view.state}</span></h2>
  <p class="muted">${view.kind}, group ${view.group}; watched since ${shortTime(view.addedAt)}; checked ${ago(view.checkedAt, now)}</p>
  ${view.listings.length > 0 ? html`<h3>Listed on</h3><ul class="events">${view.listings.map((l) => listingLine(l, now, view.target))}</ul>` : ''}
  ${view.unknown.length > 0 ? html`<h3>Unknown</h3><ul class="events">${view.unknown.map((u) => html`<li><b>${u.zone || 'all lists'}</b>: ${u.reason}</li>`)}</ul>` : ''}
  <h3>Timeline</h3>${eventList(events, now, false)}
  <form class="inline" hx-delete="${`/ui${targetPath(view.target)}`}" hx-target="#detail" hx-confirm="${`Stop watching ${view.target}?`}">
    <button class="secondary" type="submit">Stop watching</button></form>
</div>`;
}
