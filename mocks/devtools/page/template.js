// @ts-check
/**
 * The panel's markup, laid out once, one `<section>` per card. The cards find their parts by `data-view`,
 * their actions by `data-action` (a form's submit or a button's click) and `data-change`/`data-input` (a
 * field's events), and read their forms with FormData by field `name`. Ids are only for labels and as
 * stable hooks for the page's tests; no code looks one up.
 */
export const PANEL_TEMPLATE = `
<header>
  <h1>system-update mock · devtools</h1>
  <label>Session <select id="session" name="session" data-view="session" data-change="switch-session"></select></label>
  <form data-action="open-session"><label for="new-session">Other session</label>
    <input id="new-session" name="new-session" type="text" placeholder="name" autocomplete="off"><button type="submit">Open</button></form>
  <label>api-version <select id="api-version" name="api-version" data-view="api-version" data-change="api-version"></select></label>
  <span class="live" data-view="live" role="status" data-mode="connecting">connecting…</span>
  <span id="state-lives" class="state-lives" data-view="state-lives"></span>
  <details id="credentials" data-view="credentials"><summary>Credentials</summary>
    <form id="tokens-form" data-action="set-tokens">
      <label for="control-token">Control token</label><input id="control-token" name="control-token" type="password" autocomplete="off">
      <label for="api-token">API token (for the API calls)</label><input id="api-token" name="api-token" type="password" autocomplete="off">
      <button type="submit">Use these</button>
    </form>
  </details>
</header>
<p class="status-line" id="outcome" data-view="outcome" role="status" aria-live="polite"></p>
<main>
  <div class="cards">
  <section aria-labelledby="h-plane">
    <h2 id="h-plane">Control plane</h2>
    <table class="facts"><tbody id="facts" data-view="facts"></tbody></table>
    <h3 id="h-components">components_by_release_version</h3>
    <table class="components" aria-labelledby="h-components"><tbody id="components" data-view="components"></tbody></table>
    <details><summary>GET status as answered</summary><pre id="status-raw" data-view="status-raw"></pre></details>
    <h3>Target release</h3>
    <form>
      <label for="version">Version</label>
      <input id="version" name="version" type="text" list="repository-versions" autocomplete="off" data-input="version-typed">
      <datalist id="repository-versions" data-view="repository-versions"></datalist>
      <button type="button" id="set-target" data-action="set-target">Set target release</button>
      <button type="button" id="finish-recovery" data-action="finish-recovery">Finish recovery</button>
    </form>
    <p class="muted">What the rules would say now:</p>
    <ul class="verdicts" id="verdicts" data-view="verdicts"></ul>
    <div class="upstream" id="upstream" data-view="upstream" role="status" aria-live="polite"></div>
  </section>
  <section aria-labelledby="h-actions">
    <h2 id="h-actions">Rack</h2>
    <form id="scenario-form" data-action="load-scenario"><label for="scenario">Scenario</label>
      <select id="scenario" name="scenario" data-view="scenario" data-change="describe-scenario"></select>
      <button type="submit">Load scenario</button></form>
    <p class="muted" data-view="scenario-description"></p>
    <form data-action="mupdate"><label for="mupdate-version">Mupdate to</label>
      <input id="mupdate-version" name="mupdate-version" type="text" list="repository-versions" autocomplete="off" data-input="mupdate-typed">
      <label><input type="radio" name="mupdate-sleds" value="all" checked> all sleds</label>
      <label><input type="radio" name="mupdate-sleds" value="chosen"> <span data-view="chosen-count">sleds ticked in the grid (0)</span></label>
      <button type="submit" id="mupdate">Mupdate</button></form>
    <div class="row"><button type="button" id="advance-one" data-action="advance-one">Advance one planner step</button>
      <button type="button" id="advance-settled" data-action="advance-settled">Advance until settled</button></div>
    <form id="clock-form" data-action="set-clock"><label for="clock-ms">Auto-advance every (ms)</label>
      <input id="clock-ms" name="clock-ms" type="number" min="1" step="1">
      <button type="submit">Start</button><button type="button" id="clock-stop" data-action="stop-clock">Stop</button>
      <span id="clock-now" data-view="clock-now" class="muted"></span></form>
    <form id="upload-form" data-action="upload"><label for="upload-version">Upload a generated repository for</label>
      <input id="upload-version" name="upload-version" type="text" autocomplete="off" placeholder="22.0.0"><button type="submit">Upload</button></form>
  </section>
  <section aria-labelledby="h-faults">
    <h2 id="h-faults">Faults and latency</h2>
    <form id="fault-form" data-action="add-fault">
      <span class="field"><label for="fault-operation">Operation</label><select id="fault-operation" name="operation" data-view="fault-operation"></select></span>
      <span class="field"><label for="fault-kind">Kind</label><select id="fault-kind" name="kind" data-view="fault-kind"></select></span>
      <span class="field"><label for="fault-status">Status</label><input id="fault-status" name="status" type="number" min="400" max="599" placeholder="503"></span>
      <span class="field"><label for="fault-times">Times</label><input id="fault-times" name="times" type="number" min="1" placeholder="always"></span>
      <span class="field"><label for="fault-probability">Probability</label>
        <input id="fault-probability" name="probability" type="number" min="0" max="1" step="0.05" placeholder="1"></span>
      <button type="submit">Add fault</button>
    </form>
    <ul class="plain" id="faults" data-view="faults" aria-label="Fault rules"></ul>
    <div class="row"><button type="button" data-action="clear-faults">Clear faults</button></div>
    <form id="latency-form" data-action="set-latency">
      <span class="field"><label for="latency-operation">Latency of</label><select id="latency-operation" name="operation" data-view="latency-operation"></select></span>
      <span class="field"><label for="latency-ms">ms (300 or 200-400)</label><input id="latency-ms" name="ms" type="text" autocomplete="off" size="9"></span>
      <button type="submit">Set latency</button><button type="button" id="clear-latency" data-action="clear-latency">Clear latency</button>
    </form>
    <ul class="plain" id="latency" data-view="latency" aria-label="Latency"></ul>
  </section>
  </div>
  <section aria-labelledby="h-grid">
    <h2 id="h-grid">Sleds and their software</h2>
    <ul class="legend" id="legend" data-view="legend" aria-label="Legend"></ul>
    <div class="scroll" tabindex="0" role="region" aria-label="Rack grid, scrollable">
      <table class="grid" id="grid" data-view="grid" data-change="pick-sled"></table></div>
  </section>
  <section aria-labelledby="h-journal">
    <h2 id="h-journal">Request journal <span class="muted">(newest first)</span></h2>
    <div class="row"><button type="button" id="clear-journal" data-action="clear-journal">Clear journal</button></div>
    <table class="journal" aria-labelledby="h-journal"><thead><tr><th scope="col">#</th><th scope="col">Time</th><th scope="col">Request</th>
      <th scope="col">Operation</th><th scope="col">api-version</th><th scope="col">Role</th><th scope="col">Status</th>
      <th scope="col">error_code</th><th scope="col">Message</th></tr></thead><tbody id="journal" data-view="journal"></tbody></table>
  </section>
</main>`;
