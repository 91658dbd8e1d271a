// `npm run generate`: rewrite generated/ from the spec documents listed in spec/manifest.json.
import { mkdir, readdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { generateAll, repoRoot } from "./generate-lib.js";

const files = await generateAll();
const outDir = path.join(repoRoot, "generated");
await mkdir(outDir, { recursive: true });

// Remove files no version produces any more, so generated/ holds exactly the output.
for (const name of await readdir(outDir)) {
  if (!files.has(`generated/${name}`)) {
    await rm(path.join(outDir, name), { recursive: true });
    console.log(`removed generated/${name}`);
  }
}
for (const [file, contents] of files) {
  await writeFile(path.join(repoRoot, file), contents);
  console.log(`wrote ${file}`);
}
