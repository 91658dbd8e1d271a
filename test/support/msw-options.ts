/**
 * MSW options shared by the Node suites and the browser pages, written for msw 2 and msw 3 at once (the
 * msw 3 stage, vitest.msw3.config.ts): msw 3 renamed `onUnhandledRequest` to `onUnhandledFrame`, and each
 * version ignores the other's key.
 */
export const ERROR_ON_UNHANDLED = { onUnhandledRequest: "error", onUnhandledFrame: "error" } as const;
