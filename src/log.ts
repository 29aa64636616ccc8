// Structured logs (pino) to stderr, so stdout stays free for `xenbot ask` and the console.
import { pino, type Logger } from "pino";

export type { Logger };

export function createLogger(level: string = process.env.XENBOT_LOG_LEVEL ?? "info"): Logger {
  return pino({ level, base: { app: "xenbot" } }, pino.destination({ fd: 2, sync: true }));
}

/** For tests and `xenbot ask`: a logger that writes nothing. */
export function silentLogger(): Logger {
  return pino({ level: "silent" });
}
