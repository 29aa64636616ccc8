// The irc-framework client type, in a module of its own so the connection's helpers (channels,
// nick, membership, safe events) can name it without importing the connection; and how a client
// is thrown away so that nothing of it (listeners, timers, its socket) outlives it.
import type ircFramework from "irc-framework";
import type { Logger } from "../../log.js";

export type Client = InstanceType<typeof ircFramework.Client>;

export function disposeClient(client: Client, logger: Logger): void {
  try {
    client.removeAllListeners();
    client.connection.clearTimers();
    const transport = client.connection.transport;
    if (transport) {
      transport.removeAllListeners();
      transport.disposeSocket();
    }
    client.connection.removeAllListeners();
  } catch (err) {
    logger.debug({ err, transport: "irc" }, "irc: error disposing a client");
  }
}
