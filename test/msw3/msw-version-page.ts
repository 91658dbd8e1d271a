/** A page script that only tells which msw a page bundle gets (for the msw 3 stage's own check). */
import mswPackage from "msw/package.json" with { type: "json" };

(globalThis as { bundledMswVersion?: string }).bundledMswVersion = mswPackage.version;
