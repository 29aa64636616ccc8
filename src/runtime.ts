// `xenbot start`: one bot, the transports the config enables, and a clean stop on
// SIGTERM/SIGINT. One transport failing never stops the others.
import { createBot, type Bot } from "./app.js";
import type { Config } from "./config.js";
import type { Transport } from "./core/transport.js";
import type { Logger } from "./log.js";
import { ConsoleTransport } from "./transports/console/console-transport.js";
import { IrcTransport } from "./transports/irc/irc-transport.js";
import { MatrixTransport } from "./transports/matrix/matrix-transport.js";

function networkTransports(config: Config, bot: Bot, logger: Logger): Transport[] {
  const transports: Transport[] = [];
  if (config.irc) transports.push(new IrcTransport({ config: config.irc, handle: bot.handle, greet: bot.greet, logger, prefix: config.prefix }));
  if (config.matrix) {
    transports.push(new MatrixTransport({ config: config.matrix, handle: bot.handle, greet: bot.greet, logger, stateDir: config.state_dir, prefix: config.prefix }));
  }
  return transports;
}

/** Runs until stopped; resolves with the process exit code. */
export async function startTransports(config: Config, logger: Logger): Promise<number> {
  const bot = await createBot({ config, logger });
  if (!config.irc && !config.matrix) {
    const console = new ConsoleTransport({ handle: bot.handle, prefix: config.prefix });
    await console.start();
    await console.whenClosed();
    return 0;
  }

  const transports = networkTransports(config, bot, logger);
  if (transports.length === 0) return 1;
  for (const t of transports) {
    t.start().catch((err: unknown) => logger.error({ err, transport: t.name }, "transport failed to start"));
  }
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      logger.info({ signal }, "stopping");
      void Promise.allSettled(transports.map((t) => t.stop(`xenbot stopping (${signal})`))).then(() => resolve());
    };
    process.once("SIGTERM", () => stop("SIGTERM"));
    process.once("SIGINT", () => stop("SIGINT"));
  });
  return 0;
}
