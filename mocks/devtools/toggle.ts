/**
 * The devtools panel behind a floating button, as TanStack Query Devtools shows itself: one call in an
 * app's dev entry, the panel mounted on first open into a drawer at the bottom of the page.
 */

/** Where and how the panel is mounted once the button first opens it. */
export type MountInto = (drawer: HTMLElement) => { unmount(): void };

export interface DevtoolsToggleOptions {
  /** The button's text (default "Mock rack"). */
  readonly label?: string;
  /** Open the drawer at once. */
  readonly initiallyOpen?: boolean;
}

export interface DevtoolsToggle {
  readonly button: HTMLButtonElement;
  readonly drawer: HTMLElement;
  open(): void;
  close(): void;
  /** Removes the button, the drawer and the panel (its live updates and clock stop). */
  unmount(): void;
}

const BUTTON_STYLE =
  "position:fixed;right:12px;bottom:12px;z-index:2147483647;padding:6px 12px;border-radius:16px;border:1px solid #888;background:#1f2328;color:#fff;font:13px system-ui,sans-serif;cursor:pointer";
const DRAWER_STYLE =
  "position:fixed;left:0;right:0;bottom:0;height:55vh;overflow:auto;z-index:2147483646;background:#fff;border-top:1px solid #888;box-shadow:0 -4px 16px rgba(0,0,0,.2)";

export function mountToggle(mountInto: MountInto, options: DevtoolsToggleOptions = {}): DevtoolsToggle {
  const button = document.createElement("button");
  button.type = "button";
  button.textContent = options.label ?? "Mock rack";
  button.setAttribute("style", BUTTON_STYLE);
  button.setAttribute("aria-expanded", "false");
  button.dataset.systemUpdateDevtoolsToggle = "";
  const drawer = document.createElement("div");
  drawer.setAttribute("style", DRAWER_STYLE);
  drawer.hidden = true;
  let mounted: { unmount(): void } | undefined;
  const open = () => {
    mounted ??= mountInto(drawer);
    drawer.hidden = false;
    button.setAttribute("aria-expanded", "true");
  };
  const close = () => {
    drawer.hidden = true;
    button.setAttribute("aria-expanded", "false");
  };
  button.addEventListener("click", () => (drawer.hidden ? open() : close()));
  document.body.append(drawer, button);
  if (options.initiallyOpen) open();
  return {
    button,
    drawer,
    open,
    close,
    unmount() {
      mounted?.unmount();
      drawer.remove();
      button.remove();
    },
  };
}
