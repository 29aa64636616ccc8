// The IRC transport: irc-framework for the protocol, everything a bot needs to stay up for months
// on top (our own reconnect loop with backoff, rejoin, nick regain, a fair flood-controlled output
// queue, byte-exact line splitting), and the mapping between IRC events and the neutral
// IncomingMessage / Reply of the core.
import { EventEmitter } from "node:events";
import ircFramework from "irc-framework";
import type { IrcConfig } from "../../config.js";
import type { JoinEvent } from "../../bot/greeter.js";
import type { IncomingMessage } from "../../core/message.js";
import type { Reply } from "../../core/rich-text.js";
import type { DispatchOutcome, MessageHandler, Transport } from "../../core/transport.js";
import type { Logger } from "../../log.js";
import { backoffDelay } from "../backoff.js";
import { FairQueue, type DropReason } from "./flood-queue.js";
import { ircLinesFor, type OutLine } from "./deliver.js";
import { renderIrcLine, safeTarget, sanitizeIrcText } from "./render.js";
import { DEFAULT_IRC_TIMINGS, ircClientOptions, nickCandidate, type CorkableSocket, type IrcState, type IrcStats, type IrcTimings } from "./options.js";
import { IrcRoster } from "./roster.js";
import { DEFAULT_LIMITS, splitIrcText, textBudget, utf8Length, type SelfMask, type ServerLimits } from "./split.js";

export { DEFAULT_IRC_TIMINGS, type IrcState, type IrcStats, type IrcTimings } from "./options.js";

type Client = InstanceType<typeof ircFramework.Client>;
type MessageEvent = import("irc-framework").MessageEvent;

export interface IrcTransportOptions {
  config: IrcConfig;
  handle: MessageHandler;
  logger: Logger;
  /** The command prefix ("!"); the core parses commands, the transport only documents it. */
  prefix: string;
  timings?: Partial<IrcTimings>;
  random?: () => number;
  /** More IRCv3 capabilities to request (tests ask for echo-message). */
  extraCaps?: string[];
  /** The core's greeter: a welcome for a first-time joiner, sent as a private NOTICE. */
  greet?: (ev: JoinEvent) => Promise<Reply | null>;
}

/** A QUIT reason of two server names ("irc.a.net irc.b.net") is a netsplit. */
const NETSPLIT_QUIT = /^[\w.-]+\.[a-z]{2,} [\w.-]+\.[a-z]{2,}$/i;
/** Joins this soon after a netsplit quit are the split healing, not newcomers. */
const NETSPLIT_MEMORY_MS = 30 * 60_000;

export class IrcTransport implements Transport {
  readonly name = "irc";
  /** "state" (IrcState, details), "registered" (nick), "nick" (new nick), "joined" (channel), "ping", "loggedin" (account), "who" (channel: its WHO reply was read), "sent" (raw line), "greet" ({ nick, channel, greeted }: a join was considered for a welcome). */
  readonly events = new EventEmitter();
  /** Nicks (case-mapped) seen quitting in a netsplit, with when. */
  private readonly netsplitQuits = new Map<string, number>();
  readonly stats: IrcStats = { connects: 0, registrations: 0, disconnects: 0, linesSent: 0, linesDropped: 0, serverPings: 0, handlerErrors: 0, ownMessagesIgnored: 0 };

  private readonly config: IrcConfig;
  private readonly logger: Logger;
  private readonly timings: IrcTimings;
  private readonly random: () => number;
  private readonly roster = new IrcRoster();
  private readonly queue: FairQueue<OutLine>;
  private readonly channels: Array<{ name: string; key?: string }>;

  private client: Client | null = null;
  private socket: CorkableSocket | null = null;
  private corked = false;
  private state: IrcState = "idle";
  private started = false;
  private stopping = false;
  private stopPromise: Promise<void> | null = null;
  private onStopped: (() => void) | null = null;

  private failures = 0;
  private registeredAt = 0;
  private nickIndex = 0;
  private postRegistrationDone = false;
  private lastSocketError: string | null = null;
  private self: SelfMask;
  private limits: ServerLimits = DEFAULT_LIMITS;
  private readonly lastJoinAttempt = new Map<string, number>();
  private readonly noRejoin = new Set<string>();
  private lastRegainAttempt = 0;

