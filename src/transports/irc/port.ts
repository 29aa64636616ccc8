// The IRC port: what the core needs of IRC. A PRIVMSG becomes a neutral IncomingMessage for the
// core's inbox, a join becomes a JoinEvent; the planned sends come back as PRIVMSG/NOTICE lines
// through a fair, flood-controlled queue paced for the server (pacing.ts), whose lines follow
// people: a nick change retargets them, leaving drops them, a disconnect drops them all (who is
// still there is unknown until the channels are joined again, and an answer that late is stale).
// Keeping the connection up is IrcConnection's job.
import type { IrcConfig } from "../../config.js";
import type { IncomingMessage, Room } from "../../core/message.js";
import type { RichLine } from "../../core/rich-text.js";
import type { Inbox, Member, Outgoing, Port, PortStatus, RenderTarget } from "../../core/transport.js";
import type { Logger } from "../../log.js";
import type { Client } from "./client.js";
import { IrcConnection } from "./connection.js";
import { FairQueue, type DropReason } from "./flood-queue.js";
import { DEFAULT_IRC_TIMINGS, type IrcTimings } from "./options.js";
import { ircLines, ircMember, renderIrc, type IrcWire, type OutLine } from "./outgoing.js";
import { pacingFor } from "./pacing.js";
import { boundFor, expiryNote, leavesWith, overflowNote, renamedLine } from "./queue-lines.js";
import { safeTarget } from "./render.js";
import { splitIrcText, utf8Length } from "./split.js";

type MessageEvent = import("irc-framework").MessageEvent;

export interface IrcPortOptions {
  config: IrcConfig;
  logger: Logger;
  /** Timers tuned for a bot that stays up for months (see options.ts). */
  timings?: Partial<IrcTimings>;
  random?: () => number;
  /** IRCv3 capabilities to request beyond irc-framework's own (echo-message). */
  caps?: string[];
}

/** Joins this soon after a netsplit quit are the split healing, not newcomers. */
const NETSPLIT_MEMORY_MS = 30 * 60_000;

export class IrcPort implements Port<string> {
  readonly name = "irc";
  readonly maxRoomLines: number;
  private readonly config: IrcConfig;
  private readonly logger: Logger;
  private readonly conn: IrcConnection;
  private readonly queue: FairQueue<OutLine>;
  private readonly wire: IrcWire;
  /** Nicks (case-mapped) seen quitting in a netsplit, with when. */
  private readonly netsplitQuits = new Map<string, number>();
  private inbox: Inbox | null = null;

  constructor(opts: IrcPortOptions) {
    this.config = opts.config;
    this.logger = opts.logger;
    this.maxRoomLines = opts.config.max_channel_lines;
    const timings = { ...DEFAULT_IRC_TIMINGS, ...opts.timings };
    this.conn = new IrcConnection({
      config: opts.config,
      logger: opts.logger,
      timings,
      random: opts.random ?? Math.random,
      caps: opts.caps ?? [],
      handlers: {
        message: (client, e) => void this.onMessage(client, e),
        joined: (e) => void this.onJoined(e),
        netsplitQuit: (nick) => this.noteNetsplitQuit(nick),
        renamed: (from, to) => this.queue.rewrite((line) => renamedLine(line, from, to, this.same)),
        left: (nick, channel) => this.forget((line) => leavesWith(line, nick, channel, this.same), { nick, channel }),
        selfLeft: (channel) => this.forget((line) => boundFor(line, channel, this.same), { channel }),
        identified: (software) => this.pace(software),
        up: () => this.queue.resume({ resetBucket: true }),
        down: () => this.disconnected(),
      },
    });
    const conn = this.conn;
    const roster = conn.roster;
    this.wire = {
      get selfNick() {
        return conn.nick;
      },
      same: (a, b) => roster.same(a, b),
      isMember: (channel, nick) => roster.isMember(channel, nick),
      formattingFor: (target) => conn.formattingFor(target),
      budget: (command, target) => conn.budget(command, target),
    };
    const flood = this.config.flood;
    this.queue = new FairQueue<OutLine>({
      ...pacingFor(null, flood),
      maxPerPerson: flood.max_lines_per_person,
      maxAgeMs: flood.max_age_ms,
      overflowNote,
      expiryNote: (first, count) => expiryNote(first, count, flood.max_age_ms),
      send: (line) => this.transmit(line),
      onDrop: (line, reason) => this.dropped(line, reason),
      onError: (err) => this.logger.error({ err, transport: "irc" }, "irc: sending a line failed"),
    });
    this.queue.pause();
  }

