// Lint for the whole repository (`npm run lint`): typescript-eslint's recommended rules, no import cycles,
// type-only imports marked as such. The layers (what may import what, cycles through type-only imports
// included) are dependency-cruiser's: scripts/layers/rules.ts. Formatting is prettier's job (`npm run format:check`).
import { createTypeScriptImportResolver } from "eslint-import-resolver-typescript";
import importX from "eslint-plugin-import-x";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/", "generated/", "node_modules/", ".tmp/", "examples/**/dist/"] },
  ...tseslint.configs.recommended,
  {
    plugins: { "import-x": importX },
    settings: {
      ...importX.flatConfigs.typescript.settings,
      "import-x/resolver-next": [createTypeScriptImportResolver({ project: "tsconfig.json" })],
    },
    rules: {
      "import-x/no-cycle": "error",
      "import-x/no-self-import": "error",
      "import-x/no-duplicates": "error",
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      eqeqeq: ["error", "always"],
      "no-console": ["error", { allow: ["error", "warn"] }],
    },
  },
  {
    // The client, the rules and the mock core run in browsers too (MSW's worker): no Node built-ins.
    files: [
      "src/client/**",
      "src/rules/**",
      "src/shared/**",
      "mocks/core/**",
      "mocks/msw.ts",
      "mocks/core-fetch.ts",
      "mocks/cors.ts",
      "mocks/control-client.ts",
      "mocks/index.ts",
      "mocks/devtools.ts",
      "mocks/devtools/**",
    ],
    rules: { "no-restricted-imports": ["error", { patterns: [{ group: ["node:*"], message: "browser code: no Node built-ins" }] }] },
  },
  {
    // Scripts, benchmarks and tests print their findings.
    files: ["scripts/**", "bench/**", "test/**", "bin/**"],
    rules: { "no-console": "off" },
  },
);
