// Following who is where, from the server's events: joins, parts, kicks, quits and nick changes
// keep the roster (so "> nick" reaches only people present), NAMES and WHO fill it, account
// events and WHOX tell services accounts, MODE tells +c; our own JOIN and host changes teach us
// our user@host (for byte budgets). Someone else's join goes on to the port as a possible welcome.
import type { Logger } from "../../log.js";
import type { ChannelKeeper } from "./channels.js";
import type { Client } from "./client.js";
import type { NickKeeper } from "./nick.js";
import type { On } from "./safe-events.js";
import { safeTarget } from "./render.js";
import type { IrcRoster } from "./roster.js";
import type { SelfMask } from "./split.js";

/** A QUIT reason of two server names ("irc.a.net irc.b.net") is a netsplit. */
const NETSPLIT_QUIT = /^[\w.-]+\.[a-z]{2,} [\w.-]+\.[a-z]{2,}$/i;


export interface MembershipDeps {
  roster: IrcRoster;
  logger: Logger;
  selfNick(): string;
  selfMask(): SelfMask;
  learnMask(user: string | null, host: string | null): void;
  channels: ChannelKeeper;
  nicks: NickKeeper;
  handlers: {
    /** Someone else joined a channel we are in. */
    joined(e: import("irc-framework").JoinEvent): void;
    /** Someone quit with a netsplit's two server names as the reason. */
    netsplitQuit(nick: string): void;
    /** Someone changed nick (never us). */
    renamed(from: string, to: string): void;
    /** Someone quit (channel null) or left a channel by part or kick (never us). */
    left(nick: string, channel: string | null): void;
    /** We are no longer in a channel (part or kick). */
    selfLeft(channel: string): void;
  };
  /** Still this connection, still registered (for a kick's delayed rejoin). */
  stillConnected(): boolean;
}

export function followMembership(client: Client, on: On, d: MembershipDeps): void {
  const { roster, logger } = d;
  const isSelf = (nick: string): boolean => roster.same(nick, d.selfNick());

  on("nick", (e: import("irc-framework").NickEvent) => {
    roster.rename(e.nick, e.new_nick);
    d.nicks.renamed(client, e.nick, e.new_nick);
    if (!isSelf(e.new_nick)) d.handlers.renamed(e.nick, e.new_nick);
  });
  on("quit", (e: import("irc-framework").QuitEvent) => {
    if (NETSPLIT_QUIT.test(e.message ?? "")) d.handlers.netsplitQuit(e.nick);
    roster.quit(e.nick);
    d.nicks.left(client, e.nick);
    d.handlers.left(e.nick, null);
  });
  on("users offline", (e: { nicks: string[] }) => {
    for (const nick of e.nicks) d.nicks.left(client, nick);
  });
  on("join", (e: import("irc-framework").JoinEvent) => {
    if (!isSelf(e.nick)) {
      roster.join(e.channel, e.nick, e.account);
      d.handlers.joined(e);
      return;
    }
    roster.selfJoined(e.channel);
    roster.join(e.channel, e.nick);
    d.learnMask(e.ident, e.hostname);
    const chan = safeTarget(e.channel);
    if (chan) {
      client.raw(`MODE ${chan}`); // RPL_CHANNELMODEIS tells whether +c forbids formatting
      if (client.network.supports("WHOX") && !client.network.cap.isEnabled("account-tag")) client.who(chan);
    }
    logger.info({ transport: "irc", channel: e.channel, nick: d.selfNick() }, "irc: joined channel");
  });
  on("part", (e: import("irc-framework").PartEvent) => {
    if (isSelf(e.nick)) {
      roster.selfLeft(e.channel);
      d.handlers.selfLeft(e.channel);
      logger.info({ transport: "irc", channel: e.channel }, "irc: left channel");
    } else {
      roster.leave(e.channel, e.nick);
      d.handlers.left(e.nick, e.channel);
    }
  });
  on("kick", (e: import("irc-framework").KickEvent) => {
    if (isSelf(e.kicked)) {
      d.handlers.selfLeft(e.channel);
      d.channels.kicked(client, e, d.stillConnected);
    } else {
      roster.leave(e.channel, e.kicked);
      d.handlers.left(e.kicked, e.channel);
    }
  });
  on("userlist", (e: import("irc-framework").UserlistEvent) => roster.setMembers(e.channel, e.users.map((u) => u.nick)));
  on("wholist", (e: import("irc-framework").WholistEvent) => {
    const whox = Boolean(client.network.supports("WHOX"));
    for (const u of e.users) {
      if (isSelf(u.nick)) d.learnMask(u.ident, u.hostname);
      else if (whox && u.account !== undefined) roster.setAccount(u.nick, u.account || null);
    }
    if (client.network.isChannelName(e.target)) logger.debug({ transport: "irc", channel: e.target }, "irc: read the channel's WHO reply");
  });
  on("account", (e: import("irc-framework").AccountEvent) => roster.setAccount(e.nick, e.account));
  on("channel info", (e: import("irc-framework").ChannelInfoEvent) => {
    if (e.modes) roster.applyModes(e.channel, e.modes, true);
  });
  on("mode", (e: import("irc-framework").ModeEvent) => {
    if (client.network.isChannelName(e.target)) roster.applyModes(e.target, e.modes);
  });
  on("displayed host", (e: import("irc-framework").DisplayedHostEvent) => {
    if (isSelf(e.nick)) d.learnMask(d.selfMask().user, e.hostname);
  });
  on("user updated", (e: { nick: string; new_ident?: string; new_hostname?: string }) => {
    if (isSelf(e.nick)) d.learnMask(e.new_ident ?? d.selfMask().user, e.new_hostname ?? d.selfMask().host);
  });
}