  async start(inbox: Inbox): Promise<void> {
    this.inbox = inbox;
    this.conn.start();
  }

  async stop(reason = "xenbot shutting down"): Promise<void> {
    this.queue.pause();
    const dropped = this.queue.clear();
    if (dropped > 0) this.logger.info({ transport: "irc", dropped }, "irc: dropped unsent lines at stop");
    await this.conn.stop(reason);
  }

  status(): PortStatus {
    return {
      connected: this.conn.registered,
      state: this.conn.connectionState,
      details: { nick: this.conn.nick, channels: this.conn.roster.joinedChannels(), queuedLines: this.queue.size, ...this.conn.stats },
    };
  }

  findMember(room: Room, pointer: string): Member | null {
    return ircMember(room, pointer, this.wire);
  }

  render(lines: readonly RichLine[], where: RenderTarget): string[] {
    return renderIrc(lines, where, this.wire);
  }

  async send(out: Outgoing<string>): Promise<boolean> {
    if (this.conn.isStopping) return false;
    const lines = ircLines(out, this.wire);
    if (!this.conn.registered) {
      // Nobody to send to until the channels are joined again: see the top comment.
      for (const line of lines) this.dropped(line, "cleared");
      return false;
    }
    const safe = lines.filter((line) => {
      if (safeTarget(line.target)) return true;
      this.logger.warn({ transport: "irc", target: line.target }, "irc: refusing to send to an invalid target");
      return false;
    });
    const accepted = this.queue.push(this.personKey(out.askedBy), safe);
    return safe.length === lines.length && accepted === lines.length;
  }

  /** The queue's key for an asker: who they are, not their nick, so a new nick is no new share. */
  private personKey(asker: Member): string {
    return asker.person ?? `nick:${this.conn.roster.key(asker.id)}`;
  }

  private readonly same = (a: string, b: string): boolean => this.conn.roster.same(a, b);

  // ---- in --------------------------------------------------------------------------------

  private async onMessage(client: Client, e: MessageEvent): Promise<void> {
    const inbox = this.inbox;
    try {
      if (!inbox) return;
      if (e.type && e.type !== "privmsg") return; // never answer a NOTICE (or an ACTION)
      if (e.from_server || !e.nick || typeof e.message !== "string") return;
      if (this.config.ignore_nicks.some((n) => this.conn.roster.same(n, e.nick))) return;
      if (e.group) return; // "@#chan": a message for the ops only; answering the channel would leak it
      // Any other target is us: the server sends us only our own messages, and one may still
      // name our previous nick just after a nick change.
      const isChannel = client.network.isChannelName(e.target);
      const account = this.conn.accountOf(client, e);
      const msg: IncomingMessage = {
        transport: "irc",
        text: e.message,
        sender: { id: e.nick, displayName: e.nick, account, person: ircPerson(account, e.ident, e.hostname, e.nick) },
        room: isChannel ? { id: e.target, isPrivate: false } : { id: e.nick, isPrivate: true },
        botName: this.conn.nick,
        receivedAt: Date.now(),
      };
      const msgid = e.tags?.msgid; // IRCv3 message-ids, where the server offers them
      if (msgid) msg.eventId = msgid;
      const answer = await inbox.message(msg);
      if (answer.sends.length > 0) this.queue.asked(msg.sender.person!);
      if (!this.conn.isStopping) await answer.flush();
    } catch (err) {
      this.conn.stats.handlerErrors++;
      this.logger.error({ err, transport: "irc", from: e.nick, target: e.target }, "irc: failed to handle a message");
    }
  }

