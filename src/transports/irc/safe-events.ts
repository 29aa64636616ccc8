// irc-framework calls our handlers from its socket code: an exception there is not caught and
// kills the process, and a replaced client's late events must not touch the new connection.
// safeEvents() gives a way to listen that ignores stale clients and logs instead of throwing.
import type { Logger } from "../../log.js";
import type { Client } from "./client.js";

export type On = (event: string, fn: (...args: any[]) => void) => void;

export function safeEvents(client: Client, opts: { isCurrent: () => boolean; logger: Logger; onHandlerError: () => void }): On {
  // An exception in irc-framework's own line handling (odd server input) must not kill us.
  const dispatch = client.command_handler.dispatch.bind(client.command_handler);
  client.command_handler.dispatch = (message: unknown) => {
    try {
      dispatch(message);
    } catch (err) {
      opts.logger.error({ err, transport: "irc" }, "irc: error while handling a server line");
    }
  };
  return (event, fn) => {
    client.on(event, (...args: unknown[]) => {
      if (!opts.isCurrent()) return;
      try {
        fn(...args);
      } catch (err) {
        opts.onHandlerError();
        opts.logger.error({ err, transport: "irc", event }, "irc: event handler failed");
      }
    });
  };
}
