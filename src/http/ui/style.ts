/**
 * The dashboard's style sheet, served as /assets/app.css (the CSP allows styles from our own
 * origin only, so no `style` attribute or inline `<style>` is used anywhere). Kept in a module
 * rather than a .css file so the bundled CLI (dist/bundle) carries it without a copy step.
 */
export const APP_CSS = `
:root{--bg:#f7f7f5;--fg:#1d1d1b;--muted:#6b6b66;--line:#d9d9d3;--card:#fff;--bad:#b3261e;--bad-bg:#fde7e5;
--warn:#8a5a00;--warn-bg:#fff3d6;--ok:#216e39;--ok-bg:#e3f4e8;--link:#1a56a8;font-size:15px}
@media (prefers-color-scheme:dark){:root{--bg:#161615;--fg:#ecece8;--muted:#a3a39c;--line:#3a3a36;--card:#20201e;
--bad:#ff8a80;--bad-bg:#3b1715;--warn:#ffcf66;--warn-bg:#352a10;--ok:#7ed99b;--ok-bg:#14301d;--link:#8ab4f8}}
*{box-sizing:border-box}
body{margin:0;font:1rem/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:var(--bg);color:var(--fg)}
a{color:var(--link)}
header{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;justify-content:space-between;padding:.6rem 1rem;
border-bottom:1px solid var(--line);background:var(--card)}
header h1{font-size:1.15rem;margin:0}
header h1 a{color:inherit;text-decoration:none}
main{max-width:1200px;margin:0 auto;padding:1rem}
section{margin:0 0 1.4rem}
h2{font-size:1.05rem;margin:0 0 .5rem}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(9rem,1fr));gap:.6rem}
.card{background:var(--card);border:1px solid var(--line);border-radius:.5rem;padding:.6rem .8rem}
.card b{display:block;font-size:1.6rem;line-height:1.2}
.card small{color:var(--muted)}
.card.bad{border-color:var(--bad);background:var(--bad-bg)}
.card.warn{border-color:var(--warn);background:var(--warn-bg)}
.scroll{overflow-x:auto;border:1px solid var(--line);border-radius:.5rem;background:var(--card)}
table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{padding:.35rem .5rem;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
th{font-weight:600;white-space:nowrap}
.actions{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center}
table.grid{width:auto;min-width:60%}
.grid th.zone{writing-mode:vertical-rl;transform:rotate(180deg);font-weight:500;font-size:.8rem;max-height:12rem}
.grid td:nth-child(n+4){text-align:center;width:1.8rem;padding:.35rem .2rem}
.grid td.l{background:var(--bad-bg);color:var(--bad);font-weight:700}
.grid td.u{background:var(--warn-bg);color:var(--warn)}
.grid td.c{color:var(--ok)}
.grid td.c::after{content:"\\00b7"}
.state{display:inline-block;padding:0 .45rem;border-radius:1rem;font-size:.8rem;font-weight:600}
.state.listed{background:var(--bad-bg);color:var(--bad)}
.state.unknown{background:var(--warn-bg);color:var(--warn)}
.state.clean{background:var(--ok-bg);color:var(--ok)}
.muted{color:var(--muted)}
.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.85rem;word-break:break-all}
ul.events{list-style:none;margin:0;padding:0}
ul.events li{padding:.35rem 0;border-bottom:1px solid var(--line)}
.ev-listed{color:var(--bad);font-weight:600}
.ev-delisted{color:var(--ok);font-weight:600}
.tools{display:grid;grid-template-columns:repeat(auto-fit,minmax(16rem,1fr));gap:.8rem}
form{display:flex;flex-direction:column;gap:.4rem}
form.inline{flex-direction:row;flex-wrap:wrap;align-items:center}
input,textarea,button,select{font:inherit;padding:.4rem .5rem;border:1px solid var(--line);border-radius:.35rem;
background:var(--card);color:var(--fg);max-width:100%}
textarea{min-height:6rem;font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.85rem}
button{cursor:pointer;background:var(--fg);color:var(--bg);border-color:var(--fg)}
button.secondary{background:var(--card);color:var(--fg)}
.result{margin-top:.8rem}
.result:empty{display:none}
.panel{background:var(--card);border:1px solid var(--line);border-radius:.5rem;padding:.8rem}
.error{color:var(--bad);font-weight:600}
.notice{color:var(--ok)}
.htmx-request{opacity:.6}
#auth-state{font-size:.85rem}
.hidden{display:none}
@media (max-width:600px){main{padding:.6rem}.card b{font-size:1.3rem}th,td{padding:.3rem}}
`;
