// The real bot (createBot: dispatcher, rate limiter, builtin plugins, data/projects.json) on an
// IrcTransport pointed at a test server, plus a small plugin whose answers exercise the edges of
// the transport (long multi-byte lines, CR/LF in text, many lines), still through the real core.
import { copyFileSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { builtinPlugins } from "../../plugins/index.js";
import { createBot, type Bot } from "../../src/app.js";
import { parseConfig, type Config } from "../../src/config.js";
import type { Plugin } from "../../src/core/plugin.js";
import { bold, link, text, type RichLine } from "../../src/core/rich-text.js";
import type { MessageHandler } from "../../src/core/outcome.js";
import { Conversation } from "../../src/core/conversation.js";
import { IrcPort, type IrcTimings } from "../../src/transports/irc/index.js";
import { captureLogs, type LogCapture, type LogRecord } from "./log-capture.js";
import { REAL_STORE, REPO_ROOT } from "./bot.js";

export const CHANNEL = "#xen-devel";

const WORDS = ["Xen", "hyperviseur", "日本語のテキスト", "😀", "👩‍💻", "naïve", "Ελληνικά", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "grüße", "ok"];

/** About 3 KB of words mixing 1-, 2-, 3- and 4-byte characters and ZWJ emoji. */
export const LONG_TEXT = Array.from({ length: 160 }, (_, i) => `${WORDS[i % WORDS.length]}${i}`).join(" ");
/** 300 four-byte emoji and no space at all: only hard breaks are possible. */
export const EMOJI_RUN = "😀🐧".repeat(150);
/** Text with everything that could end or forge a protocol line. */
export const INJECTION = "before\r\nPRIVMSG #xen-devel :INJECTED\r\nQUIT :gone\0after\x01end";

/** Commands whose answers are chosen to stress the transport (answers go through the real core). */
export function edgePlugin(): Plugin {
  const example = (input: string) => [{ input, expect: /./ }];
  return {
    name: "irc-edge-tests",
    commands: [
      {
        name: "longtext",
        usage: "longtext [spaces|emoji|bold]",
        help: "A very long single-line answer.",
        examples: example("!longtext"),
        handler: (ctx) => {
          if (ctx.args === "emoji") return ctx.reply(EMOJI_RUN);
          if (ctx.args === "bold") return ctx.reply([[bold(LONG_TEXT)]]);
          ctx.reply(LONG_TEXT);
        },
      },
      {
        name: "lines",
        usage: "lines <n>",
        help: "An answer of n numbered lines.",
        examples: example("!lines 3"),
        handler: (ctx) => {
          const n = Math.min(50, Number.parseInt(ctx.args, 10) || 1);
          ctx.reply(Array.from({ length: n }, (_, i): RichLine => [text(`line ${i + 1} of ${n}`)]));
        },
      },
      {
        name: "inject",
        usage: "inject",
        help: "An answer whose text holds CR, LF and NUL.",
        examples: example("!inject"),
        handler: (ctx) => ctx.reply([[text(INJECTION), text(" "), link("https://example.org/a\r\nQUIT :x", "lab\r\nel")]]),
      },
      {
        name: "bulk",
        usage: "bulk",
        help: "Two lines of about 400 bytes.",
        examples: example("!bulk"),
        handler: (ctx) => ctx.reply([[text(`bulk one ${"x".repeat(380)}`)], [text(`bulk two ${"y".repeat(380)}`)]]),
      },
    ],
  };
}

export interface RunningBot {
  bot: Bot;
  config: Config;
  transport: IrcPort;
  /** The bot's log lines (debug and up): how tests see it connect, join, greet. */
  log: LogCapture;
  /** The bot's nick now. */
  nick(): string;
  stop(): Promise<void>;
}

export interface StartBotOptions {
  irc?: Record<string, unknown>;
  /** Where the bot's log lines go (default: a fresh capture, at debug). */
  log?: LogCapture;
  rateLimit?: { burst: number; interval_ms: number };
  timings?: Partial<IrcTimings>;
  /** Wrap the real handler (to observe what the core is given). */
  wrap?: (handle: MessageHandler) => MessageHandler;
  /** Wait until joined to this channel (default CHANNEL; null: only until registered; false: not at all). */
  waitFor?: string | null | false;
  /** IRCv3 capabilities to request beyond irc-framework's own (echo-message). */
  caps?: string[];
  /** Environment for parseConfig (XENBOT_IRC_PASSWORD). */
  env?: NodeJS.ProcessEnv;
  /** Called with the port and its log before it starts. */
  onTransport?: (t: IrcPort, log: LogCapture) => void;
  /** More top-level config (admins, greeting). */
  config?: Record<string, unknown>;
  /** Keep state here (to restart a bot on the same state); default: a fresh temp dir, removed at stop. */
  stateDir?: string;
}

/** Starts the real bot on an IrcTransport and waits until it is in the channel. */
/** The irc: section of a test config: a local server without TLS, #xen-devel, quick reconnects. */
export function testIrcSection(server: { host: string; port: number }, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    host: server.host,
    port: server.port,
    tls: false,
    nick: "xenbot",
    channels: [CHANNEL],
    reconnect: { min_delay_ms: 100, max_delay_ms: 1_000 },
    ...overrides,
  };
}

