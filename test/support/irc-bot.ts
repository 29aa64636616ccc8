// The real bot (createBot: dispatcher, rate limiter, builtin plugins, data/projects.json) on an
// IrcTransport pointed at a test server, plus a small plugin whose answers exercise the edges of
// the transport (long multi-byte lines, CR/LF in text, many lines), still through the real core.
import type { EventEmitter } from "node:events";
import { copyFileSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { builtinPlugins } from "../../plugins/index.js";
import { createBot, type Bot } from "../../src/app.js";
import { parseConfig, type Config } from "../../src/config.js";
import type { Plugin } from "../../src/core/plugin.js";
import { bold, link, text, type RichLine } from "../../src/core/rich-text.js";
import type { MessageHandler } from "../../src/core/transport.js";
import { createLogger, silentLogger, type Logger } from "../../src/log.js";
import { IrcTransport, type IrcTimings } from "../../src/transports/irc/irc-transport.js";
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

export function testLogger(): Logger {
  const level = process.env.XENBOT_TEST_LOG;
  return level ? createLogger(level) : silentLogger();
}

export interface RunningBot {
  bot: Bot;
  config: Config;
  transport: IrcTransport;
  stop(): Promise<void>;
}

export interface StartBotOptions {
  irc?: Record<string, unknown>;
  /** Defaults to testLogger(); give a capturing one to check the log lines. */
  logger?: Logger;
  rateLimit?: { burst: number; interval_ms: number };
  timings?: Partial<IrcTimings>;
  /** Wrap the real handler (to observe what the core is given). */
  wrap?: (handle: MessageHandler) => MessageHandler;
  /** Wait until joined to this channel (default CHANNEL; null: only until registered; false: not at all). */
  waitFor?: string | null | false;
  extraCaps?: string[];
  /** Environment for parseConfig (XENBOT_IRC_PASSWORD). */
  env?: NodeJS.ProcessEnv;
  /** Called with the transport before it starts (to listen to its events). */
  onTransport?: (t: IrcTransport) => void;
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
  const logger = opts.logger ?? testLogger();
  const bot = await createBot({ config, logger, plugins: [...builtinPlugins(), edgePlugin()] });
  const handle = opts.wrap ? opts.wrap(bot.handle) : bot.handle;
  const transport = new IrcTransport({ config: config.irc!, handle, greet: bot.greet, logger, prefix: config.prefix, timings: { quitTimeoutMs: 1000, ...opts.timings }, extraCaps: opts.extraCaps });
  const ready =
    opts.waitFor === false
      ? Promise.resolve()
      : opts.waitFor === null
        ? waitForEvent(transport.events, "registered")
        : waitForEvent(transport.events, "joined", (ch) => String(ch).toLowerCase() === (opts.waitFor || CHANNEL).toLowerCase());
  opts.onTransport?.(transport);
  await transport.start();
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
    async stop() {
      await transport.stop();
      if (ownStateDir) rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

/** Resolves on the first `event` whose first argument passes `pred`; rejects after timeoutMs. */
export function waitForEvent(emitter: EventEmitter, event: string, pred: (arg: unknown) => boolean = () => true, timeoutMs = 20_000): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const onEvent = (arg: unknown) => {
      if (!pred(arg)) return;
      cleanup();
      resolve(arg);
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for "${event}"`));
    }, timeoutMs);
    const cleanup = () => {
      clearTimeout(timer);
      emitter.off(event, onEvent);
    };
    emitter.on(event, onEvent);
  });
}
