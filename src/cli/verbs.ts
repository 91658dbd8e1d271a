/** The client commands, with the verbs of the Oxide CLI's `system update` commands (one entry each). */
import { basename } from "node:path";
import { parseJsonBytes } from "../shared/json.js";
import { EXIT_FAILURE, EXIT_OK, UsageError } from "./args.js";
import {
  SORT_MODES,
  collectPages,
  failed,
  limitOf,
  operand,
  printJson,
  readInput,
  systemVersion,
  table,
  type Command,
} from "./command-support.js";

export const COMMANDS: readonly Command[] = [
  {
    words: ["target-release", "update"],
    operation: "target_release_update",
    usage: "target-release update --system-version <v>",
    summary: "start an update to release <v>",
    flags: ["system-version"],
    operands: 0,
    async run(ctx) {
      const version = systemVersion(ctx, false);
      const result = await ctx.client.setTargetRelease(version);
      const code = failed(ctx, result);
      if (code !== undefined) return code;
      if (!ctx.flags.json) ctx.io.stdout(`target release set to ${version}\n`);
      return EXIT_OK;
    },
  },
  {
    words: ["recovery-finish"],
    operation: "system_update_recovery_finish",
    usage: "recovery-finish --system-version <v>",
    summary: "clear a support-driven recovery (mupdate) to <v>",
    flags: ["system-version"],
    operands: 0,
    async run(ctx) {
      const version = systemVersion(ctx, false);
      const result = await ctx.client.finishRecovery(version);
      const code = failed(ctx, result);
      if (code !== undefined) return code;
      if (!ctx.flags.json) ctx.io.stdout(`recovery finished: target release set to ${version}\n`);
      return EXIT_OK;
    },
  },
  {
    words: ["status"],
    operation: "system_update_status",
    usage: "status",
    summary: "the update status",
    flags: [],
    operands: 0,
    async run(ctx) {
      const result = await ctx.client.getStatus();
      const code = failed(ctx, result);
      if (code !== undefined || !result.data) return code ?? EXIT_FAILURE;
      const status = result.data;
      if (ctx.flags.json) {
        printJson(ctx.io, status);
        return EXIT_OK;
      }
      const yesNo = (value: boolean) => (value ? "yes" : "no");
      const rows: string[][] = [
        [
          "target release",
          status.target_release
            ? `${status.target_release.version} (requested ${status.target_release.time_requested})`
            : "none (never set)",
        ],
        ["suspended", yesNo(status.suspended)],
      ];
      // Absent before API 2026052000.0.0.
      if (typeof status.contact_support === "boolean") rows.push(["contact support", yesNo(status.contact_support)]);
      rows.push(["last step planned", status.time_last_step_planned]);
      const counts = Object.entries(status.components_by_release_version);
      const components = counts.length === 0 ? "  (none)\n" : table(counts.map(([label, count]) => [`  ${label}`, String(count)]));
      ctx.io.stdout(`${table(rows)}components by release version:\n${components}`);
      return EXIT_OK;
    },
  },
  {
    words: ["repositories", "list"],
    operation: "system_update_repository_list",
    usage: "repositories list [--limit <n>] [--sort-by <order>]",
    summary: "the uploaded repositories (<order>: version_ascending or version_descending)",
    flags: ["limit", "sort-by"],
    operands: 0,
    async run(ctx) {
      const limit = limitOf(ctx);
      const sortBy = ctx.flags["sort-by"];
      const mode = sortBy === undefined ? undefined : SORT_MODES.find((known) => known === sortBy);
      if (sortBy !== undefined && mode === undefined)
        throw new UsageError(`--sort-by must be one of ${SORT_MODES.join(", ")}, got "${sortBy}"`);
      const items = await collectPages(
        ctx,
        ctx.client.repositoryPages({ ...(limit !== undefined && { limit }), ...(mode !== undefined && { sortBy: mode }) }),
      );
      if (typeof items === "number") return items;
      if (ctx.flags.json) printJson(ctx.io, items);
      else if (items.length === 0) ctx.io.stdout("no repositories\n");
      else
        ctx.io.stdout(
          table([
            ["SYSTEM VERSION", "FILE NAME", "CREATED", "SHA-256"],
            ...items.map((r) => [r.system_version, r.file_name, r.time_created, r.hash]),
          ]),
        );
      return EXIT_OK;
    },
  },
  {
    words: ["repositories", "view"],
    operation: "system_update_repository_view",
    usage: "repositories view <system-version>",
    summary: "one uploaded repository",
    flags: ["system-version"],
    operands: 1,
    async run(ctx) {
      const result = await ctx.client.viewRepository(systemVersion(ctx, true));
      const code = failed(ctx, result);
      if (code !== undefined || !result.data) return code ?? EXIT_FAILURE;
      const repo = result.data;
      if (ctx.flags.json) printJson(ctx.io, repo);
      else
        ctx.io.stdout(
          table([
            ["system version", repo.system_version],
            ["file name", repo.file_name],
            ["created", repo.time_created],
            ["sha-256", repo.hash],
          ]),
        );
      return EXIT_OK;
    },
  },
  {
    words: ["repositories", "upload"],
    operation: "system_update_repository_upload",
    usage: "repositories upload <file.zip>",
    summary: "upload a TUF repository archive (make one: repositories build)",
    flags: ["path"],
    operands: 1,
    async run(ctx) {
      const file = ctx.flags.path ?? ctx.operands[0];
      if (file === undefined) throw new UsageError("give the archive to upload: repositories upload <file.zip>");
      if (ctx.flags.path !== undefined && ctx.operands.length > 0)
        throw new UsageError("give the archive once: as --path or as an argument");
      const result = await ctx.client.uploadRepository(basename(file), await readInput(file));
      const code = failed(ctx, result);
      if (code !== undefined || !result.data) return code ?? EXIT_FAILURE;
      const { repo, status } = result.data;
      if (ctx.flags.json) printJson(ctx.io, result.data);
      else
        ctx.io.stdout(
          `${status === "inserted" ? "uploaded" : "already uploaded"}: ${repo.system_version} (${repo.file_name}, sha-256 ${repo.hash})\n`,
        );
      return EXIT_OK;
    },
  },
  {
    words: ["trust-roots", "list"],
    operation: "system_update_trust_root_list",
    usage: "trust-roots list [--limit <n>]",
    summary: "the TUF trust roots repositories are checked against",
    flags: ["limit"],
    operands: 0,
    async run(ctx) {
      const limit = limitOf(ctx);
      const items = await collectPages(ctx, ctx.client.trustRootPages(limit === undefined ? {} : { limit }));
      if (typeof items === "number") return items;
      if (ctx.flags.json) printJson(ctx.io, items);
      else if (items.length === 0) ctx.io.stdout("no trust roots\n");
      else ctx.io.stdout(table([["ID", "CREATED"], ...items.map((root) => [root.id, root.time_created])]));
      return EXIT_OK;
    },
  },
  {
    words: ["trust-roots", "view"],
    operation: "system_update_trust_root_view",
    usage: "trust-roots view <id>",
    summary: "one trust root",
    flags: [],
    operands: 1,
    async run(ctx) {
      const result = await ctx.client.viewTrustRoot(operand(ctx, "id"));
      const code = failed(ctx, result);
      if (code !== undefined || !result.data) return code ?? EXIT_FAILURE;
      const root = result.data;
      if (ctx.flags.json) printJson(ctx.io, root);
      else
        ctx.io.stdout(
          `${table([
            ["id", root.id],
            ["created", root.time_created],
          ])}root role:\n${JSON.stringify(root.root_role, null, 2)}\n`,
        );
      return EXIT_OK;
    },
  },
  {
    words: ["trust-roots", "create"],
    operation: "system_update_trust_root_create",
    usage: "trust-roots create <root.json>",
    summary: "add a trust root, a TUF root role document (make one: trust-roots generate)",
    flags: [],
    operands: 1,
    async run(ctx) {
      const file = operand(ctx, "root.json");
      const parsed = parseJsonBytes(await readInput(file));
      if (!parsed.ok) throw new UsageError(`${file} is not JSON: ${parsed.message}`);
      const result = await ctx.client.createTrustRoot(parsed.value);
      const code = failed(ctx, result);
      if (code !== undefined || !result.data) return code ?? EXIT_FAILURE;
      if (ctx.flags.json) printJson(ctx.io, result.data);
      else ctx.io.stdout(`created trust root ${result.data.id}\n`);
      return EXIT_OK;
    },
  },
  {
    words: ["trust-roots", "delete"],
    operation: "system_update_trust_root_delete",
    usage: "trust-roots delete <id>",
    summary: "remove a trust root",
    flags: [],
    operands: 1,
    async run(ctx) {
      const id = operand(ctx, "id");
      const code = failed(ctx, await ctx.client.deleteTrustRoot(id));
      if (code !== undefined) return code;
      if (!ctx.flags.json) ctx.io.stdout(`deleted trust root ${id}\n`);
      return EXIT_OK;
    },
  },
];
