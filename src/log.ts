// Structured logs (pino) to stderr, so stdout stays free for `xenbot ask` and the console.
// Written asynchronously: a synchronous write to a journal pipe that is slow for a moment would
// stall every answer behind it (the one "command handled" line per command is on that path).
// pino flushes what is still buffered when the process exits.
import { pino, type Logger } from "pino";

export type { Logger };

export function createLogger(level: string = process.env.XENBOT_LOG_LEVEL ?? "info"): Logger {
  return pino({ level, base: { app: "xenbot" } }, pino.destination({ fd: 2, sync: false }));
}

/** For tests and `xenbot ask`: a logger that writes nothing. */
export function silentLogger(): Logger {
  return pino({ level: "silent" });
}
