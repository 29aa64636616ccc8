// Keeping the configured nick: while registering, a taken or refused nick moves on to the alt
// nicks and then numbered ones; once registered, the configured nick is taken back when its
// holder leaves (QUIT, NICK, MONITOR's "offline") or, failing that, tried again now and then.
import type { IrcConfig } from "../../config.js";
import type { Logger } from "../../log.js";
import type { Client } from "./client.js";
import { nickCandidate } from "./options.js";
import type { IrcRoster } from "./roster.js";

export interface NickKeeperOptions {
  config: IrcConfig;
  logger: Logger;
  roster: IrcRoster;
  /** Our nick now, and a way to change what we believe it is. */
  current(): string;
  setCurrent(nick: string): void;
  registered(): boolean;
  /** How often a regain is tried when nothing tells us the nick is free. */
  retryMs: number;
}

export class NickKeeper {
  private index = 0;
  private lastRegainAttempt = 0;

  constructor(private readonly opts: NickKeeperOptions) {}

  /** A new connection starts from the configured nick. */
  reset(): void {
    this.index = 0;
  }

  private get wanted(): string {
    return this.opts.config.nick;
  }

  private isWanted(nick: string): boolean {
    return this.opts.roster.same(nick, this.wanted);
  }

  /** The server refused the nick we asked for (in use, invalid, held after a split). */
  rejected(client: Client, why: string): void {
    if (this.opts.registered()) {
      this.opts.logger.debug({ transport: "irc", wanted: this.wanted, why }, "irc: nick still unavailable");
      return;
    }
    if (this.index > 50) return; // the registration timeout will retry the connection
    const next = nickCandidate(this.opts.config, ++this.index);
    this.opts.logger.info({ transport: "irc", rejected: this.opts.current(), why, trying: next }, "irc: nick unavailable, trying another");
    this.opts.setCurrent(next);
    client.changeNick(next);
  }

  /** After the MOTD: with a fallback nick, ask the server to tell us when ours is free. */
  watch(client: Client): void {
    if (!this.isWanted(this.opts.current()) && client.network.supports("MONITOR")) client.raw(`MONITOR + ${this.wanted}`);
  }

  /** Someone's NICK: ours (then stop watching once we have the wanted one), or the holder's. */
  renamed(client: Client, from: string, to: string): void {
    if (this.opts.roster.same(from, this.opts.current())) {
      this.opts.setCurrent(to);
      this.opts.logger.info({ transport: "irc", from, to }, "irc: nick changed");
      if (this.isWanted(to) && client.network.supports("MONITOR")) client.raw(`MONITOR - ${this.wanted}`);
      return;
    }
    if (this.isWanted(from)) this.regain(client);
  }

  /** Someone left (QUIT, MONITOR offline): if it was the holder of our nick, take it. */
  left(client: Client, nick: string): void {
    if (this.isWanted(nick)) this.regain(client);
  }

  /** The periodic try, for servers that tell us nothing. */
  maintain(client: Client): void {
    if (!this.isWanted(this.opts.current()) && Date.now() - this.lastRegainAttempt >= this.opts.retryMs) this.regain(client);
  }

  private regain(client: Client): void {
    if (!this.opts.registered() || this.isWanted(this.opts.current())) return;
    this.lastRegainAttempt = Date.now();
    client.changeNick(this.wanted);
  }
}
