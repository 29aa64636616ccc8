// Starting the Matrix transport against the test homeserver: with the real bot (createBot over a
// store file, config through parseConfig) or with a MessageHandler a test writes, and a logger
// whose lines a test can read.
import { EventEmitter } from "node:events";
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pino } from "pino";
import { createBot } from "../../src/app.js";
import { parseConfig, type Config } from "../../src/config.js";
import type { MessageHandler } from "../../src/core/transport.js";
import type { Logger } from "../../src/log.js";
import { MatrixTransport } from "../../src/transports/matrix/matrix-transport.js";
import { TestHomeserver, type TestUser } from "./matrix-homeserver.js";

export const REPO_ROOT = path.resolve(import.meta.dirname, "../..");
export const REAL_STORE = path.join(REPO_ROOT, "data/projects.json");

export type LogRecord = Record<string, unknown> & { msg?: string; level?: number };

/** A pino logger that keeps its records in memory (and prints them when XENBOT_TEST_LOG=1). */
export function captureLogger(level = "debug"): { logger: Logger; records: LogRecord[]; waitForLog: (text: string, timeoutMs?: number) => Promise<LogRecord> } {
  const records: LogRecord[] = [];
  const added = new EventEmitter();
  const echo = process.env.XENBOT_TEST_LOG === "1";
  const logger = pino(
    { level, base: { app: "xenbot-test" } },
    {
      write(line: string) {
        const record = JSON.parse(line) as LogRecord;
        records.push(record);
        added.emit("record", record);
        if (echo) process.stderr.write(line);
      },
    },
  );
  const matches = (text: string) => (r: LogRecord) => typeof r.msg === "string" && r.msg.includes(text);
  const waitForLog = (text: string, timeoutMs = 10_000) =>
    new Promise<LogRecord>((resolve, reject) => {
      const found = records.find(matches(text));
      if (found) return resolve(found);
      const timer = setTimeout(() => {
        added.off("record", on);
        reject(new Error(`no log line with "${text}" within ${timeoutMs} ms`));
      }, timeoutMs);
      const on = (r: LogRecord) => {
        if (!matches(text)(r)) return;
        clearTimeout(timer);
        added.off("record", on);
        resolve(r);
      };
      added.on("record", on);
    });
  return { logger, records, waitForLog };
}

export async function tempStateDir(): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), "xenbot-matrix-"));
}

export interface MatrixBotOptions {
  /** The bot's account on the homeserver (register it once per homeserver). */
  user: TestUser;
  /** Keep state across restarts by passing the same directory. */
  stateDir?: string;
  /** A handler instead of the real bot. */
  handle?: MessageHandler;
  /** Store file for the real bot (default data/projects.json). */
  store?: string;
  /** Extra keys for the matrix config section. */
  matrix?: Record<string, unknown>;
  /** Extra top-level config keys. */
  config?: Record<string, unknown>;
  /** Leave out the access token (for password-login tests). */
  noToken?: boolean;
  stopFlushMs?: number;
}

export interface MatrixBot {
  transport: MatrixTransport;
  config: Config;
  stateDir: string;
  records: LogRecord[];
  stop(): Promise<void>;
  /** Log records whose message contains `text`. */
  logs(text: string): LogRecord[];
  /** Resolves with the first log record (already written or still to come) whose message contains `text`. */
  waitForLog(text: string, timeoutMs?: number): Promise<LogRecord>;
}

/** Fast retries so outage tests take seconds, not minutes. */
export const FAST_RECONNECT = { min_delay_ms: 100, max_delay_ms: 1_000 };

export async function startMatrixBot(hs: TestHomeserver, opts: MatrixBotOptions): Promise<MatrixBot> {
  const stateDir = opts.stateDir ?? (await tempStateDir());
  const raw = {
    store: opts.store ?? REAL_STORE,
    state_dir: stateDir,
    rate_limit: { burst: 1000, interval_ms: 1 },
    ...opts.config,
    matrix: {
      homeserver: hs.url,
      user_id: opts.user.userId,
      ...(opts.noToken ? {} : { access_token: opts.user.accessToken }),
      reconnect: FAST_RECONNECT,
      sync_timeout_ms: 10_000,
      ...opts.matrix,
    },
  };
  const config = parseConfig(raw, { source: "test", baseDir: REPO_ROOT, env: {} });
  const { logger, records, waitForLog } = captureLogger();
  const bot = opts.handle ? null : await createBot({ config, logger });
  const handle = opts.handle ?? bot!.handle;
  const transport = new MatrixTransport({ config: config.matrix!, handle, greet: bot?.greet, logger, stateDir: config.state_dir, prefix: config.prefix, stopFlushMs: opts.stopFlushMs ?? 1_000 });
  await transport.start();
  return {
    transport,
    config,
    stateDir,
    records,
    stop: () => transport.stop("test done"),
    logs: (text) => records.filter((r) => typeof r.msg === "string" && r.msg.includes(text)),
    waitForLog,
  };
}

/** A fresh test homeserver with the bot connected and alice, who may invite it. */
export async function startBotWithInviter(): Promise<{ hs: TestHomeserver; botUser: TestUser; alice: TestUser; bot: MatrixBot }> {
  const hs = await TestHomeserver.start();
  const botUser = hs.registerUser("xenbot");
  const alice = hs.registerUser("alice");
  const bot = await startMatrixBot(hs, { user: botUser, matrix: { allowed_inviters: [alice.userId] } });
  await bot.transport.waitForState("connected");
  return { hs, botUser, alice, bot };
}
