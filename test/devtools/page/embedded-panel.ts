/**
 * A page of an app on its own origin that mounts the devtools panel against a standalone mock server
 * (`?api=<server URL>`; the server runs with `--cors <this origin>`). Bundled by test/support/bundle.ts.
 */
import { mountDevtools } from "../../../mocks/devtools.js";

mountDevtools(document.body, { baseUrl: new URLSearchParams(location.search).get("api") ?? "", storage: null });
