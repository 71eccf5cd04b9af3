import { html } from 'hono/html';
import type { BounceReport, RecipientResult } from '../../bounce/index.js';
import type { TargetReport, ZoneResult } from '../../check/index.js';
import type { DiagnoseItem, DiagnoseReport } from '../../diagnose/index.js';
import type { PhishReport } from '../../phish/index.js';
import { type Html, safeHref } from './format.js';

/** Rows of a check result shown: listings and errors all, clean zones as a count. */
function zoneRow(r: ZoneResult): Html {
  const href = safeHref(r.delist);
  return html`<tr><td>${r.zone}</td><td><span class="state ${r.status === 'listed' ? 'listed' : 'unknown'}">${r.status}</span></td>
  <td>${r.address ?? ''} <span class="mono">${r.codes.join(', ')}</span>${r.meaning ? html`<br>${r.meaning}` : ''}${
    r.txt ? html`<br><span class="mono">${r.txt}</span>` : ''
  }${r.error ? html`<br><span class="muted">${r.error}</span>` : ''}</td>
  <td>${href ? html`<a href="${href}" rel="noopener noreferrer" target="_blank">delist</a>` : ''} ${r.policy ?? ''}</td></tr>`;
}

export function checkView(report: TargetReport): Html {
  const shown = report.results.filter((r) => r.status !== 'clean');
  const s = report.summary;
  return html`<div class="panel" id="check-result"><h3>${report.target}: ${s.listed > 0 ? html`<span class="state listed">listed on ${s.listed}</span>` : html`<span class="state clean">not listed</span>`}</h3>
  <p class="muted">${s.clean} clean, ${s.error} errors, ${s.unhealthy} unhealthy lists${report.addresses ? `; addresses ${report.addresses.join(', ')}` : ''}</p>
  ${report.addressError ? html`<p class="error">${report.addressError}</p>` : ''}
  ${shown.length > 0 ? html`<div class="scroll"><table><thead><tr><th>list</th><th>result</th><th>codes, reason</th><th>delisting</th></tr></thead><tbody>${shown.map(zoneRow)}</tbody></table></div>` : ''}
</div>`;
}

function recipientView(r: RecipientResult): Html {
  const bl = r.blocklist;
  const href = bl ? safeHref(bl.delist) : null;
  return html`<li><b>${r.address ?? '(no recipient named)'}</b> — <span class="state ${r.hard ? 'listed' : 'unknown'}">${r.reason}</span>
  ${r.replyCode ?? ''} ${r.status ?? ''} ${r.hard ? '(hard: retrying will not help)' : '(soft)'}
  <br><span class="explanation">${r.explanation}</span>
  ${r.diagnostic ? html`<br><span class="mono">${r.diagnostic}</span>` : ''}
  ${r.remoteMta ? html`<br><span class="muted">refused by ${r.remoteMta}</span>` : ''}
  ${
    bl
      ? html`<br>Blocklist: <b>${bl.name}</b>${bl.ip ? html` named <span class="mono">${bl.ip}</span>` : ''}${
          href ? html` — <a href="${href}" rel="noopener noreferrer" target="_blank">delist</a>` : ''
        }${bl.policy ? html` — ${bl.policy}` : ''}`
      : ''
  }</li>`;
}

export function bounceView(report: BounceReport): Html {
  if (report.recipients.length === 0)
    return html`<div class="panel" id="bounce-result"><p>Not read as a bounce (${report.kind}).${report.warning ? html` ${report.warning}` : ''}</p></div>`;
  return html`<div class="panel" id="bounce-result"><h3>${report.isBounce ? 'Bounce' : report.kind}: ${report.recipients.length} recipient(s)</h3>
  ${report.warning ? html`<p class="muted">${report.warning}</p>` : ''}
  <ul class="events">${report.recipients.map(recipientView)}</ul></div>`;
}

export function emlView(result: { phish: PhishReport; bounce: BounceReport | null }): Html {
  const p = result.phish;
  const state = p.verdict === 'phishing' ? 'listed' : p.verdict === 'suspicious' ? 'unknown' : 'clean';
  return html`<div class="panel" id="eml-result"><h3><span class="state ${state}">${p.verdict}</span> score ${p.score}</h3>
  <p><b>${p.subject}</b><br><span class="muted">from ${p.from}</span></p>
  ${p.parseError ? html`<p class="muted">${p.parseError}</p>` : ''}
  ${
    p.findings.length > 0
      ? html`<ul class="events">${p.findings.map(
          (f) =>
            html`<li>${f.detail} <span class="muted">(${f.rule}, +${f.weight})</span>${f.evidence.length > 0 ? html`<br><span class="mono">${f.evidence.join(' | ')}</span>` : ''}</li>`,
        )}</ul>`
      : html`<p class="muted">No findings.</p>`
  }
  ${result.bounce ? bounceView(result.bounce) : ''}</div>`;
}

function itemLine(item: DiagnoseItem): Html {
  const state = item.status === 'problem' ? 'listed' : item.status === 'ok' ? 'clean' : 'unknown';
  return html`<li><span class="state ${state}">${item.status}</span> ${item.title}${
    item.fix ? html`<br><b>Fix:</b> ${item.fix}` : ''
  }${item.evidence.length > 0 ? html`<br><span class="mono">${item.evidence.slice(0, 5).join(' | ')}</span>` : ''}</li>`;
}

export function diagnoseView(report: DiagnoseReport): Html {
  const notable = report.items.filter((i) => i.status !== 'ok');
  return html`<div class="panel" id="diagnose-result"><h3>${report.target}</h3>
  <p class="muted">${Object.entries(report.summary)
    .map(([k, v]) => `${v} ${k}`)
    .join(', ')}</p>
  ${report.topFixes.length > 0 ? html`<h4>Fix first</h4><ol>${report.topFixes.map((i) => html`<li>${i.title}${i.fix ? html`: ${i.fix}` : ''}</li>`)}</ol>` : ''}
  <ul class="events">${notable.map(itemLine)}</ul>
  ${report.incomplete.length > 0 ? html`<p class="muted">Incomplete: ${report.incomplete.map((p) => `${p.part} (${p.reason})`).join('; ')}</p>` : ''}
</div>`;
}
