#!/usr/bin/env node
// xenbot's command line: start | ask | search | import | check (DESIGN.md §4).
import path from "node:path";
import { parseArgs } from "node:util";
import { createBot } from "./app.js";
import { ConfigError, loadConfigFile, parseConfig, type Config } from "./config.js";
import { createLogger, silentLogger } from "./log.js";
import { bundledPagePath, packageRoot } from "./paths.js";
import { StoreError } from "./store/store-file.js";
import { ConsolePort } from "./transports/console/index.js";

const USAGE = `Usage: xenbot <command> [options]

  start [--config FILE]            run the transports the config enables; with no config,
                                   an interactive console on the bundled project store
  ask "<message>" [--config FILE]  send one message through the bot, print the answer
  search "<query>" [--json] [--limit N]
                                   ranked projects; --json prints [{id,title,score}]
  import [FILE] [--format text|wikitext|auto] [--out FILE] [--dry-run]
                                   build or refresh the store from the wiki page
                                   (default FILE: the bundled data/sources copy)
  check [--config FILE]            validate the config and the store

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
  switch (command) {
    case "start": {
      const { values } = parseArgs({ args: rest, options: { config: { type: "string" } }, strict: true });
      const config = await loadConfig(values.config);
      // On the console, log lines would interleave with the answers: only warnings there.
      const consoleOnly = !config.irc && !config.matrix;
      const logger = createLogger(process.env.XENBOT_LOG_LEVEL ?? (consoleOnly ? "warn" : config.log_level));
      // Loaded for the command that needs it only: `ask` and `search` start faster without them.
      const { startTransports } = await import("./runtime.js");
      const code = await startTransports(config, logger);
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
      const bot = await createBot({ config, logger: silentLogger() });
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
        const rows = hits.map((h) => ({ id: h.project.id, title: h.project.title, score: Math.round(h.score * 10_000) / 10_000 }));
        process.stdout.write(`${JSON.stringify(rows)}\n`);
      } else if (hits.length === 0) {
        process.stdout.write("no match\n");
      } else {
        for (const h of hits) process.stdout.write(`${h.score.toFixed(3)}  ${h.project.id.padEnd(24)}  ${h.project.title}\n`);
      }
      return 0;
    }
    case "import": {
      const { values, positionals } = parseArgs({
        args: rest,
        options: { format: { type: "string", default: "auto" }, out: { type: "string" }, "dry-run": { type: "boolean" } },
        allowPositionals: true,
        strict: true,
      });
      // No file: the page copy the repository carries, named as the user would type it.
      const input = positionals.length === 0 ? path.relative(process.cwd(), bundledPagePath()) || bundledPagePath() : oneArgument(positionals, "wiki page file");
      const format = values.format;
      if (format !== "text" && format !== "wikitext" && format !== "auto") throw new CliUsageError("--format must be text, wikitext or auto");
      const out = values.out ?? (await loadConfig(undefined)).store;
      const { runImport } = await import("./import/run-import.js");
      const result = await runImport({ input, format, out, dryRun: Boolean(values["dry-run"]) });
      process.stdout.write(`${result.summary}\n`);
      return 0;
    }
    case "check": {
      const { values } = parseArgs({ args: rest, options: { config: { type: "string" } }, strict: true });
      const config = await loadConfig(values.config);
      const bot = await createBot({ config, logger: silentLogger() });
      const transports = [config.irc ? `IRC ${config.irc.host}:${config.irc.port}` : null, config.matrix ? `Matrix ${config.matrix.homeserver}` : null].filter(Boolean);
      process.stdout.write(
        `config ok; store ${config.store}: ${bot.store.projects({ includeArchived: true }).length} projects, ${bot.store.people().length} people; ` +
          `${bot.registry.commands().length} commands; transports: ${transports.length ? transports.join(", ") : "console only"}\n`,
      );
      return 0;
    }
    default:
      throw new CliUsageError(`unknown command "${command}"`);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof CliUsageError || (err as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      process.stderr.write(`xenbot: ${(err as Error).message}\n\n${USAGE}\n`);
      process.exitCode = 2;
    } else if (err instanceof StoreError || err instanceof ConfigError || (err as Error).name === "ImportError") {
      process.stderr.write(`xenbot: ${(err as Error).message}\n`);
      process.exitCode = 1;
    } else {
      process.stderr.write(`xenbot: unexpected error: ${(err as Error).stack ?? String(err)}\n`);
      process.exitCode = 1;
    }
  },
);
