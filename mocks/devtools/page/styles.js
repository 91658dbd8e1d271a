// @ts-check
/**
 * The panel's stylesheet, adopted by its shadow root: nothing leaks into a host app, nothing of the app's
 * leaks in, and no inline style is needed (the page's CSP forbids them). Text on every background stays
 * above 4.5:1 contrast; release colours never carry meaning alone (each cell names its version).
 */
export const PANEL_CSS = `
:host { display: block; color: #111; background: #fff; font: 14px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; }
* { box-sizing: border-box; }
h1 { font-size: 1.25rem; margin: 0; }
h2 { font-size: 1.05rem; margin: 0 0 0.5rem; }
h3 { font-size: 0.95rem; margin: 0.75rem 0 0.25rem; }
code { font: 12px/1.3 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
header { display: flex; flex-wrap: wrap; gap: 0.5rem 1.5rem; align-items: center; padding: 0.75rem 1rem; background: #1f2933; color: #fff; }
header label { display: inline-flex; gap: 0.4rem; align-items: center; }
header .live { font-size: 0.85rem; padding: 0.1rem 0.5rem; border-radius: 1rem; background: #3e4c59; }
header .live[data-mode="events"], header .live[data-mode="in-page"] { background: #0b6e4f; }
header .live[data-mode="polling"] { background: #8a5a00; }
header .live[data-mode="denied"] { background: #a3001b; }
header details { color: #fff; }
header summary { cursor: pointer; }
header details[open] { flex-basis: 100%; }
header details form { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; margin-top: 0.5rem; }
main { display: flex; flex-direction: column; gap: 1rem; padding: 1rem; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(24rem, 1fr)); gap: 1rem; }
section { border: 1px solid #c5cbd3; border-radius: 6px; padding: 0.75rem; min-width: 0; }
form, .row { display: flex; flex-wrap: wrap; gap: 0.4rem 0.6rem; align-items: center; margin: 0.35rem 0; }
label { font-weight: 500; }
.field { display: inline-flex; gap: 0.35rem; align-items: center; }
input, select, button { font: inherit; color: #111; }
input, select { border: 1px solid #767676; border-radius: 4px; padding: 0.15rem 0.35rem; background: #fff; }
input[type="text"] { min-width: 14rem; }
input[type="number"] { width: 7rem; }
button { border: 1px solid #1a4f8a; border-radius: 4px; background: #e8f0fb; padding: 0.2rem 0.6rem; cursor: pointer; }
button:hover { background: #d3e3f8; }
button:disabled { color: #595959; border-color: #8f8f8f; background: #f0f0f0; cursor: default; }
:focus-visible { outline: 3px solid #1a56db; outline-offset: 2px; }
.muted { color: #595959; }
.sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
.status-line { margin: 0.25rem 1rem 0; min-height: 1.4em; }
.status-line[data-state="refused"], .status-line[data-state="error"] { color: #a3001b; }
.status-line[data-state="done"] { color: #0b6e4f; }
table { border-collapse: collapse; }
th, td { text-align: left; vertical-align: top; }
.facts th, .facts td, .components th, .components td { padding: 0.15rem 0.6rem 0.15rem 0; }
.verdicts { margin: 0.25rem 0; padding-left: 1.2rem; }
.verdicts .refused .verdict { color: #a3001b; }
.verdicts .accepted .verdict { color: #0b6e4f; }
.upstream { margin: 0.35rem 0; padding: 0.4rem 0.5rem; border-left: 4px solid #767676; background: #f4f5f7; min-height: 1.6em; }
.upstream[data-kind="refused"] { border-color: #a3001b; background: #fde8ea; }
.upstream[data-kind="accepted"] { border-color: #0b6e4f; background: #e3f6ee; }
.upstream .message { font-weight: 600; }
pre { max-height: 16rem; overflow: auto; background: #f4f5f7; padding: 0.5rem; font-size: 12px; }
ul.plain { list-style: none; padding: 0; margin: 0.25rem 0; }
ul.plain li { margin: 0.15rem 0; }
.legend { display: flex; flex-wrap: wrap; gap: 0.3rem 1rem; list-style: none; padding: 0; margin: 0 0 0.5rem; font-size: 12px; }
.swatch { display: inline-block; padding: 0 0.35rem; border: 1px solid #767676; border-radius: 3px; }
.count { color: #595959; }
/* Positioned, so the grid's visually hidden texts stay inside it instead of widening the page. */
.scroll { position: relative; overflow: auto; max-height: 75vh; border: 1px solid #c5cbd3; }
.grid { font-size: 12px; border-collapse: separate; border-spacing: 0; }
.grid caption { text-align: left; padding: 0.25rem; color: #595959; }
.grid th, .grid td { border: 0; border-right: 1px solid #d5dae0; border-bottom: 1px solid #d5dae0; padding: 2px 4px; white-space: nowrap; }
.grid thead th { position: sticky; top: 0; background: #eef1f5; z-index: 1; }
.grid th.sled { background: #fafbfc; }
.grid .serial { font-weight: 600; }
.grid code { font-size: 11px; color: #3e4c59; }
.grid td i { display: block; font-style: normal; color: #3e4c59; font-size: 11px; }
.grid td i.note { color: #a3001b; font-size: 11px; }
.v0 { background: #cfe6ff; } .v1 { background: #ffe0b3; } .v2 { background: #d2f4d2; } .v3 { background: #f9d0e6; }
.v4 { background: #e4dbff; } .v5 { background: #fff1a1; } .v6 { background: #c4efe9; } .v7 { background: #f6d3c5; }
.v8 { background: #dde6c0; } .v9 { background: #dedede; }
td.install, .swatch.install { outline: 1px dashed #3e4c59; outline-offset: -3px; }
td.current, .swatch.current { background: repeating-linear-gradient(135deg, #fff, #fff 4px, #e3e6ea 4px, #e3e6ea 8px); font-style: italic; }
td.unknown, .swatch.unknown { background: repeating-linear-gradient(45deg, #fff, #fff 4px, #f3dede 4px, #f3dede 8px); font-weight: 600; }
td.absent, .swatch.absent { color: #595959; }
td.expunged { text-decoration: line-through; }
td.mupdate, .swatch.mupdate { background: #ffe9a8; font-weight: 600; }
.journal { font-size: 12px; width: 100%; }
.journal th, .journal td { border-bottom: 1px solid #d5dae0; padding: 3px 6px; }
.journal .time { white-space: nowrap; }
.journal thead th { background: #eef1f5; position: sticky; top: 0; }
.journal tr.refused { background: #fde8ea; box-shadow: inset 4px 0 #a3001b; }
.journal tr.failed { background: #fff4e0; }
.journal .tag { display: inline-block; margin-left: 0.4rem; padding: 0 0.3rem; border: 1px solid #767676; border-radius: 3px; font-size: 11px; }
.journal .tag.refused, .journal .tag.fault { border-color: #a3001b; color: #a3001b; font-weight: 600; }
`;
