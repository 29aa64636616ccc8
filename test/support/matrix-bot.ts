// Starting the Matrix transport against the test homeserver: with the real bot (createBot over a
// store file, config through parseConfig) or with a MessageHandler a test writes, and a logger
// whose lines a test can read.
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createBot } from "../../src/app.js";
import { Conversation } from "../../src/core/conversation.js";
import { parseConfig, type Config } from "../../src/config.js";
import type { MessageHandler } from "../../src/core/outcome.js";
import type { Logger } from "../../src/log.js";
import { MatrixPort, type ConnectionState } from "../../src/transports/matrix/index.js";
import { captureLogs, type LogCapture, type LogRecord } from "./log-capture.js";
import { TestHomeserver, type TestUser } from "./homeserver/index.js";

export const REPO_ROOT = path.resolve(import.meta.dirname, "../..");
export const REAL_STORE = path.join(REPO_ROOT, "data/projects.json");

export type { LogRecord };

/** A pino logger that keeps its records in memory (and prints them when XENBOT_TEST_LOG=1). */
export function captureLogger(level = "debug"): LogCapture {
  return captureLogs(level);
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
  /** Out of reach this long, the connection's warning becomes an error (default a minute). */
  escalateAfterMs?: number;
}

export interface MatrixBot {
  transport: MatrixPort;
  config: Config;
  stateDir: string;
  records: LogRecord[];
  stop(): Promise<void>;
  /** Log records whose message contains `text`. */
  logs(text: string): LogRecord[];
  /** Resolves with the first log record (already written or still to come) whose message contains `text`. */
  waitForLog(text: string, timeoutMs?: number): Promise<LogRecord>;
  /** The log lines, to wait for what comes next. */
  log: LogCapture;
  /** Resolves when the connection reaches `state` (now or later), as its log lines tell. */
  waitForState(state: ConnectionState, timeoutMs?: number): Promise<void>;
  /** The bot's user id, as whoami told it. */
  userId(): string;
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
  const log = captureLogs();
  const { logger, records, waitForLog } = log;
  const conversation = opts.handle ? new Conversation({ dispatch: opts.handle, greet: async () => null, logger }) : (await createBot({ config, logger })).conversation;
  const transport = new MatrixPort({ config: config.matrix!, logger, stateDir: config.state_dir, prefix: config.prefix, stopFlushMs: opts.stopFlushMs ?? 1_000, ...(opts.escalateAfterMs !== undefined ? { escalateAfterMs: opts.escalateAfterMs } : {}) });
  await transport.start(conversation.inbox(transport));
  return {
    transport,
    config,
    stateDir,
    records,
    log,
    stop: () => transport.stop("test done"),
    logs: (text) => records.filter((r) => typeof r.msg === "string" && r.msg.includes(text)),
    waitForLog,
    waitForState: async (state, timeoutMs = 30_000) => {
      if (transport.status().state === state) return;
      await log.waitForNext("matrix connection", (r) => r.state === state, timeoutMs).catch(() => {
        throw new Error(`matrix: not ${state} within ${timeoutMs} ms (now ${transport.status().state})`);
      });
    },
    userId: () => String(transport.status().details?.userId),
  };
}

/** A fresh test homeserver with the bot connected and alice, who may invite it. */
export async function startBotWithInviter(): Promise<{ hs: TestHomeserver; botUser: TestUser; alice: TestUser; bot: MatrixBot }> {
  const hs = await TestHomeserver.start();
  const botUser = hs.registerUser("xenbot");
  const alice = hs.registerUser("alice");
  const bot = await startMatrixBot(hs, { user: botUser, matrix: { allowed_inviters: [alice.userId] } });
  await bot.waitForState("connected");
  return { hs, botUser, alice, bot };
}
