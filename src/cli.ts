#!/usr/bin/env node
// xenbot's command line: start | ask | search | import | check | --version (DESIGN.md §4).
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { createBot } from "./app.js";
import { ConfigError, loadConfigFile, parseConfig, type Config } from "./config.js";
import { terminalText } from "./core/hygiene.js";
import { createLogger, silentLogger } from "./log.js";
import { MaintainersFileError } from "./maintainers/maintainers-file.js";
import { bundledMaintainersSourcePath, bundledPagePath, bundledProjectAreasPath, bundledProvenancePath, bundledTreeListPath, packageRoot, packageVersion } from "./paths.js";
import { runCheck } from "./check.js";
import { runningHolder } from "./state/lock.js";
import { StoreError } from "./store/store-file.js";
import { ConsolePort } from "./transports/console/index.js";

const USAGE = `Usage: xenbot <command> [options]

  start [--config FILE]            run the transports the config enables; with no config,
                                   an interactive console on the bundled project store
  ask "<message>" [--config FILE]  send one message through the bot, print the answer
  search "<query>" [--json] [--limit N]
                                   ranked projects, best first; --json prints
                                   [{id,title,score,rank}]: rank 1 is the best match;
                                   score is a distance, 0 for an exact id or title,
                                   up to 1: lower is better
  import [FILE] [--format text|wikitext|maintainers|auto] [--out FILE] [--dry-run] [--force]
                                   build or refresh the store from the wiki page
                                   (default FILE: the bundled data/sources copy); a cut-off
                                   page, a duplicated project or removing over a quarter of
                                   the projects is refused unless --force
  import-maintainers [FILE] [--tree FILE] [--commit ID --date YYYY-MM-DD]
                     [--out FILE] [--dry-run] [--force]
                                   build or refresh data/maintainers.json from xen.git's
                                   MAINTAINERS (default FILE: data/sources/xen-MAINTAINERS;
                                   --tree: the same commit's git ls-files, by default the
                                   bundled data/sources/xen-tree-files.txt)
  check [--config FILE] [--connect]
                                   validate the config, the store and the maintainers data,
                                   warn about a store or state_dir that cannot be written;
                                   --connect also tries each configured server (exit 1
                                   naming host, port and the cause)
  --version, -V                    print xenbot's version

The config file can also be given with XENBOT_CONFIG. Secrets come from the environment:
XENBOT_IRC_PASSWORD, XENBOT_MATRIX_ACCESS_TOKEN, XENBOT_MATRIX_PASSWORD.`;

class CliUsageError extends Error {}

async function loadConfig(file: string | undefined): Promise<Config> {
  const chosen = file ?? process.env.XENBOT_CONFIG;
  if (chosen) return loadConfigFile(chosen);
  // No config: the bundled store, state beside it, console only.
  return parseConfig({}, { source: "(defaults)", baseDir: packageRoot() });
}

function oneArgument(positionals: string[], what: string): string {
  if (positionals.length !== 1) throw new CliUsageError(`expected one ${what}${positionals.length > 1 ? " (quote it)" : ""}`);
  return positionals[0]!;
}