export async function startIrcBot(server: { host: string; port: number }, opts: StartBotOptions = {}): Promise<RunningBot> {
  const ownStateDir = !opts.stateDir;
  const stateDir = opts.stateDir ?? mkdtempSync(path.join(os.tmpdir(), "xenbot-irc-state-"));
  // A copy of the real store, so admin commands in tests never touch data/projects.json.
  const store = path.join(stateDir, "projects.json");
  if (!existsSync(store)) copyFileSync(REAL_STORE, store);
  const config = parseConfig(
    {
      ...opts.config,
      store,
      state_dir: stateDir,
      rate_limit: opts.rateLimit ?? { burst: 1000, interval_ms: 1 },
      irc: testIrcSection(server, { flood: { burst: 10, interval_ms: 20 }, rejoin_delay_ms: 100, ...opts.irc }),
    },
    { source: "test", baseDir: REPO_ROOT, env: opts.env ?? {} },
  );
  const log = opts.log ?? captureLogs();
  const logger = log.logger;
  const bot = await createBot({ config, logger, plugins: [...builtinPlugins(), edgePlugin()] });
  const conversation = opts.wrap ? new Conversation({ dispatch: opts.wrap(bot.handle), greet: bot.greet, logger }) : bot.conversation;
  const transport = new IrcPort({ config: config.irc!, logger, timings: { quitTimeoutMs: 1000, ...opts.timings }, ...(opts.caps ? { caps: opts.caps } : {}) });
  const ready =
    opts.waitFor === false
      ? Promise.resolve()
      : opts.waitFor === null
        ? log.waitForNext("irc connection", (r) => r.state === "registered")
        : waitForJoin(log, opts.waitFor || CHANNEL);
  opts.onTransport?.(transport, log);
  await transport.start(conversation.inbox(transport));
  try {
    await ready;
  } catch (err) {
    await transport.stop();
    throw err;
  }
  return {
    bot,
    config,
    transport,
    log,
    nick: () => String(transport.status().details?.nick),
    async stop() {
      await transport.stop();
      if (ownStateDir) rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

/** Resolves when the bot next joins `channel` (case-insensitive), as its log says. */
export function waitForJoin(log: LogCapture, channel: string, timeoutMs = 20_000): Promise<LogRecord> {
  return log.waitForNext("irc: joined channel", (r) => String(r.channel).toLowerCase() === channel.toLowerCase(), timeoutMs);
}

/** The port's counters (connects, registrations, handler errors, lines sent…). */
export function ircStats(transport: IrcPort): Record<string, number> {
  return transport.status().details as Record<string, number>;
}

/** Messages that failed to be handled: in the port's event handlers, or in the core (its log line). */
export function handlerErrors(running: RunningBot): number {
  return ircStats(running.transport).handlerErrors! + running.log.count("failed to handle a message");
}
