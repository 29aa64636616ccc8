// Wires one bot: the store, the search over it, the plugins and the dispatcher. Every
// transport in the process shares the one Bot.
import { builtinPlugins } from "../plugins/index.js";
import type { Config } from "./config.js";
import { bridgeEchoFilter } from "./bot/bridges.js";
import { Dispatcher } from "./core/dispatcher.js";
import { Greeter, type JoinEvent } from "./bot/greeter.js";
import type { IncomingMessage } from "./core/message.js";
import type { Plugin } from "./core/plugin.js";
import type { Reply } from "./core/rich-text.js";
import { Registry } from "./core/registry.js";
import { Conversation } from "./core/conversation.js";
import type { CoreMetrics } from "./core/metrics.js";
import type { MessageHandler } from "./core/outcome.js";
import type { Understanding } from "./core/understand/index.js";
import type { Logger } from "./log.js";
import { Maintainers } from "./maintainers/maintainers.js";
import { bundledProjectAreasPath } from "./paths.js";
import { ProjectStore } from "./store/project-store.js";
import { ProjectSearch } from "./search/search.js";
import { StateDir } from "./state/audit.js";

export interface Bot {
  /** The trip from message to reply that every port is started with: `port.start(bot.conversation.inbox(port))`. */
  conversation: Conversation;
  /** The dispatcher alone (tests, benchmarks): a message in, the neutral outcome out. */
  handle: MessageHandler;
  /** The understanding step alone (benchmarks): a sentence in, the command it reads as out. */
  understanding: Understanding;
  store: ProjectStore;
  search: ProjectSearch;
  /** xen.git's MAINTAINERS as imported (config `maintainers`), with the project areas table. */
  maintainers: Maintainers;
  registry: Registry;
  config: Config;
  /** A welcome for a first-time joiner (send it privately), or null. Never rejects. */
  greet: (ev: JoinEvent) => Promise<Reply | null>;
  /**
   * Applies what a reload may change while running (rate limits, admins, greeting, freshness,
   * community; src/reload.ts decides which keys those are). `config` is then `next`.
   */
  reconfigure(next: Config): void;
  /**
   * One question through the dispatcher before anyone asks: the search indexes are built and the
   * answering code compiled, so the first person's answer is not the slow one (~20 ms otherwise).
   */
  warmUp(): Promise<void>;
}

export interface CreateBotOptions {
  config: Config;
  logger: Logger;
  plugins?: Plugin[];
  random?: () => number;
  now?: () => Date;
  /** Counts commands for /metrics (src/ops/), when the config has `http:`. */
  metrics?: CoreMetrics;
  /** Why the store refuses edits this time (a bot already serves it), beside the bundled store's reason. */
  storeReadOnly?: string;
}

/** The answer to an admin edit of the bundled store: why not, and how to edit a store of one's own. */
export const BUNDLED_STORE_READ_ONLY =
  "this bot serves the bundled data/projects.json (no config names a store), which is read-only for edits. " +
  "To edit, copy it and name your copy in a config file (store: ./my-projects.json), then run xenbot start --config that-file";

/** Transports a person at this machine uses; they own the files anyway, and are never rate-limited. */
const LOCAL_TRANSPORTS = new Set(["console", "cli"]);

export function adminCheck(config: Config): (msg: IncomingMessage) => boolean {
  const irc = new Set(config.admins.irc_accounts.map((a) => a.toLowerCase()));
  const matrix = new Set(config.admins.matrix_users);
  return (msg) => {
    if (LOCAL_TRANSPORTS.has(msg.transport)) return true;
    const account = msg.sender.account;
    if (!account) return false; // a bare nick is never enough
    if (msg.transport === "irc") return irc.has(account.toLowerCase());
    if (msg.transport === "matrix") return matrix.has(account);
    return false;
  };
}

