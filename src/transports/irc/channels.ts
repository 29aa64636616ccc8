// Staying in the configured channels: join them after registration, try again now and then when
// a JOIN failed (ban, +i, +k…), rejoin after a kick when the config says so (never a channel we
// were kicked from with rejoin off, until the next connection).
import type { IrcConfig } from "../../config.js";
import type { Logger } from "../../log.js";
import type { Client } from "./client.js";
import { sanitizeIrcText } from "./render.js";
import type { IrcRoster } from "./roster.js";

export interface ChannelKeeperOptions {
  config: IrcConfig;
  logger: Logger;
  roster: IrcRoster;
  /** Minimum time between two JOIN attempts for the same channel. */
  rejoinRetryMs: number;
}

export class ChannelKeeper {
  private readonly channels: Array<{ name: string; key?: string }>;
  private readonly lastJoinAttempt = new Map<string, number>();
  private readonly noRejoin = new Set<string>();
  private readonly rejoinTimers = new Set<NodeJS.Timeout>();

  constructor(private readonly opts: ChannelKeeperOptions) {
    this.channels = opts.config.channels.map((c) => (typeof c === "string" ? { name: c } : { name: c.name, key: c.key }));
  }

  /** A new connection: every channel may be tried again. */
  reset(): void {
    this.noRejoin.clear();
    this.lastJoinAttempt.clear();
  }

  clearTimers(): void {
    for (const t of this.rejoinTimers) clearTimeout(t);
    this.rejoinTimers.clear();
  }

  /** JOINs the configured channels we are not in; `force` ignores the retry interval. */
  joinConfigured(client: Client, force: boolean): void {
    const roster = this.opts.roster;
    const now = Date.now();
    for (const ch of this.channels) {
      const k = roster.key(ch.name);
      if (roster.isJoined(ch.name) || this.noRejoin.has(k)) continue;
      if (!force && now - (this.lastJoinAttempt.get(k) ?? 0) < this.opts.rejoinRetryMs) continue;
      this.lastJoinAttempt.set(k, now);
      this.join(client, ch);
    }
  }

  /** We were kicked: rejoin a configured channel after rejoin_delay_ms, or stay out. */
  kicked(client: Client, e: import("irc-framework").KickEvent, stillConnected: () => boolean): void {
    const { roster, config, logger } = this.opts;
    roster.selfLeft(e.channel);
    const configured = this.channels.find((c) => roster.same(c.name, e.channel));
    const rejoin = Boolean(configured) && config.rejoin_on_kick;
    logger.warn({ transport: "irc", channel: e.channel, by: e.nick, reason: e.message, rejoinInMs: rejoin ? config.rejoin_delay_ms : null }, "irc: kicked");
    if (!configured) return;
    if (!rejoin) {
      this.noRejoin.add(roster.key(e.channel));
      return;
    }
    const timer = setTimeout(() => {
      this.rejoinTimers.delete(timer);
      if (!stillConnected() || roster.isJoined(configured.name)) return;
      this.lastJoinAttempt.set(roster.key(configured.name), Date.now());
      this.join(client, configured);
    }, config.rejoin_delay_ms);
    this.rejoinTimers.add(timer);
  }

  private join(client: Client, ch: { name: string; key?: string }): void {
    const key = ch.key ? sanitizeIrcText(ch.key).replace(/\s+/g, "") : undefined;
    client.join(ch.name, key || undefined);
  }
}
