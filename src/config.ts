// The config file (YAML) plus environment → one validated Config. Secrets come from the
// environment and override the file. A transport runs when its section is present.
import { promises as fs } from "node:fs";
import path from "node:path";
import { z } from "zod/v3";
import { bundledMaintainersPath, bundledStorePath } from "./paths.js";
import { describeIssues } from "./zod-issues.js";

// Channel names, nicks and keys go onto the wire as they are: no spaces, commas or control
// characters (a CR or LF in the config would become a raw line of its own).
const CHANNEL_NAME = /^[#&+!][^\s,\x00-\x1f\x7f]{1,49}$/;
const NICK = /^[A-Za-z\[\]\\`_^{|}][A-Za-z0-9\[\]\\`_^{|}-]{0,29}$/;
const ircNick = z.string().regex(NICK, "a valid IRC nick");
const IrcChannelSchema = z.union([
  z.string().regex(CHANNEL_NAME, "an IRC channel name such as #xen-devel"),
  z.object({ name: z.string().regex(CHANNEL_NAME, "an IRC channel name such as #xen-devel"), key: z.string().regex(/^[^\s,\x00-\x1f\x7f]+$/, "a channel key without spaces, commas or control characters").optional() }),
]);

/** A regular expression given as a string; refused at load when it does not compile. */
const regexString = z.string().refine((source) => {
  try {
    new RegExp(source);
    return true;
  } catch {
    return false;
  }
}, "a valid regular expression");

export const IrcConfigSchema = z
  .object({
    host: z.string().min(1),
    port: z.number().int().min(1).max(65535).default(6697),
    tls: z.boolean().default(true),
    /** Only for test servers with self-signed certificates. */
    tls_verify: z.boolean().default(true),
    nick: ircNick.default("xenbot"),
    /** Tried in order when the nick is in use; then the nick with a number appended. */
    alt_nicks: z.array(ircNick).default([]),
    username: z.string().regex(/^[^\s@\x00-\x1f\x7f]{1,32}$/, "a username without spaces, @ or control characters").default("xenbot"),
    realname: z.string().regex(/^[^\x00-\x1f\x7f]*$/, "a real name without control characters").default("xenbot - Xen Project newcomer helper (!help)"),
    channels: z.array(IrcChannelSchema).default([]),
    sasl: z.object({ account: z.string().min(1), password: z.string().optional() }).optional(),
    /** Nicks never answered (other bots), case-insensitive. */
    ignore_nicks: z.array(z.string()).default([]),
    /** Lines in a channel before the rest goes privately. */
    max_channel_lines: z.number().int().min(1).max(20).default(3),
    /** "auto" follows channel mode +c; "never" always sends plain text. */
    formatting: z.enum(["auto", "never"]).default("auto"),
    /** Outgoing lines; see src/transports/irc/pacing.ts for the defaults and why they are safe. */
    flood: z
      .object({
        /** Lines that may go out at once. Unset: the server's profile (4). */
        burst: z.number().int().min(1).max(50).optional(),
        /** Milliseconds per line once the burst is spent. Unset: the server's profile (700; InspIRCd 1000). */
        interval_ms: z.number().int().min(0).max(60_000).optional(),
        /** Lines one person's questions may have waiting; beyond, one line says to ask again. */
        max_lines_per_person: z.number().int().min(2).max(500).default(20),
        /** Lines still waiting this long are dropped, with one short note to the asker. */
        max_age_ms: z.number().int().min(1_000).max(3_600_000).default(60_000),
      })
      .strict()
      .default({ max_lines_per_person: 20, max_age_ms: 60_000 }),
    reconnect: z
      .object({
        min_delay_ms: z.number().int().min(0).default(2_000),
        max_delay_ms: z.number().int().min(0).default(300_000),
      })
      .default({ min_delay_ms: 2_000, max_delay_ms: 300_000 }),
    rejoin_on_kick: z.boolean().default(true),
    rejoin_delay_ms: z.number().int().min(0).default(10_000),
  })
  .strict();
export type IrcConfig = z.infer<typeof IrcConfigSchema>;

/** A token bucket: `burst` at once, then one per `interval_ms`. */
const bucket = (burst: number, intervalMs: number) =>
  z.object({ burst: z.number().int().min(1).default(burst), interval_ms: z.number().int().min(0).default(intervalMs) }).strict().default({ burst, interval_ms: intervalMs });

const DIRECT_CHAT_DEFAULTS = {
  max_open: 200,
  idle_leave_after_ms: 30 * 86_400_000,
  per_inviter: { burst: 2, interval_ms: 3_600_000 },
  invites: { burst: 10, interval_ms: 6_000 },
};

/**
 * Direct chats: anyone may invite the bot to one (a newcomer's first question often comes that
 * way); these keep the door from being used to flood it.
 */
const DirectChatsSchema = z
  .object({
    /** Direct chats open at once; past it, a new invite is declined with a reason. */
    max_open: z.number().int().min(1).default(DIRECT_CHAT_DEFAULTS.max_open),
    /** A direct chat where nothing was said this long is left, with a reason the person sees. */
    idle_leave_after_ms: z.number().int().min(1_000).default(DIRECT_CHAT_DEFAULTS.idle_leave_after_ms),
    /** Direct-chat invites accepted from one person; more are declined with a reason. */
    per_inviter: bucket(DIRECT_CHAT_DEFAULTS.per_inviter.burst, DIRECT_CHAT_DEFAULTS.per_inviter.interval_ms),
    /**
     * Invites from people not in allowed_inviters handled (accepted or declined), everyone
     * together; more wait until the bucket allows them.
     */
    invites: bucket(DIRECT_CHAT_DEFAULTS.invites.burst, DIRECT_CHAT_DEFAULTS.invites.interval_ms),
  })
  .strict();

export const MatrixConfigSchema = z
  .object({
    homeserver: z.string().url(),
    user_id: z.string().regex(/^@[^:\s]+:\S+$/, "a Matrix user id such as @xenbot:matrix.org"),
    access_token: z.string().optional(),
    /** For a password login when no token is given; the token obtained is kept in state_dir. */
    password: z.string().optional(),
    rooms: z.array(z.string().regex(/^[!#][^:\s]+:\S+$/, "a room id (!abc:server) or alias (#room:server)")).default([]),
    allowed_inviters: z.array(z.string()).default([]),
    max_room_lines: z.number().int().min(1).max(50).default(5),
    /** Device name shown for the password login's session. */
    device_name: z.string().min(1).default("xenbot"),
    /** User ids never answered (other bots), exact match. */
    ignore_users: z.array(z.string()).default([]),
    /** How long one /sync long-poll waits on the homeserver. */
    sync_timeout_ms: z.number().int().min(0).max(120_000).default(30_000),
    /** Backoff between attempts when the homeserver is unreachable (start-up, sync, sends, joins). */
    reconnect: z
      .object({
        min_delay_ms: z.number().int().min(0).default(1_000),
        max_delay_ms: z.number().int().min(0).default(60_000),
      })
      .default({ min_delay_ms: 1_000, max_delay_ms: 60_000 }),
    /** An answer still unsent this long after the question (homeserver down) is dropped, not sent late. */
    reply_max_age_ms: z.number().int().min(1_000).default(600_000),
    /**
     * A command sent while the bot was down (a restart: its sync token was saved) and younger
     * than this is answered once when it is back; older ones are left, as is everything when
     * there is no saved token (a first start). 0 answers none of them.
     */
    catch_up_max_age_ms: z.number().int().min(0).max(86_400_000).default(300_000),
    direct_chats: DirectChatsSchema.default(DIRECT_CHAT_DEFAULTS),
  })
  .strict();
export type MatrixConfig = z.infer<typeof MatrixConfigSchema>;

/**
 * Where the Xen Project talks today, for `!start`, the cards and `!contact`. The wiki page is
 * archived: its "#xen-devel" (Freenode) and lists.xensource.com are history. Since September 2023
 * the project's chat is on Matrix; IRC lives on as #xendevel on OFTC; the list is the one official
 * channel for patches and decisions.
 */
export const CommunitySchema = z
  .object({
    matrix_rooms: z
      .array(z.object({ room: z.string().regex(/^#[^:\s]+:\S+$/, "a room alias such as #XenDevel:matrix.org"), purpose: z.string().min(1).max(60) }).strict())
      .default([
        { room: "#XenDevel:matrix.org", purpose: "development" },
        { room: "#XenProject:matrix.org", purpose: "users" },
        { room: "#XenSocial:matrix.org", purpose: "introductions" },
      ]),
    /** Since when the chat is on Matrix (free text, shown as is). */
    matrix_since: z.string().max(40).default("September 2023"),
    irc: z
      .object({ channel: z.string().regex(CHANNEL_NAME, "an IRC channel name such as #xendevel"), network: z.string().min(1).max(60) })
      .strict()
      .default({ channel: "#xendevel", network: "OFTC" }),
    mailing_list: z
      .object({ address: z.string().email(), url: z.string().url() })
      .strict()
      .default({ address: "xen-devel@lists.xenproject.org", url: "https://lists.xenproject.org/mailman/listinfo/xen-devel" }),
  })
  .strict();
export type Community = z.infer<typeof CommunitySchema>;

/**
 * Health and metrics over HTTP (src/ops/): `/healthz` and `/metrics`. Loopback by default: a
 * non-loopback address is refused unless `allow_remote: true` says the operator means it.
 */
export const HttpConfigSchema = z
  .object({
    /** host:port; port 0 takes any free port (the log line names it). */
    listen: z.string().regex(/^(?:\[[0-9a-fA-F:.]+\]|[^\s:[\]]+):\d{1,5}$/, 'host:port such as "127.0.0.1:9464" (IPv6 as "[::1]:9464")'),
    allow_remote: z.boolean().default(false),
  })
  .strict();
export type HttpConfig = z.infer<typeof HttpConfigSchema>;

/** "127.0.0.1:9464" → host and port; "[::1]:9464" → "::1". */
export function splitListen(listen: string): { host: string; port: number } {
  const at = listen.lastIndexOf(":");
  return { host: listen.slice(0, at).replace(/^\[|\]$/g, ""), port: Number(listen.slice(at + 1)) };
}

export function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host) || /^::ffff:127\./i.test(host);
}

export const ConfigSchema = z
  .object({
    store: z.string().default("data/projects.json"),
    /** The MAINTAINERS data (`xenbot import-maintainers`); the bundled data/maintainers.json when not given. */
    maintainers: z.string().min(1).optional(),
    state_dir: z.string().default("state"),
    prefix: z.string().min(1).max(3).default("!"),
    log_level: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    irc: IrcConfigSchema.optional(),
    matrix: MatrixConfigSchema.optional(),
    admins: z
      .object({ irc_accounts: z.array(z.string()).default([]), matrix_users: z.array(z.string()).default([]) })
      .default({ irc_accounts: [], matrix_users: [] }),
    freshness: z
      .object({
        /** `!stale` lists projects not verified for longer than this. */
        stale_after_days: z.number().int().min(1).default(365),
      })
      .default({ stale_after_days: 365 }),
    /**
     * IRC channels and Matrix rooms joined by a bridge: a command written on one side also
     * arrives on the other from the bridge's puppet; only the original is answered.
     */
    bridges: z
      .array(
        z
          .object({
            irc_channel: z.string().regex(/^[#&+!][^\s,\x07]{1,49}$/, "an IRC channel name such as #xen-devel"),
            matrix_room: z.string().regex(/^[!#][^:\s]+:\S+$/, "a room id (!abc:server) or alias (#room:server)"),
            /** IRC nicks of Matrix users relayed by the bridge (matrix-appservice-irc: "name[m]"). */
            irc_puppets: regexString.default("\\[m\\]$"),
            /** Matrix ids of IRC users relayed by the bridge (matrix-appservice-irc: "@irc_nick:server"). */
            matrix_puppets: regexString.default("^@irc_"),
          })
          .strict(),
      )
      .default([]),
    greeting: z
      .object({
        enabled: z.boolean().default(false),
        /** Opt-in per room: IRC channels, Matrix room ids or aliases. Empty: every configured channel and room. */
        rooms: z.array(z.string()).default([]),
        max_per_minute: z.number().int().min(1).default(3),
        /** More joins than this within the window is a mass join (netsplit, raid): no greetings. */
        mass_join_count: z.number().int().min(1).default(5),
        mass_join_window_ms: z.number().int().min(1_000).default(10_000),
        /** Nicks / user ids never greeted (other bots); the bot itself never is. */
        ignore: z.array(z.string()).default([]),
      })
      .strict()
      .default({ enabled: false, rooms: [], max_per_minute: 3, mass_join_count: 5, mass_join_window_ms: 10_000, ignore: [] }),
    community: CommunitySchema.default(CommunitySchema.parse({})),
    http: HttpConfigSchema.optional(),
    rate_limit: z
      .object({
        /** Commands a user may send at once… */
        burst: z.number().int().min(1).default(5),
        /** …then one per this many ms. */
        interval_ms: z.number().int().min(0).default(3_000),
      })
      .default({ burst: 5, interval_ms: 3_000 }),
  })
  .strict();
/** A parsed config: every path resolved, the maintainers file always named. */
export type Config = z.infer<typeof ConfigSchema> & {
  maintainers: string;
  /**
   * The store is the bundled data/projects.json because no config named one (`npm start` with no
   * config): served read-only, so admin edits at the console cannot change the tracked file.
   */
  bundledStore: boolean;
};

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

/** Secrets in the environment override the file. */
function applyEnvironment(raw: Record<string, unknown>, env: NodeJS.ProcessEnv): void {
  const irc = raw.irc as Record<string, unknown> | undefined;
  if (irc && env.XENBOT_IRC_PASSWORD) {
    const sasl = (irc.sasl ?? {}) as Record<string, unknown>;
    if (sasl.account === undefined && typeof irc.nick === "string") sasl.account = irc.nick;
    irc.sasl = { ...sasl, password: env.XENBOT_IRC_PASSWORD };
  }
  const matrix = raw.matrix as Record<string, unknown> | undefined;
  if (matrix && env.XENBOT_MATRIX_ACCESS_TOKEN) matrix.access_token = env.XENBOT_MATRIX_ACCESS_TOKEN;
  if (matrix && env.XENBOT_MATRIX_PASSWORD) matrix.password = env.XENBOT_MATRIX_PASSWORD;
}

/**
 * Validates a parsed config object. Relative paths (store, state_dir) are resolved against
 * `baseDir` (the config file's directory) so the bot behaves the same from any cwd.
 */
export function parseConfig(raw: unknown, opts: { source: string; baseDir: string; env?: NodeJS.ProcessEnv }): Config {
  if (raw === null || raw === undefined) raw = {};
  if (typeof raw !== "object" || Array.isArray(raw)) throw new ConfigError(`config ${opts.source}: must be a mapping of keys to values`);
  const copy = structuredClone(raw) as Record<string, unknown>;
  applyEnvironment(copy, opts.env ?? process.env);
  const parsed = ConfigSchema.safeParse(copy);
  if (!parsed.success) throw new ConfigError(`config ${opts.source}: ${describeIssues(parsed.error.issues)}`);
  // Not edited at runtime, unlike the store: shipped with the code unless the config names another.
  const config: Config = { ...parsed.data, maintainers: parsed.data.maintainers ? path.resolve(opts.baseDir, parsed.data.maintainers) : bundledMaintainersPath(), bundledStore: false };
  config.store = path.resolve(opts.baseDir, config.store);
  config.bundledStore = copy.store === undefined && config.store === bundledStorePath();
  config.state_dir = path.resolve(opts.baseDir, config.state_dir);
  if (config.http) {
    const { host, port } = splitListen(config.http.listen);
    if (port > 65535) throw new ConfigError(`config ${opts.source}: http.listen: port ${port} is above 65535`);
    if (!isLoopback(host) && !config.http.allow_remote) {
      throw new ConfigError(
        `config ${opts.source}: http.listen ${config.http.listen} is not a loopback address, so /healthz and /metrics would be open to the network; use 127.0.0.1, or set http.allow_remote: true (and firewall the port)`,
      );
    }
  }
  if (config.irc?.sasl && !config.irc.sasl.password) {
    throw new ConfigError(`config ${opts.source}: irc.sasl.account is set but XENBOT_IRC_PASSWORD is not`);
  }
  return config;
}

export async function loadConfigFile(file: string, env: NodeJS.ProcessEnv = process.env): Promise<Config> {
  let body: string;
  try {
    body = await fs.readFile(file, "utf8");
  } catch (err) {
    throw new ConfigError(`config ${file}: cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  let raw: unknown;
  try {
    // Loaded only when a config file is read: `xenbot ask` without one never needs it.
    const yaml = await import("yaml");
    // yaml is CommonJS for node: its named exports are guessed by node, not by every bundler.
    const parseYaml = yaml.parse ?? (yaml as unknown as { default: typeof yaml }).default.parse;
    raw = parseYaml(body);
  } catch (err) {
    throw new ConfigError(`config ${file}: not valid YAML (${(err as Error).message.split("\n")[0]})`);
  }
  return parseConfig(raw, { source: file, baseDir: path.dirname(path.resolve(file)), env });
}