  private reconnectTimer: NodeJS.Timeout | null = null;
  private registrationTimer: NodeJS.Timeout | null = null;
  private maintenanceTimer: NodeJS.Timeout | null = null;
  private readonly rejoinTimers = new Set<NodeJS.Timeout>();

  constructor(private readonly opts: IrcTransportOptions) {
    this.config = opts.config;
    this.logger = opts.logger;
    this.timings = { ...DEFAULT_IRC_TIMINGS, ...opts.timings };
    this.random = opts.random ?? Math.random;
    this.self = { nick: this.config.nick, user: null, host: null };
    this.channels = this.config.channels.map((c) => (typeof c === "string" ? { name: c } : { name: c.name, key: c.key }));
    this.queue = new FairQueue<OutLine>({
      burst: this.config.flood.burst,
      intervalMs: this.config.flood.interval_ms,
      maxAgeMs: this.timings.maxQueueAgeMs,
      send: (line) => this.transmit(line),
      onDrop: (line, reason) => this.dropped(line, reason),
      onError: (err) => this.logger.error({ err, transport: "irc" }, "irc: sending a line failed"),
    });
    this.queue.pause();
  }

  /** The bot's nick right now (the configured one, or a fallback while that is taken). */
  get nick(): string {
    return this.self.nick;
  }

  get connectionState(): IrcState {
    return this.state;
  }

  get joinedChannels(): string[] {
    return this.roster.joinedChannels();
  }

  /** Lines waiting in the flood queue. */
  get queuedLines(): number {
    return this.queue.size;
  }

  async start(): Promise<void> {
    if (this.started || this.stopping) return;
    this.started = true;
    this.connect();
  }

