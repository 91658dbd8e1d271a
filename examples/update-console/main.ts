/**
 * The update console: status, repositories, and both PUTs of the system update API, with the server's
 * own message when it refuses. No framework: the page is small, and plain DOM code keeps the example
 * about the SDK. The API is `?api=<base URL>` (a mock started with `--cors` for this origin), else this
 * page's own origin (where MSW's worker answers, see msw.ts).
 */
import { createClient, type ApiResult, type Schemas } from "system-update";
import { checkVersionOrdering, describeRefusal } from "system-update/rules";

const baseUrl = new URLSearchParams(location.search).get("api") ?? location.origin;
const client = createClient({ baseUrl });

function element<T extends HTMLElement>(id: string, type: new () => T): T {
  const found = document.getElementById(id);
  if (!(found instanceof type)) throw new Error(`the page has no ${type.name} #${id}`);
  return found;
}

const view = {
  api: element("api", HTMLElement),
  refresh: element("refresh", HTMLButtonElement),
  statusError: element("status-error", HTMLElement),
  status: element("status", HTMLTableElement),
  components: element("components", HTMLTableElement),
  repositories: element("repositories", HTMLTableElement),
  versions: element("versions", HTMLDataListElement),
  form: element("change", HTMLFormElement),
  version: element("version", HTMLInputElement),
  hint: element("hint", HTMLElement),
  outcome: element("outcome", HTMLElement),
};

/** The current target release, for the pre-check; undefined until the status has been read. */
let current: string | null | undefined;

/** Replaces a table's rows; cells are text, never HTML. */
function fillTable(table: HTMLTableElement, header: readonly string[] | undefined, rows: readonly (readonly string[])[]): void {
  table.replaceChildren();
  if (header) {
    const row = table.createTHead().insertRow();
    for (const text of header) row.appendChild(document.createElement("th")).textContent = text;
  }
  const body = table.createTBody();
  for (const cells of rows) {
    const row = body.insertRow();
    cells.forEach((text, i) => {
      const cell = row.appendChild(document.createElement(i === 0 && !header ? "th" : "td"));
      cell.textContent = text;
    });
  }
}

function showStatus(status: Schemas["UpdateStatus"]): void {
  current = status.target_release?.version ?? null;
  const target = status.target_release;
  fillTable(view.status, undefined, [
    ["Target release", target ? target.version : "none (never set)"],
    ["Requested", target ? new Date(target.time_requested).toLocaleString() : "—"],
    ["Suspended", status.suspended ? "yes: waiting for a recovery to be finished" : "no"],
    ["Contact support", status.contact_support ? "yes" : "no"],
    ["Last step planned", new Date(status.time_last_step_planned).toLocaleString()],
  ]);
  const counts = Object.entries(status.components_by_release_version);
  fillTable(
    view.components,
    undefined,
    counts.map(([release, count]) => [release, String(count)]),
  );
}

async function refresh(): Promise<void> {
  view.statusError.textContent = "";
  const status = await client.getStatus();
  if (status.error) {
    view.statusError.textContent = `Cannot read the status: ${status.error.message}`;
    return;
  }
  showStatus(status.data);
  const repositories: Schemas["TufRepo"][] = [];
  try {
    for await (const page of client.repositoryPages({ sortBy: "version_descending" })) repositories.push(...page.items);
  } catch (error) {
    view.statusError.textContent = `Cannot list the repositories: ${error instanceof Error ? error.message : String(error)}`;
    return;
  }
  fillTable(
    view.repositories,
    ["System version", "File", "Uploaded"],
    repositories.map((repo) => [repo.system_version, repo.file_name, new Date(repo.time_created).toLocaleString()]),
  );
  view.versions.replaceChildren(...repositories.map((repo) => new Option(repo.system_version)));
  precheck();
}

/** What can be told before asking: the version rules, which need only the status (the rest needs the rack's blueprint). */
function precheck(): void {
  const proposed = view.version.value.trim();
  if (proposed === "" || current === undefined) {
    view.hint.textContent = "";
    return;
  }
  const check = checkVersionOrdering(current, proposed);
  if (check.kind === "invalid") view.hint.textContent = `Not a version: ${check.message}`;
  else if (check.kind === "refused") view.hint.textContent = `An update would be refused: ${describeRefusal(check.refusal).message}`;
  else view.hint.textContent = "";
}

function showOutcome(kind: "done" | "refused", text: string): void {
  view.outcome.className = `outcome ${kind}`;
  view.outcome.textContent = text;
}

async function change(intent: "update" | "recover"): Promise<void> {
  const version = view.version.value.trim();
  // The last outcome goes at once, so what shows next is this request's.
  view.outcome.textContent = "";
  const buttons = [...view.form.querySelectorAll("button")];
  for (const button of buttons) button.disabled = true;
  try {
    const result: ApiResult<void> = intent === "update" ? await client.setTargetRelease(version) : await client.finishRecovery(version);
    // The server's message, word for word (an ApiError's message is the body's `message`).
    if (result.error) showOutcome("refused", result.error.message);
    else showOutcome("done", intent === "update" ? `Updating to ${version}.` : `Recovery finished: the target release is ${version}.`);
  } finally {
    for (const button of buttons) button.disabled = false;
  }
  await refresh();
}

view.api.textContent = baseUrl;
view.refresh.addEventListener("click", () => void refresh());
view.version.addEventListener("input", precheck);
view.form.addEventListener("submit", (event) => {
  event.preventDefault();
  const intent = event.submitter instanceof HTMLButtonElement && event.submitter.value === "recover" ? "recover" : "update";
  void change(intent);
});
// Marks the first render, for tests and screenshots.
void refresh().then(() => (document.body.dataset.ready = "true"));
