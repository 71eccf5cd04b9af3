import { html } from 'hono/html';
import type { Html } from './format.js';

/**
 * htmx settings: no eval (the CSP forbids it anyway, and hx-on is not used), no injected
 * indicator `<style>` (the CSP allows our style sheet only; .htmx-request is in app.css).
 */
const HTMX_CONFIG = JSON.stringify({
  allowEval: false,
  includeIndicatorStyles: false,
  selfRequestsOnly: true,
});

export function page(title: string, body: Html): Html {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="htmx-config" content="${HTMX_CONFIG}">
<title>${title}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/assets/app.css">
<script src="/assets/htmx.min.js" defer></script>
<script src="/assets/app.js" defer></script>
</head><body>
<header><h1><a href="/">mxdoctor</a></h1>
<div><span id="auth-state" class="muted"></span>
<form id="login" class="inline" method="post" action="/api/v1/auth"><input name="token" type="password" autocomplete="off" placeholder="API token" aria-label="API token" required>
<button type="submit">Sign in</button></form><button id="logout" class="secondary hidden" type="button">Sign out</button>
<span id="auth-msg"></span></div></header>
<main>${body}</main></body></html>`;
}

function toolForms(): Html {
  return html`<div class="tools">
<div class="panel"><h3>Check an IP or domain</h3><form hx-post="/ui/tools/check" hx-target="#tool-result">
  <input name="target" placeholder="192.0.2.27" required aria-label="IP or domain"><button type="submit">Check</button></form></div>
<div class="panel"><h3>Explain a bounce</h3><form id="bounce-form" hx-post="/ui/tools/bounce" hx-target="#tool-result">
  <textarea name="text" placeholder="Paste the bounce or the SMTP rejection" required aria-label="bounce text"></textarea><button type="submit">Explain</button></form></div>
<div class="panel"><h3>Analyse a message (.eml)</h3><form hx-post="/ui/tools/eml" hx-encoding="multipart/form-data" hx-target="#tool-result">
  <input name="file" type="file" accept=".eml,message/rfc822" required aria-label="message file"><button type="submit">Analyse</button></form></div>
<div class="panel"><h3>Diagnose a domain</h3><form hx-post="/ui/tools/diagnose" hx-target="#tool-result">
  <input name="target" placeholder="example.com" required aria-label="domain"><button type="submit">Diagnose</button></form></div>
</div>
<div id="tool-result" class="result" aria-live="polite"></div>`;
}

function actions(): Html {
  return html`<div class="actions"><form class="inline" hx-post="/ui/targets" hx-target="#action-result">
  <input name="target" placeholder="IP, range or domain" required aria-label="target to watch">
  <input name="group" placeholder="group (default)" aria-label="group">
  <button type="submit">Watch</button></form>
<form class="inline" hx-post="/ui/cycle" hx-target="#action-result"><button class="secondary" type="submit">Run a cycle now</button></form>
<form class="inline" hx-post="/ui/alerts/test" hx-target="#action-result"><button class="secondary" type="submit">Send a test alert</button></form></div>
<div id="action-result" class="result" aria-live="polite"></div>`;
}

/** The dashboard: the refreshing overview, a detail panel for a target's timeline, the tools. */
export function dashboard(overviewHtml: Html, detail: Html | ''): Html {
  return page(
    'mxdoctor serve',
    html`<div id="overview" hx-get="/ui/overview" hx-trigger="every 60s, refresh from:body">${overviewHtml}</div>
<section><div id="detail">${detail}</div></section>
<section><h2>Watch list</h2>${actions()}</section>
<section><h2>Tools</h2>${toolForms()}</section>`,
  );
}