/** Loads the store (throws StoreError) and the maintainers data (MaintainersFileError), and builds the dispatcher. */
export async function createBot(opts: CreateBotOptions): Promise<Bot> {
  const { config, logger } = opts;

  // With no config naming a store, the bot serves the checkout's tracked data/projects.json:
  // an admin edit there would change the repository's file (and leave a .bak beside it).
  const store = await ProjectStore.open(config.store, { readOnly: config.bundledStore ? BUNDLED_STORE_READ_ONLY : (opts.storeReadOnly ?? null) });
  const maintainers = await Maintainers.open(config.maintainers, bundledProjectAreasPath());
  const missing = maintainers.missingAreaSections();
  if (missing.length) logger.warn({ sections: missing }, "project areas name MAINTAINERS sections the maintainers data does not have; those links are not shown");
  const search = new ProjectSearch(store);
  const registry = new Registry(opts.plugins ?? builtinPlugins());
  const dispatcher = new Dispatcher({
    registry,
    services: {
      store,
      search,
      maintainers,
      prefix: config.prefix,
      logger,
      random: opts.random ?? Math.random,
      now: opts.now ?? (() => new Date()),
      state: new StateDir(config.state_dir),
      staleAfterDays: config.freshness.stale_after_days,
      community: config.community,
    },
    rateLimit: { burst: config.rate_limit.burst, intervalMs: config.rate_limit.interval_ms },
    isAdmin: (msg) => isAdmin(msg),
    isBridgeEcho: bridgeEchoFilter(config.bridges),
    // The console is the operator's own terminal: nobody to protect from its typing speed.
    isUnlimited: (msg) => LOCAL_TRANSPORTS.has(msg.transport),
    logger,
  });
  // What a reload replaces: the admin lists, the greeter (only when its settings change: it
  // remembers who it greeted lately), and through the dispatcher the limits and texts.
  let current = config;
  let isAdmin = adminCheck(config);
  let greetNow = createGreet(config, logger);
  const greet: Bot["greet"] = (ev) => greetNow(ev);
  const warmUp = async () => {
    search.warm();
    const first = store.projects()[0];
    if (!first) return;
    await dispatcher.handle({
      transport: "warm-up",
      text: `${config.prefix}project ${first.id}`,
      sender: { id: "warm-up", displayName: "warm-up", account: null },
      room: { id: "warm-up", isPrivate: true },
      botName: "xenbot",
      receivedAt: Date.now(),
    });
  };
  const conversation = new Conversation({ dispatch: dispatcher.handle, greet, logger, prefix: config.prefix, ...(opts.metrics ? { metrics: opts.metrics } : {}) });
  const reconfigure = (next: Config): void => {
    dispatcher.reconfigure({
      rateLimit: { burst: next.rate_limit.burst, intervalMs: next.rate_limit.interval_ms },
      staleAfterDays: next.freshness.stale_after_days,
      community: next.community,
    });
    isAdmin = adminCheck(next);
    if (JSON.stringify(next.greeting) !== JSON.stringify(current.greeting)) greetNow = createGreet(next, logger);
    current = next;
  };
  return {
    conversation,
    handle: dispatcher.handle,
    understanding: dispatcher.understanding,
    store,
    search,
    maintainers,
    registry,
    get config() {
      return current;
    },
    greet,
    reconfigure,
    warmUp,
  };
}

/** Rooms named in greeting.rooms, or every configured channel and room when none are named. */
function greetingRooms(config: Config): string[] {
  if (config.greeting.rooms.length) return config.greeting.rooms;
  const irc = (config.irc?.channels ?? []).map((c) => (typeof c === "string" ? c : c.name));
  return [...irc, ...(config.matrix?.rooms ?? [])];
}

function createGreet(config: Config, logger: Logger): Bot["greet"] {
  if (!config.greeting.enabled) return async () => null;
  const g = config.greeting;
  const greeter = new Greeter({
    rooms: greetingRooms(config),
    maxPerMinute: g.max_per_minute,
    massJoinCount: g.mass_join_count,
    massJoinWindowMs: g.mass_join_window_ms,
    ignore: [...g.ignore, ...(config.irc?.ignore_nicks ?? []), ...(config.matrix?.ignore_users ?? [])],
    stateDir: config.state_dir,
    prefix: config.prefix,
    logger,
  });
  return async (ev) => {
    try {
      return await greeter.onJoin(ev);
    } catch (err) {
      logger.error({ err, transport: ev.transport, room: ev.roomId }, "greeting failed");
      return null;
    }
  };
}