async function main(argv: string[]): Promise<number> {
  const [command = "start", ...rest] = argv;
  if (command === "--help" || command === "-h" || command === "help") {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (command === "--version" || command === "-V") {
    process.stdout.write(`xenbot ${packageVersion()}\n`);
    return 0;
  }
  switch (command) {
    case "start": {
      const { values } = parseArgs({ args: rest, options: { config: { type: "string" } }, strict: true });
      const config = await loadConfig(values.config);
      // On the console, log lines would interleave with the answers: only warnings there.
      const consoleOnly = !config.irc && !config.matrix;
      const logger = createLogger(process.env.XENBOT_LOG_LEVEL ?? (consoleOnly ? "warn" : config.log_level));
      const configFile = values.config ?? (process.env.XENBOT_CONFIG || undefined);
      // Loaded for the command that needs it only: `ask` and `search` start faster without them.
      const { startTransports } = await import("./runtime.js");
      const code = await startTransports(config, logger, configFile ? { configFile } : {});
      if (consoleOnly) return code;
      // The transports are stopped. matrix-bot-sdk's keep-alive agent can still hold idle
      // sockets to the homeserver that keep the event loop alive until the server drops them
      // (over a minute behind some proxies): exit now rather than make systemd wait and kill.
      logger.info({ code }, "stopped");
      process.exit(code);
    }
    case "ask": {
      const { values, positionals } = parseArgs({ args: rest, options: { config: { type: "string" } }, allowPositionals: true, strict: true });
      const message = oneArgument(positionals, "message");
      const config = await loadConfig(values.config);
      // A bot running on this state_dir serves this store and would write over an edit made
      // here at its next save: `ask` may read it, not change it.
      const running = config.bundledStore ? null : runningHolder(config.state_dir);
      const storeReadOnly = running
        ? `a running xenbot (pid ${running.pid}${running.host === os.hostname() ? "" : ` on host ${running.host}`}, since ${running.startedAt}) holds state_dir ${config.state_dir} and serves this store; it would write over an edit made here. Make the edit in chat as an admin, or stop that bot first`
        : undefined;
      const bot = await createBot({ config, logger: silentLogger(), ...(storeReadOnly ? { storeReadOnly } : {}) });
      const port = new ConsolePort({ prefix: config.prefix, transport: "cli" });
      await port.ask(message, bot.conversation.inbox(port));
      return 0;
    }
    case "search": {
      const { values, positionals } = parseArgs({
        args: rest,
        options: { json: { type: "boolean" }, limit: { type: "string" }, config: { type: "string" } },
        allowPositionals: true,
        strict: true,
      });
      const query = oneArgument(positionals, "query");
      const limit = values.limit === undefined ? 5 : Number(values.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw new CliUsageError("--limit must be a whole number from 1 to 100");
      const bot = await createBot({ config: await loadConfig(values.config), logger: silentLogger() });
      const hits = bot.search.search(query, limit);
      if (values.json) {
        // `score` is a distance (lower is better), as it always was; `rank` says the order outright.
        const rows = hits.map((h, i) => ({ id: h.project.id, title: h.project.title, score: Math.round(h.score * 10_000) / 10_000, rank: i + 1 }));
        process.stdout.write(`${JSON.stringify(rows)}\n`);
      } else if (hits.length === 0) {
        process.stdout.write("no match\n");
      } else {
        for (const h of hits) process.stdout.write(`${h.score.toFixed(3)}  ${h.project.id.padEnd(24)}  ${terminalText(h.project.title)}\n`);
      }
      return 0;
    }
    case "import":
    case "import-maintainers": {
      const { values, positionals } = parseArgs({
        args: rest,
        options: {
          format: { type: "string", default: command === "import" ? "auto" : "maintainers" },
          out: { type: "string" },
          "dry-run": { type: "boolean" },
          force: { type: "boolean" },
          tree: { type: "string" },
          commit: { type: "string" },
          date: { type: "string" },
        },
        allowPositionals: true,
        strict: true,
      });
      const format = values.format;
      if (format !== "text" && format !== "wikitext" && format !== "maintainers" && format !== "auto") throw new CliUsageError("--format must be text, wikitext, maintainers or auto");
      if (command === "import-maintainers" && format !== "maintainers") throw new CliUsageError("import-maintainers reads the maintainers format only");
      const given = positionals.length === 0 ? null : oneArgument(positionals, format === "maintainers" ? "MAINTAINERS file" : "wiki page file");
      const maintainers = format === "maintainers" || (format === "auto" && given !== null && (await looksLikeMaintainers(given)));
      if (maintainers) return importMaintainers(given, values);
      if (values.tree !== undefined || values.commit !== undefined || values.date !== undefined) throw new CliUsageError("--tree, --commit and --date are for the maintainers format");
      // No file: the page copy the repository carries, named as the user would type it.
      const input = given ?? relativeToCwd(bundledPagePath());
      const out = values.out ?? (await loadConfig(undefined)).store;
      const { runImport } = await import("./import/run-import.js");
      const result = await runImport({ input, format, out, dryRun: Boolean(values["dry-run"]), force: Boolean(values.force) });
      process.stdout.write(`${result.summary}\n`);
      return 0;
    }
    case "check": {
      const { values } = parseArgs({ args: rest, options: { config: { type: "string" }, connect: { type: "boolean" } }, strict: true });
      const report = await runCheck(await loadConfig(values.config), { connect: Boolean(values.connect), timeoutMs: Number(process.env.XENBOT_CONNECT_TIMEOUT_MS) || undefined });
      for (const line of report.ok) process.stdout.write(`${line}\n`);
      for (const line of report.problems) process.stderr.write(`${line}\n`);
      return report.code;
    }
    default:
      throw new CliUsageError(`unknown command "${command}"`);
  }
}

/** A path as the user would type it from here, for messages and `source.file`. */
function relativeToCwd(file: string): string {
  return path.relative(process.cwd(), file) || file;
}

/** xen.git's MAINTAINERS ends with THE REST's "V: xen-maintainers-<n>"; no wiki page has that line. */
async function looksLikeMaintainers(file: string): Promise<boolean> {
  try {
    return /^V:\s*xen-maintainers-/m.test(await fs.readFile(file, "utf8"));
  } catch {
    return false; // the importer reports the unreadable file
  }
}

interface MaintainersFlags {
  out?: string;
  "dry-run"?: boolean;
  force?: boolean;
  tree?: string;
  commit?: string;
  date?: string;
}

async function importMaintainers(given: string | null, values: MaintainersFlags): Promise<number> {
  const { runMaintainersImport } = await import("./import/run-maintainers-import.js");
  const result = await runMaintainersImport({
    input: given ?? relativeToCwd(bundledMaintainersSourcePath()),
    tree: values.tree ?? relativeToCwd(bundledTreeListPath()),
    out: values.out ?? (await loadConfig(undefined)).maintainers,
    dryRun: Boolean(values["dry-run"]),
    force: Boolean(values.force),
    commit: values.commit,
    date: values.date,
    provenance: bundledProvenancePath(),
    projectAreas: bundledProjectAreasPath(),
  });
  process.stdout.write(`${result.summary}\n`);
  if (given !== null && values.tree === undefined && path.resolve(given) !== bundledMaintainersSourcePath()) {
    // Directory patterns ("F: tools/golang") are read against the tree's file list: another
    // commit's MAINTAINERS deserves that commit's list.
    process.stdout.write(`Note: no --tree given: ${given} was read against the bundled file list (data/sources/xen-tree-files.txt); for another commit give its \`git ls-files\` with --tree.\n`);
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof CliUsageError || (err as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      process.stderr.write(`xenbot: ${(err as Error).message}\n\n${USAGE}\n`);
      process.exitCode = 2;
    } else if (err instanceof StoreError || err instanceof ConfigError || err instanceof MaintainersFileError || ["ImportError", "StateDirLocked", "HttpListenError"].includes((err as Error).name)) {
      process.stderr.write(`xenbot: ${(err as Error).message}\n`);
      process.exitCode = 1;
    } else {
      process.stderr.write(`xenbot: unexpected error: ${(err as Error).stack ?? String(err)}\n`);
      process.exitCode = 1;
    }
  },
);
