/**
 * The app's entry. In dev (and unless `MOCK=server` proxies /api to a standalone mock) the mock starts
 * first, in the page; `import.meta.env.DEV` is false in a production build, so Vite drops the branch and
 * the dynamic import with it: no mock code in the bundle.
 */
import { createRoot } from "react-dom/client";
import { App, type MockChanges } from "./App.js";

async function startMockInDev(): Promise<MockChanges | undefined> {
  if (!import.meta.env.DEV || import.meta.env.VITE_MOCK === "server") return undefined;
  const { startMock } = await import("./mock.js");
  return startMock();
}

void startMockInDev().then((changes) => {
  createRoot(document.getElementById("root")!).render(<App mockChanges={changes} />);
});
