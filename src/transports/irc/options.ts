// The IRC transport's settings that are not in the config file (timers, tuned for a bot that stays
// up for months; tests shorten them), its state and counters, and how the config becomes
// irc-framework's options.
import type { ClientOptions } from "irc-framework";
import type { IrcConfig } from "../../config.js";
import { sanitizeIrcText } from "./render.js";

export interface IrcTimings {
  /** No 001 within this long after connecting: drop the connection and retry. */
  registrationTimeoutMs: number;
  /** A connection registered at least this long resets the reconnect backoff. */
  stableAfterMs: number;
  /** How often to check nick regain and rejoin missing channels. */
  maintenanceIntervalMs: number;
  /** Minimum time between two JOIN attempts for the same channel (ban, +i, +k…). */
  rejoinRetryMs: number;
  /** How long stop() waits for the server to close after QUIT. */
  quitTimeoutMs: number;
  /** irc-framework keepalive: PING the server this often, give up after this long silent. */
  pingIntervalS: number;
  pingTimeoutS: number;
  /** Failing to register for this long turns the connection's warnings into errors. */
  escalateAfterMs: number;
}

export const DEFAULT_IRC_TIMINGS: IrcTimings = {
  registrationTimeoutMs: 60_000,
  stableAfterMs: 60_000,
  maintenanceIntervalMs: 60_000,
  rejoinRetryMs: 300_000,
  quitTimeoutMs: 3_000,
  pingIntervalS: 30,
  pingTimeoutS: 120,
  escalateAfterMs: 60_000,
};

export type IrcState = "idle" | "connecting" | "connected" | "registered" | "disconnected" | "stopped";

export interface CorkableSocket {
  setNoDelay?: (on: boolean) => void;
  cork?: () => void;
  uncork?: () => void;
}

export interface IrcStats {
  connects: number;
  registrations: number;
  disconnects: number;
  linesSent: number;
  linesDropped: number;
  serverPings: number;
  handlerErrors: number;
  /** Our own messages echoed back (echo-message) and ignored. */
  ownMessagesIgnored: number;
}

/**
 * irc-framework's options: its own reconnect off (ours never gives up), SASL only when
 * configured (`account: {}` stops it from offering a server password as SASL credentials), no
 * automatic CTCP VERSION reply (it would bypass the flood queue).
 */
export function ircClientOptions(config: IrcConfig, timings: IrcTimings): ClientOptions {
  return {
    host: config.host,
    port: config.port,
    tls: config.tls,
    rejectUnauthorized: config.tls_verify,
    nick: config.nick,
    username: sanitizeIrcText(config.username).replace(/\s+/g, "") || "xenbot",
    gecos: sanitizeIrcText(config.realname).trim() || "xenbot",
    account: config.sasl ? { account: config.sasl.account, password: config.sasl.password ?? "" } : {},
    sasl_disconnect_on_fail: false,
    auto_reconnect: false,
    auto_reconnect_max_retries: 0,
    ping_interval: timings.pingIntervalS,
    ping_timeout: timings.pingTimeoutS,
    encoding: "utf8",
    version: "",
    enable_chghost: true,
  };
}

/** Nick to try after `i` refusals: the nick, the alt nicks in order, then the nick + 1, 2, … */
export function nickCandidate(config: Pick<IrcConfig, "nick" | "alt_nicks">, i: number): string {
  const alts = config.alt_nicks;
  if (i <= 0) return config.nick;
  if (i <= alts.length) return alts[i - 1]!;
  const n = String(i - alts.length);
  // Stay within 9 characters (RFC 1459's NICKLEN; ngircd's default) unless the nick is longer.
  const max = Math.max(9, config.nick.length);
  return config.nick.slice(0, max - n.length) + n;
}
