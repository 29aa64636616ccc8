// `xenbot start`: one bot, a port for each transport the config enables (the console when none
// is), and a clean stop on SIGTERM/SIGINT. A transport's code is loaded only when its section is
// present, so an IRC-only bot never loads matrix-bot-sdk. One port failing never stops the others.
import { createBot } from "./app.js";
import type { Config } from "./config.js";
import type { Port } from "./core/transport.js";
import type { Logger } from "./log.js";

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

/** Runs until stopped (or until every port has ended by itself); resolves with the exit code. */
export async function startTransports(config: Config, logger: Logger): Promise<number> {
  const bot = await createBot({ config, logger });
  await bot.warmUp();
  const ports = await configuredPorts(config, logger);
  for (const port of ports) {
    port.start(bot.conversation.inbox(port)).catch((err: unknown) => logger.error({ err, transport: port.name }, "transport failed to start"));
  }
  const endings = ports.map((p) => p.ended);
  const allEnd = endings.every((e) => e !== undefined) ? Promise.all(endings).then(() => "ended") : new Promise<never>(() => {});
  const signalled = new Promise<string>((resolve) => {
    process.once("SIGTERM", () => resolve("SIGTERM"));
    process.once("SIGINT", () => resolve("SIGINT"));
  });
  const why = await Promise.race([signalled, allEnd]);
  if (why !== "ended") {
    logger.info({ signal: why }, "stopping");
    await Promise.allSettled(ports.map((p) => p.stop(`xenbot stopping (${why})`)));
  }
  return 0;
}