  /** A joiner may get a welcome (a private NOTICE): the core decides. */
  private async onJoined(e: import("irc-framework").JoinEvent): Promise<void> {
    if (!this.inbox) return;
    const splitAt = this.netsplitQuits.get(this.conn.roster.key(e.nick));
    const answer = await this.inbox.joined({
      transport: "irc",
      roomId: e.channel,
      userId: e.nick,
      account: typeof e.account === "string" && e.account ? e.account : null,
      host: e.hostname,
      botName: this.conn.nick,
      afterNetsplit: splitAt !== undefined && Date.now() - splitAt < NETSPLIT_MEMORY_MS,
    });
    if (!this.conn.isStopping) await answer.flush();
  }

  private noteNetsplitQuit(nick: string): void {
    const now = Date.now();
    for (const [key, at] of this.netsplitQuits) if (now - at > NETSPLIT_MEMORY_MS) this.netsplitQuits.delete(key);
    this.netsplitQuits.set(this.conn.roster.key(nick), now);
  }

  // ---- out -------------------------------------------------------------------------------

  /** The server is known (after the MOTD): its pace, unless the config says otherwise. */
  private pace(software: string | null): void {
    const pace = pacingFor(software, this.config.flood);
    this.queue.setPace(pace);
    this.logger.info({ transport: "irc", server: software, profile: pace.name, burst: pace.burst, intervalMs: pace.intervalMs }, "irc: pacing output");
  }

  /** Drops waiting lines whose reader left (or whose channel we left). */
  private forget(gone: (line: OutLine) => boolean, who: { nick?: string; channel: string | null }): void {
    const dropped = this.queue.rewrite((line) => (gone(line) ? null : line));
    if (dropped > 0) this.logger.info({ transport: "irc", ...who, dropped }, "irc: dropped lines for someone who left");
  }

  private disconnected(): void {
    this.queue.pause();
    const dropped = this.queue.clear();
    if (dropped > 0) this.logger.info({ transport: "irc", dropped }, "irc: dropped unsent lines at disconnect");
  }

  /** The flood queue's sender: the only place PRIVMSG/NOTICE lines reach the socket. */
  private transmit(line: OutLine): void {
    if (!this.conn.registered) {
      this.dropped(line, "cleared");
      return;
    }
    const head = `${line.command} ${line.target} :`;
    // Our nick or host may have changed since the line was split (a longer nick regained): cut
    // again, each piece still addressed to its reader. splitIrcText returns a line that fits as it is.
    const address = line.address ?? "";
    const budget = this.conn.budget(line.command, line.target) - utf8Length(address);
    for (const piece of splitIrcText(line.text.slice(address.length), budget)) {
      const raw = head + address + piece;
      if (/[\r\n\0]/.test(raw)) {
        // Unreachable by construction (sanitizeIrcText); kept as the last line of defence.
        this.logger.error({ transport: "irc", target: line.target }, "irc: refusing a line with CR, LF or NUL");
        continue;
      }
      this.conn.sendRaw(raw);
    }
  }

  private dropped(line: OutLine, reason: DropReason): void {
    this.conn.stats.linesDropped++;
    // Departures and disconnects are logged once per event, not per line.
    if (reason !== "cleared" && reason !== "departed") this.logger.warn({ transport: "irc", target: line.target, reason }, "irc: dropped an outgoing line");
  }
}

/**
 * Who a person is for limits and queue shares: the services account when the server tells it,
 * else user@host (both survive a nick change); the nick only when the server gave neither.
 */
export function ircPerson(account: string | null, ident: string | undefined, hostname: string | undefined, nick: string): string {
  if (account) return `account:${account.toLowerCase()}`;
  if (ident && hostname) return `mask:${ident}@${hostname.toLowerCase()}`;
  return `nick:${nick.toLowerCase()}`;
}