  stop(reason = "xenbot shutting down"): Promise<void> {
    if (this.stopPromise) return this.stopPromise;
    this.stopping = true;
    this.stopPromise = (async () => {
      this.clearTimers();
      this.queue.pause();
      const dropped = this.queue.clear();
      if (dropped > 0) this.logger.info({ transport: "irc", dropped }, "irc: dropped unsent lines at stop");
      const client = this.client;
      if (client) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(done, this.timings.quitTimeoutMs);
          function done(): void {
            clearTimeout(timer);
            resolve();
          }
          this.onStopped = done;
          try {
            if (client.connected) client.quit(sanitizeIrcText(reason).slice(0, 200) || "bye");
            else this.abort(client);
          } catch {
            done();
          }
        });
        this.onStopped = null;
        // Whatever the connection started while QUIT was on its way (a kick's rejoin timer).
        this.clearConnectionTimers();
        if (this.client) {
          this.disposeClient(this.client);
          this.client = null;
        }
      }
      this.setState("stopped");
    })();
    return this.stopPromise;
  }

  // ---- connection lifecycle ------------------------------------------------------------

  private connect(): void {
    this.reconnectTimer = null;
    if (this.stopping) return;
    const client = new ircFramework.Client();
    this.client = client;
    this.nickIndex = 0;
    this.postRegistrationDone = false;
    this.self = { nick: this.config.nick, user: null, host: null };
    this.limits = DEFAULT_LIMITS;
    this.roster.reset();
    this.noRejoin.clear();
    this.lastJoinAttempt.clear();
    this.lastSocketError = null;
    this.wire(client);
    if (this.opts.extraCaps?.length) client.requestCap(this.opts.extraCaps);
    this.stats.connects++;
    this.setState("connecting", { attempt: this.failures });
    this.registrationTimer = setTimeout(() => {
      this.registrationTimer = null;
      if (client !== this.client || this.state === "registered") return;
      this.logger.warn({ transport: "irc", timeoutMs: this.timings.registrationTimeoutMs }, "irc: registration timed out");
      this.abort(client);
    }, this.timings.registrationTimeoutMs);
    try {
      client.connect(ircClientOptions(this.config, this.timings));
    } catch (err) {
      this.logger.error({ err, transport: "irc" }, "irc: connect failed");
      this.onClose(client, true);
    }
  }

  /** Force the current connection down; `close` follows and schedules the reconnect. */
  private abort(client: Client): void {
    try {
      client.connection.end(null, true);
    } catch {
      // already gone
    }
    // A socket that never opened may not emit close: make sure the loop goes on.
    setImmediate(() => {
      if (client === this.client && !client.connected) this.onClose(client, true);
    });
  }

  private onClose(client: Client, hadError: boolean): void {
    if (client !== this.client) return;
    const wasRegistered = this.state === "registered";
    const lasted = wasRegistered ? Date.now() - this.registeredAt : 0;
    this.clearConnectionTimers();
    this.queue.pause();
    this.disposeClient(client);
    this.client = null;
    this.socket = null;
    this.roster.reset();
    this.stats.disconnects++;
    if (this.stopping) {
      this.onStopped?.();
      return;
    }
    if (wasRegistered && lasted >= this.timings.stableAfterMs) this.failures = 0;
    const delayMs = backoffDelay(this.failures, { minMs: this.config.reconnect.min_delay_ms, maxMs: this.config.reconnect.max_delay_ms }, this.random);
    this.failures++;
    this.setState("disconnected", { hadError, error: this.lastSocketError, wasRegistered, connectedMs: lasted, retryInMs: delayMs, attempt: this.failures });
    this.reconnectTimer = setTimeout(() => this.connect(), delayMs);
  }

  private disposeClient(client: Client): void {
    try {
      client.removeAllListeners();
      client.connection.clearTimers();
      const transport = client.connection.transport;
      if (transport) {
        transport.removeAllListeners();
        transport.disposeSocket();
      }
      client.connection.removeAllListeners();
    } catch (err) {
      this.logger.debug({ err, transport: "irc" }, "irc: error disposing a client");
    }
  }

  private clearConnectionTimers(): void {
    if (this.registrationTimer) clearTimeout(this.registrationTimer);
    if (this.maintenanceTimer) clearInterval(this.maintenanceTimer);
    for (const t of this.rejoinTimers) clearTimeout(t);
    this.rejoinTimers.clear();
    this.registrationTimer = this.maintenanceTimer = null;
  }

  private clearTimers(): void {
    this.clearConnectionTimers();
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
  }

  private setState(state: IrcState, details: Record<string, unknown> = {}): void {
    this.state = state;
    this.logger.info({ transport: "irc", state, host: this.config.host, port: this.config.port, nick: this.self.nick, ...details }, "irc connection");
    this.events.emit("state", state, details);
  }

  // ---- irc-framework events --------------------------------------------------------------

  private wire(client: Client): void {
    // An exception in irc-framework's own line handling (odd server input) must not kill us.
    const dispatch = client.command_handler.dispatch.bind(client.command_handler);
    client.command_handler.dispatch = (message: unknown) => {
      try {
        dispatch(message);
      } catch (err) {
        this.logger.error({ err, transport: "irc" }, "irc: error while handling a server line");
      }
    };
    // Every handler: ignore events of a replaced client, and never throw.
    const on = (event: string, fn: (...args: any[]) => void): void => {
      client.on(event, (...args: unknown[]) => {
        if (client !== this.client) return;
        try {
          fn(...args);
        } catch (err) {
          this.stats.handlerErrors++;
          this.logger.error({ err, transport: "irc", event }, "irc: event handler failed");
        }
      });
    };

    on("raw socket connected", (socket?: CorkableSocket) => {
      // Lines go out as soon as they are due (no Nagle delay); lines due together are corked
      // into one segment (see transmit), so the server relays them together too.
      socket?.setNoDelay?.(true);
      this.socket = socket ?? null;
    });
    on("socket connected", () => this.setState("connected"));
    on("socket close", (err?: Error | false) => {
      if (err) this.lastSocketError = err.message;
    });
    on("close", (hadError: boolean) => this.onClose(client, hadError));
    on("registered", (e: { nick: string }) => this.onRegistered(client, e.nick));
    on("server options", (e: { options: Record<string, unknown> }) => this.onServerOptions(e.options));
    on("motd", () => this.afterRegistration(client));
    on("nick in use", () => this.onNickRejected(client, "in use"));
    on("nick invalid", () => this.onNickRejected(client, "invalid"));
    on("unknown command", (cmd: { command: string }) => {
      // 437 ERR_UNAVAILRESOURCE (nick held after a split), 436 ERR_NICKCOLLISION.
      if (cmd.command === "437" || cmd.command === "436") this.onNickRejected(client, "unavailable");
    });
    on("nick", (e: import("irc-framework").NickEvent) => this.onNick(client, e.nick, e.new_nick));
    on("quit", (e: import("irc-framework").QuitEvent) => {
      if (NETSPLIT_QUIT.test(e.message ?? "")) this.noteNetsplitQuit(e.nick);
      this.roster.quit(e.nick);
      if (this.roster.same(e.nick, this.config.nick)) this.regainNick(client);
    });
    on("users offline", (e: { nicks: string[] }) => {
      if (e.nicks.some((n) => this.roster.same(n, this.config.nick))) this.regainNick(client);
    });
    on("join", (e: import("irc-framework").JoinEvent) => this.onJoin(client, e));
    on("part", (e: import("irc-framework").PartEvent) => {
      if (this.roster.same(e.nick, this.self.nick)) {
        this.roster.selfLeft(e.channel);
        this.logger.info({ transport: "irc", channel: e.channel }, "irc: left channel");
      } else this.roster.leave(e.channel, e.nick);
    });
    on("kick", (e: import("irc-framework").KickEvent) => this.onKick(client, e));
    on("userlist", (e: import("irc-framework").UserlistEvent) => this.roster.setMembers(e.channel, e.users.map((u) => u.nick)));
    on("wholist", (e: import("irc-framework").WholistEvent) => {
      const whox = Boolean(client.network.supports("WHOX"));
      for (const u of e.users) {
        if (this.roster.same(u.nick, this.self.nick)) this.learnMask(u.ident, u.hostname);
        else if (whox && u.account !== undefined) this.roster.setAccount(u.nick, u.account || null);
      }
      if (client.network.isChannelName(e.target)) this.events.emit("who", e.target);
    });
    on("account", (e: import("irc-framework").AccountEvent) => this.roster.setAccount(e.nick, e.account));
    on("channel info", (e: import("irc-framework").ChannelInfoEvent) => {
      if (e.modes) this.roster.applyModes(e.channel, e.modes, true);
    });
    on("mode", (e: import("irc-framework").ModeEvent) => {
      if (client.network.isChannelName(e.target)) this.roster.applyModes(e.target, e.modes);
    });
    on("displayed host", (e: import("irc-framework").DisplayedHostEvent) => {
      if (this.roster.same(e.nick, this.self.nick)) this.learnMask(this.self.user, e.hostname);
    });
    on("user updated", (e: { nick: string; new_ident?: string; new_hostname?: string }) => {
      if (this.roster.same(e.nick, this.self.nick)) this.learnMask(e.new_ident ?? this.self.user, e.new_hostname ?? this.self.host);
    });
    on("privmsg", (e: MessageEvent) => void this.onPrivmsg(client, e));
    on("irc error", (e: import("irc-framework").IrcErrorEvent) => {
      if (e.error === "irc") this.logger[this.stopping ? "info" : "warn"]({ transport: "irc", reason: e.reason }, "irc: server sent ERROR");
      else this.logger.warn({ transport: "irc", error: e.error, channel: e.channel, nick: e.nick, reason: e.reason }, "irc: server refused a command");
    });
    on("sasl failed", (e: import("irc-framework").SaslFailedEvent) =>
      this.logger.error({ transport: "irc", reason: e.reason, message: e.message }, "irc: SASL login failed; continuing without the services account"),
    );
    on("loggedin", (e: import("irc-framework").LoggedInEvent) => {
      this.logger.info({ transport: "irc", account: e.account }, "irc: logged in to services");
      this.events.emit("loggedin", e.account);
    });
    on("ping", () => {
      this.stats.serverPings++; // irc-framework has already answered PONG
      this.events.emit("ping");
    });
  }

  private onRegistered(client: Client, nick: string): void {
    if (this.registrationTimer) clearTimeout(this.registrationTimer);
    this.registrationTimer = null;
    // Registered while QUIT is on its way: joining or starting timers now would outlive stop().
    if (this.stopping) return;
    this.registeredAt = Date.now();
    this.stats.registrations++;
    this.self.nick = nick;
    this.setState("registered", { wantedNick: this.config.nick });
    this.joinConfigured(client, true);
    this.queue.resume({ resetBucket: true });
    this.maintenanceTimer = setInterval(() => this.maintenance(client), this.timings.maintenanceIntervalMs);
    this.events.emit("registered", nick);
  }

  private onServerOptions(options: Record<string, unknown>): void {
    if (typeof options.CASEMAPPING === "string") this.roster.setCaseMapping(options.CASEMAPPING);
    const num = (v: unknown, d: number): number => {
      const n = typeof v === "string" ? Number.parseInt(v, 10) : NaN;
      return Number.isFinite(n) && n > 0 && n < 1000 ? n : d;
    };
    this.limits = { userLen: num(options.USERLEN, DEFAULT_LIMITS.userLen), hostLen: num(options.HOSTLEN, DEFAULT_LIMITS.hostLen) };
  }

  /** After the MOTD (ISUPPORT is known by then): learn our user@host, watch our wanted nick. */
  private afterRegistration(client: Client): void {
    if (this.postRegistrationDone || this.state !== "registered") return;
    this.postRegistrationDone = true;
    if (this.self.host === null && safeTarget(this.self.nick)) client.who(this.self.nick);
    if (!this.roster.same(this.self.nick, this.config.nick) && client.network.supports("MONITOR")) client.raw(`MONITOR + ${this.config.nick}`);
  }

  private learnMask(user: string | null, host: string | null): void {
    if (user) this.self.user = user;
    if (host) this.self.host = host;
  }

  // ---- nick ------------------------------------------------------------------------------

  private onNickRejected(client: Client, why: string): void {
    if (this.state === "registered") {
      this.logger.debug({ transport: "irc", wanted: this.config.nick, why }, "irc: nick still unavailable");
      return;
    }
    if (this.nickIndex > 50) return; // the registration timeout will retry the connection
    const next = nickCandidate(this.config, ++this.nickIndex);
    this.logger.info({ transport: "irc", rejected: this.self.nick, why, trying: next }, "irc: nick unavailable, trying another");
    this.self.nick = next;
    client.changeNick(next);
  }

  private onNick(client: Client, from: string, to: string): void {
    this.roster.rename(from, to);
    if (this.roster.same(from, this.self.nick)) {
      this.self.nick = to;
      this.logger.info({ transport: "irc", from, to }, "irc: nick changed");
      this.events.emit("nick", to);
      if (this.roster.same(to, this.config.nick) && client.network.supports("MONITOR")) client.raw(`MONITOR - ${this.config.nick}`);
      return;
    }
    if (this.roster.same(from, this.config.nick)) this.regainNick(client);
  }

  private regainNick(client: Client): void {
    if (this.state !== "registered" || this.roster.same(this.self.nick, this.config.nick)) return;
    this.lastRegainAttempt = Date.now();
    client.changeNick(this.config.nick);
  }

  // ---- channels --------------------------------------------------------------------------

  private joinConfigured(client: Client, force: boolean): void {
    const now = Date.now();
    for (const ch of this.channels) {
      const k = this.roster.key(ch.name);
      if (this.roster.isJoined(ch.name) || this.noRejoin.has(k)) continue;
      if (!force && now - (this.lastJoinAttempt.get(k) ?? 0) < this.timings.rejoinRetryMs) continue;
      this.lastJoinAttempt.set(k, now);
      const key = ch.key ? sanitizeIrcText(ch.key).replace(/\s+/g, "") : undefined;
      client.join(ch.name, key || undefined);
    }
  }

  private maintenance(client: Client): void {
    if (client !== this.client || this.state !== "registered") return;
    try {
      if (!this.roster.same(this.self.nick, this.config.nick) && Date.now() - this.lastRegainAttempt >= this.timings.maintenanceIntervalMs) {
        this.regainNick(client);
      }
      this.joinConfigured(client, false);
    } catch (err) {
      this.logger.error({ err, transport: "irc" }, "irc: maintenance failed");
    }
  }

  private onJoin(client: Client, e: import("irc-framework").JoinEvent): void {
    if (!this.roster.same(e.nick, this.self.nick)) {
      this.roster.join(e.channel, e.nick, e.account);
      void this.greetJoiner(e);
      return;
    }
    this.roster.selfJoined(e.channel);
    this.roster.join(e.channel, e.nick);
    this.learnMask(e.ident, e.hostname);
    const chan = safeTarget(e.channel);
    if (chan) {
      client.raw(`MODE ${chan}`); // RPL_CHANNELMODEIS tells whether +c forbids formatting
      if (client.network.supports("WHOX") && !client.network.cap.isEnabled("account-tag")) client.who(chan);
    }
    this.logger.info({ transport: "irc", channel: e.channel, nick: this.self.nick }, "irc: joined channel");
    this.events.emit("joined", e.channel);
  }

  private onKick(client: Client, e: import("irc-framework").KickEvent): void {
    if (!this.roster.same(e.kicked, this.self.nick)) {
      this.roster.leave(e.channel, e.kicked);
      return;
    }
    this.roster.selfLeft(e.channel);
    const configured = this.channels.find((c) => this.roster.same(c.name, e.channel));
    const rejoin = Boolean(configured) && this.config.rejoin_on_kick;
    this.logger.warn({ transport: "irc", channel: e.channel, by: e.nick, reason: e.message, rejoinInMs: rejoin ? this.config.rejoin_delay_ms : null }, "irc: kicked");
    if (!configured) return;
    if (!rejoin) {
      this.noRejoin.add(this.roster.key(e.channel));
      return;
    }
    const timer = setTimeout(() => {
      this.rejoinTimers.delete(timer);
      if (client !== this.client || this.state !== "registered" || this.roster.isJoined(configured.name)) return;
      this.lastJoinAttempt.set(this.roster.key(configured.name), Date.now());
      const key = configured.key ? sanitizeIrcText(configured.key).replace(/\s+/g, "") : undefined;
      client.join(configured.name, key || undefined);
    }, this.config.rejoin_delay_ms);
    this.rejoinTimers.add(timer);
  }

  private noteNetsplitQuit(nick: string): void {
    const now = Date.now();
    for (const [key, at] of this.netsplitQuits) if (now - at > NETSPLIT_MEMORY_MS) this.netsplitQuits.delete(key);
    this.netsplitQuits.set(this.roster.key(nick), now);
  }

  /** Asks the core whether this joiner gets a welcome, and sends it as a private NOTICE. */
  private async greetJoiner(e: import("irc-framework").JoinEvent): Promise<void> {
    const greet = this.opts.greet;
    if (!greet) return;
    let greeted = false;
    try {
      if (this.isIgnored(e.nick)) return;
      const splitAt = this.netsplitQuits.get(this.roster.key(e.nick));
      const reply = await greet({
        transport: "irc",
        roomId: e.channel,
        userId: e.nick,
        account: typeof e.account === "string" && e.account ? e.account : null,
        host: e.hostname,
        botName: this.self.nick,
        afterNetsplit: splitAt !== undefined && Date.now() - splitAt < NETSPLIT_MEMORY_MS,
      });
      if (!reply || this.stopping) return;
      const budget = this.budget("NOTICE", e.nick);
      for (const line of reply.lines) {
        for (const piece of splitIrcText(renderIrcLine(line, { formatting: this.formattingFor(e.nick) }), budget)) {
          this.enqueue(this.roster.key(e.nick), { command: "NOTICE", target: e.nick, text: piece });
        }
      }
      greeted = true;
      this.logger.info({ transport: "irc", channel: e.channel, nick: e.nick }, "irc: greeted a newcomer");
    } catch (err) {
      this.logger.error({ err, transport: "irc", nick: e.nick }, "irc: greeting failed");
    } finally {
      this.events.emit("greet", { nick: e.nick, channel: e.channel, greeted });
    }
  }

  // ---- messages in -----------------------------------------------------------------------

  private isIgnored(nick: string): boolean {
    return this.config.ignore_nicks.some((n) => this.roster.same(n, nick));
  }

  private accountOf(client: Client, e: MessageEvent): string | null {
    const caps = client.network.cap;
    // With account-tag the tag is authoritative: no tag means not logged in.
    if (caps.isEnabled("account-tag")) return e.account ? e.account : null;
    if (caps.isEnabled("account-notify") && caps.isEnabled("extended-join")) return this.roster.account(e.nick) ?? null;
    return null;
  }

  private async onPrivmsg(client: Client, e: MessageEvent): Promise<void> {
    try {
      if (e.type && e.type !== "privmsg") return; // never answer a NOTICE (or an ACTION)
      if (e.from_server || !e.nick || typeof e.message !== "string") return;
      if (this.roster.same(e.nick, this.self.nick)) {
        this.stats.ownMessagesIgnored++;
        return;
      }
      if (this.isIgnored(e.nick)) return;
      if (e.group) return; // "@#chan": a message for the ops only; answering the channel would leak it
      // Any other target is us: the server sends us only our own messages, and one may still
      // name our previous nick just after a nick change.
      const isChannel = client.network.isChannelName(e.target);
      const msg: IncomingMessage = {
        transport: "irc",
        text: e.message,
        sender: { id: e.nick, displayName: e.nick, account: this.accountOf(client, e) },
        room: isChannel ? { id: e.target, isPrivate: false } : { id: e.nick, isPrivate: true },
        botName: this.self.nick,
        receivedAt: Date.now(),
      };
      const msgid = e.tags?.msgid; // IRCv3 message-ids, where the server offers them
      if (msgid) msg.eventId = msgid;
      const started = performance.now();
      const outcome = await this.opts.handle(msg);
      if (this.stopping || (outcome.status === "ignored" && outcome.replies.length === 0)) return;
      const lines = this.deliver(msg, outcome);
      this.logger.info(
        { transport: "irc", room: msg.room.id, command: outcome.command, status: outcome.status, latencyMs: Math.round((performance.now() - started) * 1000) / 1000, lines },
        "command handled",
      );
    } catch (err) {
      this.stats.handlerErrors++;
      this.logger.error({ err, transport: "irc", from: e.nick, target: e.target }, "irc: failed to handle a message");
    }
  }

  // ---- replies out -----------------------------------------------------------------------

  private formattingFor(target: string): boolean {
    if (this.config.formatting === "never") return false;
    const client = this.client;
    if (client && client.network.isChannelName(target)) return this.roster.allowsFormatting(target);
    return true;
  }

  private budget(command: string, target: string): number {
    return textBudget(command, target, this.self, this.limits);
  }

  /** Renders, splits and queues a dispatch outcome; returns the number of lines queued. */
  private deliver(msg: IncomingMessage, outcome: DispatchOutcome): number {
    const key = this.roster.key(msg.sender.id);
    const lines = ircLinesFor(msg, outcome, {
      selfNick: this.self.nick,
      maxRoomLines: this.config.max_channel_lines,
      same: (a, b) => this.roster.same(a, b),
      isMember: (channel, nick) => this.roster.isMember(channel, nick),
      formattingFor: (target) => this.formattingFor(target),
      budget: (command, target) => this.budget(command, target),
    });
    let queued = 0;
    for (const line of lines) queued += this.enqueue(key, line);
    return queued;
  }

  private enqueue(key: string, line: OutLine): number {
    if (!safeTarget(line.target)) {
      this.logger.warn({ transport: "irc", target: line.target }, "irc: refusing to send to an invalid target");
      return 0;
    }
    return this.queue.push(key, line) ? 1 : 0;
  }

  /** The flood queue's sender: the only place PRIVMSG/NOTICE lines reach the socket. */
  private transmit(line: OutLine): void {
    const client = this.client;
    if (!client || this.state !== "registered") {
      this.dropped(line, "cleared");
      return;
    }
    this.corkUntilNextTick();
    const head = `${line.command} ${line.target} :`;
    const budget = this.budget(line.command, line.target);
    // Our nick or host may have changed since the line was split (a longer nick regained): cut
    // again, each piece still addressed to its reader.
    // splitIrcText returns a line that fits as it is.
    const address = line.address ?? "";
    const pieces = splitIrcText(line.text.slice(address.length), budget - utf8Length(address)).map((p) => address + p);
    for (const piece of pieces) {
      const raw = head + piece;
      if (/[\r\n\0]/.test(raw)) {
        // Unreachable by construction (sanitizeIrcText); kept as the last line of defence.
        this.logger.error({ transport: "irc", target: line.target }, "irc: refusing a line with CR, LF or NUL");
        continue;
      }
      client.raw(raw);
      this.stats.linesSent++;
      this.events.emit("sent", raw);
    }
  }

  /** Lines sent in the same tick leave in one TCP segment. */
  private corkUntilNextTick(): void {
    const socket = this.socket;
    if (this.corked || !socket?.cork || !socket.uncork) return;
    this.corked = true;
    socket.cork();
    process.nextTick(() => {
      this.corked = false;
      try {
        socket.uncork!();
      } catch {
        // socket gone
      }
    });
  }

  private dropped(line: OutLine, reason: DropReason): void {
    this.stats.linesDropped++;
    if (reason !== "cleared") this.logger.warn({ transport: "irc", target: line.target, reason }, "irc: dropped an outgoing line");
  }
}
