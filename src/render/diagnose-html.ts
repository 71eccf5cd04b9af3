import type { DiagnoseItem, DiagnoseReport, ItemStatus, SectionId } from '../diagnose/types.js';
import { SECTION_TITLES } from '../diagnose/types.js';
import { groupBySection, summaryLine } from './diagnose-text.js';

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** HTML-escapes text for element content and quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** Styles inline: the page must open from an e-mail attachment with no network (no external assets). */
const STYLE = `
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0 auto;max-width:60rem;padding:1.5rem;color:#1d2327;background:#fff}
h1{font-size:1.5rem;margin:0 0 .25rem}h2{font-size:1.15rem;margin:1.5rem 0 .5rem}
.meta{color:#555;margin:0 0 1rem}
.counts span{display:inline-block;margin-right:.5rem;padding:.15rem .6rem;border-radius:1rem;font-weight:600}
.problem{background:#fde8e8;color:#9b1c1c}.warning{background:#fdf6e3;color:#8a5a00}.ok{background:#e7f6ec;color:#1e6b3a}.unknown{background:#eef0f2;color:#4b5563}
ol.fixes li{margin:.4rem 0}.fix{display:block;color:#333;margin-top:.15rem}
details.section{border:1px solid #d0d7de;border-radius:.4rem;margin:.6rem 0;padding:0 .8rem}
details.section>summary{cursor:pointer;padding:.6rem 0;font-weight:600}
ul.items{list-style:none;padding:0;margin:0 0 .8rem}ul.items>li{border-top:1px solid #eef0f2;padding:.45rem 0}
.badge{display:inline-block;min-width:4.8rem;text-align:center;border-radius:.3rem;font-size:.8rem;font-weight:700;padding:.05rem .3rem;margin-right:.5rem;text-transform:uppercase}
ul.evidence{margin:.25rem 0 0 5.5rem;padding:0;list-style:none;font:13px/1.4 ui-monospace,Menlo,Consolas,monospace;color:#444;word-break:break-all}
p.itemfix{margin:.25rem 0 0 5.5rem}
pre{white-space:pre-wrap;word-break:break-all;font-size:12px;background:#f6f8fa;padding:.6rem}
@media print{details.section{break-inside:avoid}}
`;

/**
 * One self-contained HTML page a technician can send to a client: the summary and the three
 * fixes first, then one collapsible <details> per section (opened when it holds a problem), and
 * the raw JSON last. No script, no external asset; a CSP forbids loading any.
 */
export function renderDiagnoseHtml(report: DiagnoseReport): string {
  const sections = [...groupBySection(report.items)].map(([id, items]) => sectionHtml(id, items)).join('\n');
  const json = escapeHtml(JSON.stringify(report, null, 2));
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Mail diagnosis: ${escapeHtml(report.target)}</title>
<style>${STYLE}</style>
</head>
<body>
<header id="summary">
<h1>Mail diagnosis: ${escapeHtml(report.target)}</h1>
<p class="meta">${escapeHtml(report.kind === 'domain' ? 'Domain' : 'IP address')} checked ${escapeHtml(report.startedAt)} by mxdoctor${report.addresses.length ? ` · addresses: ${escapeHtml(report.addresses.join(', '))}` : ''}</p>
<p class="counts" aria-label="${escapeHtml(summaryLine(report))}">${countsHtml(report)}</p>
${fixesHtml(report.topFixes)}
${report.incomplete.length ? `<p class="unknown">Not checked: ${escapeHtml(report.incomplete.map((p) => `${p.part} (${p.reason})`).join('; '))}</p>` : ''}
</header>
<main>
${sections}
<details class="section" id="section-raw"><summary>Raw data (JSON)</summary><pre>${json}</pre></details>
</main>
</body>
</html>
`;
}

function countsHtml(report: DiagnoseReport): string {
  const order: ItemStatus[] = ['problem', 'warning', 'ok', 'unknown'];
  return order.map((s) => `<span class="${s}" data-status="${s}">${report.summary[s]} ${s}</span>`).join('');
}

function fixesHtml(fixes: readonly DiagnoseItem[]): string {
  if (fixes.length === 0)
    return '<h2>Fix these first</h2><p class="ok" id="fixes">Nothing to fix: no problem or warning found.</p>';
  const items = fixes
    .map(
      (f) =>
        `<li><span class="badge ${f.status}">${f.status}</span><strong>${escapeHtml(f.title)}</strong><span class="fix">${escapeHtml(f.fix ?? '')}</span></li>`,
    )
    .join('\n');
  return `<h2>Fix these first</h2>\n<ol class="fixes" id="fixes">\n${items}\n</ol>`;
}

function sectionHtml(id: SectionId, items: readonly DiagnoseItem[]): string {
  const worst = items.some((i) => i.status === 'problem')
    ? 'problem'
    : items.some((i) => i.status === 'warning')
      ? 'warning'
      : items.some((i) => i.status === 'unknown')
        ? 'unknown'
        : 'ok';
  const counts = `${items.filter((i) => i.status !== 'ok').length} to look at, ${items.filter((i) => i.status === 'ok').length} ok`;
  const body = items.map(itemHtml).join('\n');
  return `<details class="section" id="section-${id}" data-worst="${worst}"${worst === 'problem' ? ' open' : ''}>
<summary><span class="badge ${worst}">${worst}</span>${escapeHtml(SECTION_TITLES[id])} <small>(${counts})</small></summary>
<ul class="items">
${body}
</ul>
</details>`;
}

function itemHtml(item: DiagnoseItem): string {
  const evidence = item.evidence.length
    ? `<ul class="evidence">${item.evidence.map((e) => `<li>${escapeHtml(e)}</li>`).join('')}</ul>`
    : '';
  const fix =
    item.fix && item.status !== 'ok'
      ? `<p class="itemfix"><strong>Fix:</strong> ${escapeHtml(item.fix)}</p>`
      : '';
  return `<li data-id="${escapeHtml(item.id)}" data-status="${item.status}"><span class="badge ${item.status}">${item.status}</span>${escapeHtml(item.title)}${evidence}${fix}</li>`;
}
