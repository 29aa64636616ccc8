// A pino logger that keeps its records in memory, so tests observe the bot the way an operator
// does: through its log lines (set XENBOT_TEST_LOG=1 to see them). The transports have no test
// hooks; "joined a channel", "connected", "greeted" are all log lines.
import { EventEmitter } from "node:events";
import { pino } from "pino";
import type { Logger } from "../../src/log.js";

export type LogRecord = Record<string, unknown> & { msg?: string; level?: number };

/** Keep the last this many records (a long test must not grow without bound). */
const MAX_RECORDS = 50_000;

export interface LogCapture {
  logger: Logger;
  records: LogRecord[];
  /** The first record (already written or still to come) whose message contains `text`. */
  waitForLog(text: string, timeoutMs?: number): Promise<LogRecord>;
  /** The next record written from now on with exactly this message (or one of these) that passes `pred`. */
  waitForNext(msg: string | string[], pred?: (r: LogRecord) => boolean, timeoutMs?: number): Promise<LogRecord>;
  /** Records with exactly this message (and passing `pred`) so far. */
  count(msg: string, pred?: (r: LogRecord) => boolean): number;
}

export function captureLogs(level = "debug"): LogCapture {
  const records: LogRecord[] = [];
  const added = new EventEmitter();
  added.setMaxListeners(1000);
  const echo = process.env.XENBOT_TEST_LOG === "1";
  const logger = pino(
    { level, base: { app: "xenbot-test" } },
    {
      write(line: string) {
        const record = JSON.parse(line) as LogRecord;
        records.push(record);
        if (records.length > MAX_RECORDS) records.splice(0, records.length - MAX_RECORDS);
        added.emit("record", record);
        if (echo) process.stderr.write(line);
      },
    },
  );
  const waitFor = (matches: (r: LogRecord) => boolean, past: boolean, what: string, timeoutMs: number) =>
    new Promise<LogRecord>((resolve, reject) => {
      const found = past ? records.find(matches) : undefined;
      if (found) return resolve(found);
      const timer = setTimeout(() => {
        added.off("record", on);
        reject(new Error(`no log line ${what} within ${timeoutMs} ms`));
      }, timeoutMs);
      const on = (r: LogRecord) => {
        if (!matches(r)) return;
        clearTimeout(timer);
        added.off("record", on);
        resolve(r);
      };
      added.on("record", on);
    });
  return {
    logger,
    records,
    waitForLog: (text, timeoutMs = 10_000) => waitFor((r) => typeof r.msg === "string" && r.msg.includes(text), true, `with "${text}"`, timeoutMs),
    waitForNext: (msg, pred = () => true, timeoutMs = 20_000) => {
      const msgs = Array.isArray(msg) ? msg : [msg];
      return waitFor((r) => msgs.includes(String(r.msg)) && pred(r), false, msgs.map((m) => `"${m}"`).join(" or "), timeoutMs);
    },
    count: (msg, pred = () => true) => records.filter((r) => r.msg === msg && pred(r)).length,
  };
}
