// `xenbot start`: the state_dir lock (one bot per state directory), one bot, a port for each
// transport the config enables (the console when none is), a reload on SIGHUP and a clean stop
// on SIGTERM/SIGINT.
// A transport's code is loaded only when its section is present, so an IRC-only bot never loads
// matrix-bot-sdk. One port failing never stops the others.
import { createBot, type Bot } from "./app.js";
import type { Config } from "./config.js";
import type { Port } from "./core/transport.js";
import type { Logger } from "./log.js";
import type { Ops } from "./ops/index.js";
import { reloadFromFile } from "./reload.js";
import { watchSignals, type Signals } from "./signals.js";
import { acquireStateLock } from "./state/lock.js";
import { readStoreFile } from "./store/store-file.js";

/** The ports the config asks for, each loaded on demand. */
export async function configuredPorts(config: Config, logger: Logger): Promise<Port[]> {
  const ports: Port[] = [];
  if (config.irc) {
    const { IrcPort } = await import("./transports/irc/index.js");
    ports.push(new IrcPort({ config: config.irc, logger }));
  }
  if (config.matrix) {
    const { MatrixPort } = await import("./transports/matrix/index.js");
    ports.push(new MatrixPort({ config: config.matrix, logger, stateDir: config.state_dir, prefix: config.prefix }));
  }
  if (ports.length === 0) {
    const { ConsolePort } = await import("./transports/console/index.js");
    ports.push(new ConsolePort({ prefix: config.prefix }));
  }
  return ports;
}

export interface StartOptions {
  /** The config file, re-read on SIGHUP; none: SIGHUP reloads the store only. */
  configFile?: string;
}

/**
 * Runs until stopped (or until every port has ended by itself); resolves with the exit code.
 * Throws StateDirLocked, before anything starts, when another bot holds the state directory.
 */
export async function startTransports(config: Config, logger: Logger, opts: StartOptions = {}): Promise<number> {
  const signals = watchSignals(logger);
  try {
    // A broken store stops the start before the lock makes anything in state_dir.
    await readStoreFile(config.store);
    const lock = await acquireStateLock(config.state_dir, logger);
    try {
      return await run(config, logger, signals, opts);
    } finally {
      await lock.release();
    }
  } finally {
    signals.dispose();
  }
}

async function run(config: Config, logger: Logger, signals: Signals, opts: StartOptions): Promise<number> {
  // Health and metrics only when asked for: a bot without `http:` never loads prom-client.
  const ops = config.http ? await (await import("./ops/index.js")).startOps(config.http, logger) : null;
  try {
    return await serve(config, logger, signals, opts, ops);
  } finally {
    await ops?.stop();
  }
}

async function serve(config: Config, logger: Logger, signals: Signals, opts: StartOptions, ops: Ops | null): Promise<number> {
  const bot = await createBot({ config, logger, ...(ops ? { metrics: ops.metrics } : {}) });
  await bot.warmUp();
  const ports = await configuredPorts(config, logger);
  ops?.watch(ports);
  for (const port of ports) {
    port.start(bot.conversation.inbox(port)).catch((err: unknown) => logger.error({ err, transport: port.name }, "transport failed to start"));
  }
  signals.onReload(async () => {
    if (opts.configFile) await reloadFromFile(bot, opts.configFile, logger);
    else await reloadStoreOnly(bot, logger);
  });
  const endings = ports.map((p) => p.ended);
  const allEnd = endings.every((e) => e !== undefined) ? Promise.all(endings).then(() => "ended" as const) : new Promise<never>(() => {});
  const why = await Promise.race([signals.stopped, allEnd]);
  if (why !== "ended") {
    logger.info({ signal: why }, "stopping");
    await Promise.allSettled(ports.map((p) => p.stop(`xenbot stopping (${why})`)));
  }
  return 0;
}

/** A bot started without a config file: SIGHUP re-reads the store. */
async function reloadStoreOnly(bot: Bot, logger: Logger): Promise<void> {
  try {
    await bot.store.reload();
    logger.info({ store: bot.config.store, projects: bot.store.projects({ includeArchived: true }).length, applied: [] }, "reloaded the store (no config file to re-read)");
  } catch (err) {
    logger.error({ file: bot.config.store, reason: (err as Error).message }, "reload refused: the store is invalid; still running with the old store");
  }
}
