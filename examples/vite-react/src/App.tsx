/** The app: the rack's update status from the API under /api, read again whenever the mock changes. */
import { useEffect, useState } from "react";
import { createClient } from "system-update";

/** Calls `listener` after each change of the mock rack; returns the unsubscribe. */
export type MockChanges = (listener: () => void) => () => void;

// Relative: resolved against the page, so it is /api on whatever origin serves the app.
const client = createClient({ baseUrl: "/api" });

export function App({ mockChanges }: { readonly mockChanges: MockChanges | undefined }) {
  const [text, setText] = useState("loading");
  useEffect(() => {
    let latest = 0;
    const load = () => {
      const call = ++latest;
      void client.getStatus().then(({ data, error }) => {
        if (call !== latest) return;
        setText(error ? `error: ${error.message}` : JSON.stringify(data.components_by_release_version));
      });
    };
    load();
    return mockChanges?.(load);
  }, [mockChanges]);
  return (
    <main>
      <h1>System update</h1>
      <p>
        Components by release version: <output data-testid="components">{text}</output>
      </p>
    </main>
  );
}
