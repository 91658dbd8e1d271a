// @ts-check
/**
 * The panel's markup, laid out once; `panel.js` wires its controls by id and `render.js` fills its tables.
 */
export const PANEL_TEMPLATE = `
<header>
  <h1>system-update mock · devtools</h1>
  <label>Session <select id="session"></select></label>
  <form id="open-session-form"><label for="new-session">Other session</label>
    <input id="new-session" type="text" placeholder="name" autocomplete="off"><button type="submit">Open</button></form>
  <label>api-version <select id="api-version"></select></label>
  <span class="live" id="live" role="status" data-mode="connecting">connecting…</span>
  <details id="credentials"><summary>Credentials</summary>
    <form id="tokens-form">
      <label for="control-token">Control token</label><input id="control-token" type="password" autocomplete="off">
      <label for="api-token">API token (for the API calls)</label><input id="api-token" type="password" autocomplete="off">
      <button type="submit">Use these</button>
    </form>
  </details>
</header>
<p class="status-line" id="outcome" role="status" aria-live="polite"></p>
<main>
  <div class="cards">
  <section aria-labelledby="h-plane">
    <h2 id="h-plane">Control plane</h2>
    <table class="facts"><tbody id="facts"></tbody></table>
    <h3 id="h-components">components_by_release_version</h3>
    <table class="components" aria-labelledby="h-components"><tbody id="components"></tbody></table>
    <details><summary>GET status as answered</summary><pre id="status-raw"></pre></details>
    <h3>Target release</h3>
    <form id="target-form">
      <label for="version">Version</label><input id="version" type="text" list="repository-versions" autocomplete="off">
      <datalist id="repository-versions"></datalist>
      <button type="button" id="set-target">Set target release</button>
      <button type="button" id="finish-recovery">Finish recovery</button>
    </form>
    <p class="muted">What the rules would say now:</p>
    <ul class="verdicts" id="verdicts"></ul>
    <div class="upstream" id="upstream" role="status" aria-live="polite"></div>
  </section>
  <section aria-labelledby="h-actions">
    <h2 id="h-actions">Rack</h2>
    <form id="scenario-form"><label for="scenario">Scenario</label><select id="scenario"></select>
      <button type="submit">Load scenario</button></form>
    <p class="muted" id="scenario-description"></p>
    <form id="mupdate-form"><label for="mupdate-version">Mupdate to</label>
      <input id="mupdate-version" type="text" list="repository-versions" autocomplete="off">
      <label><input type="radio" name="mupdate-sleds" value="all" checked> all sleds</label>
      <label><input type="radio" name="mupdate-sleds" value="chosen"> <span id="chosen-count">sleds ticked in the grid (0)</span></label>
      <button type="submit" id="mupdate">Mupdate</button></form>
    <div class="row"><button type="button" id="advance-one">Advance one planner step</button>
      <button type="button" id="advance-settled">Advance until settled</button></div>
    <form id="clock-form"><label for="clock-ms">Auto-advance every (ms)</label><input id="clock-ms" type="number" min="1" step="1">
      <button type="submit">Start</button><button type="button" id="clock-stop">Stop</button>
      <span id="clock-now" class="muted"></span></form>
    <form id="upload-form"><label for="upload-version">Upload a generated repository for</label>
      <input id="upload-version" type="text" autocomplete="off" placeholder="22.0.0"><button type="submit">Upload</button></form>
  </section>
  <section aria-labelledby="h-faults">
    <h2 id="h-faults">Faults and latency</h2>
    <form id="fault-form">
      <span class="field"><label for="fault-operation">Operation</label><select id="fault-operation"></select></span>
      <span class="field"><label for="fault-kind">Kind</label><select id="fault-kind"></select></span>
      <span class="field"><label for="fault-status">Status</label><input id="fault-status" type="number" min="400" max="599" placeholder="503"></span>
      <span class="field"><label for="fault-times">Times</label><input id="fault-times" type="number" min="1" placeholder="always"></span>
      <span class="field"><label for="fault-probability">Probability</label>
        <input id="fault-probability" type="number" min="0" max="1" step="0.05" placeholder="1"></span>
      <button type="submit">Add fault</button>
    </form>
    <ul class="plain" id="faults" aria-label="Fault rules"></ul>
    <div class="row"><button type="button" id="clear-faults">Clear faults</button></div>
    <form id="latency-form">
      <span class="field"><label for="latency-operation">Latency of</label><select id="latency-operation"></select></span>
      <span class="field"><label for="latency-ms">ms (300 or 200-400)</label><input id="latency-ms" type="text" autocomplete="off" size="9"></span>
      <button type="submit">Set latency</button><button type="button" id="clear-latency">Clear latency</button>
    </form>
    <ul class="plain" id="latency" aria-label="Latency"></ul>
  </section>
  </div>
  <section aria-labelledby="h-grid">
    <h2 id="h-grid">Sleds and their software</h2>
    <ul class="legend" id="legend" aria-label="Legend"></ul>
    <div class="scroll" tabindex="0" role="region" aria-label="Rack grid, scrollable"><table class="grid" id="grid"></table></div>
  </section>
  <section aria-labelledby="h-journal">
    <h2 id="h-journal">Request journal <span class="muted">(newest first)</span></h2>
    <div class="row"><button type="button" id="clear-journal">Clear journal</button></div>
    <table class="journal" aria-labelledby="h-journal"><thead><tr><th scope="col">#</th><th scope="col">Time</th><th scope="col">Request</th>
      <th scope="col">Operation</th><th scope="col">api-version</th><th scope="col">Role</th><th scope="col">Status</th>
      <th scope="col">error_code</th><th scope="col">Message</th></tr></thead><tbody id="journal"></tbody></table>
  </section>
</main>`;
