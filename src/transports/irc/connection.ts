// Keeping one IRC connection up for months on top of irc-framework: our own reconnect loop with
// backoff and jitter (the library's gives up), a registration timeout, nick fallback and regain,
// the server's limits and our own user@host (for byte budgets), and what the roster learns from
// the server. Channel joins and rejoins are ChannelKeeper's. What a person says, and who joins,
// is handed to the port (port.ts); this class never sees a command or a reply.
import ircFramework from "irc-framework";
import { disposeClient, type Client } from "./client.js";
import type { IrcConfig } from "../../config.js";
import type { Logger } from "../../log.js";
import { backoffDelay } from "../backoff.js";
import { FailingSince, hintFor, saslHint } from "../failure-hints.js";
import { ChannelKeeper } from "./channels.js";
import { followMembership } from "./membership.js";
import { safeEvents } from "./safe-events.js";
import { TickCork } from "./tick-cork.js";
import { NickKeeper } from "./nick.js";
import { ircClientOptions, type CorkableSocket, type IrcState, type IrcStats, type IrcTimings } from "./options.js";
import { safeTarget, sanitizeIrcText } from "./render.js";
import { IrcRoster } from "./roster.js";
import { OwnIdentity } from "./identity.js";

type MessageEvent = import("irc-framework").MessageEvent;

export interface ConnectionHandlers {
  /** A PRIVMSG or NOTICE to us or a channel we are in (not our own). */
  message(client: Client, e: MessageEvent): void;
  /** Someone else joined a channel we are in. */
  joined(e: import("irc-framework").JoinEvent): void;
  /** Someone quit with a netsplit's two server names as the reason. */
  netsplitQuit(nick: string): void;
  /** Someone changed nick; someone quit (channel null) or left a channel; we left a channel. */
  renamed(from: string, to: string): void;
  left(nick: string, channel: string | null): void;
  selfLeft(channel: string): void;
  /** After the MOTD: the server's software as RPL_YOURHOST names it (null when it did not). */
  identified(software: string | null): void;
  /** Registered: lines may flow. */
  up(): void;
  /** The connection is gone (a reconnect follows unless stopping): lines must wait. */
  down(): void;
}

export interface IrcConnectionOptions {
  config: IrcConfig;
  logger: Logger;
  timings: IrcTimings;
  random: () => number;
  /** IRCv3 capabilities to request beyond irc-framework's own (echo-message, to see our lines come back). */
  caps: string[];
  handlers: ConnectionHandlers;
}

export class IrcConnection {
  readonly roster = new IrcRoster();
  readonly stats: IrcStats = { connects: 0, registrations: 0, disconnects: 0, linesSent: 0, linesDropped: 0, serverPings: 0, handlerErrors: 0, ownMessagesIgnored: 0 };
  private readonly config: IrcConfig;
  private readonly logger: Logger;
  private readonly timings: IrcTimings;
  private readonly channels: ChannelKeeper;
  private readonly nicks: NickKeeper;
  private client: Client | null = null;
  private readonly cork = new TickCork();
  private state: IrcState = "idle";
  private started = false;
  private stopping = false;
  private stopPromise: Promise<void> | null = null;
  private onStopped: (() => void) | null = null;
  private failures = 0;
  private registeredAt = 0;
  private postRegistrationDone = false;
  private lastSocketError: string | null = null;
  /** The last connection's error, kept for the "cannot connect" line while the next attempt runs. */
  private lastError: string | null = null;
  /** Failures are warnings at first, errors once the bot has been unable to register for a minute. */
  private readonly failing: FailingSince;
  private readonly own: OwnIdentity;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private registrationTimer: NodeJS.Timeout | null = null;
  private maintenanceTimer: NodeJS.Timeout | null = null;

  constructor(private readonly opts: IrcConnectionOptions) {
    this.config = opts.config;
    this.logger = opts.logger;
    this.timings = opts.timings;
    this.own = new OwnIdentity(this.config.nick);
    this.failing = new FailingSince(opts.timings.escalateAfterMs, (failingForMs) =>
      this.logger.error({ transport: "irc", state: this.state, host: this.config.host, port: this.config.port, error: this.lastError, ...hintFor(this.lastError, this.destination), failingForMs }, "irc: cannot connect; still trying"),
    );
    this.channels = new ChannelKeeper({ config: opts.config, logger: opts.logger, roster: this.roster, rejoinRetryMs: opts.timings.rejoinRetryMs });
    this.nicks = new NickKeeper({
      config: opts.config,
      logger: opts.logger,
      roster: this.roster,
      current: () => this.own.mask.nick,
      setCurrent: (nick) => (this.own.mask.nick = nick),
      registered: () => this.state === "registered",
      retryMs: opts.timings.maintenanceIntervalMs,
    });
  }

  /** The bot's nick right now (the configured one, or a fallback while that is taken). */
  get nick(): string {
    return this.own.mask.nick;
  }

  get connectionState(): IrcState {
    return this.state;
  }

  get registered(): boolean {
    return this.state === "registered" && this.client !== null;
  }

  get isStopping(): boolean {
    return this.stopping;
  }

  start(): void {
    if (this.started || this.stopping) return;
    this.started = true;
    this.connect();
  }

  /** QUIT (waiting up to quitTimeoutMs for the server to close), then no timers left. */
  stop(reason: string): Promise<void> {
    if (this.stopPromise) return this.stopPromise;
    this.stopping = true;
    this.stopPromise = (async () => {
      this.clearTimers();
      this.failing.dispose();
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
          disposeClient(this.client, this.logger);
          this.client = null;
        }
      }
      this.setState("stopped");
    })();
    return this.stopPromise;
  }

  // ---- what the port asks ----------------------------------------------------------------

  /** Bytes of text that fit in `COMMAND target :text` as the server relays it to others. */
  budget(command: string, target: string): number {
    return this.own.budget(command, target);
  }

  isChannel(target: string): boolean {
    return this.client?.network.isChannelName(target) ?? /^[#&+!]/.test(target);
  }

  /** Bold/italic allowed towards this target (config, channel +c / +S). */
  formattingFor(target: string): boolean {
    if (this.config.formatting === "never") return false;
    if (this.isChannel(target)) return this.roster.allowsFormatting(target);
    return true;
  }

  /** The services account a message came from, as far as the server's capabilities tell. */
  accountOf(client: Client, e: MessageEvent): string | null {
    const caps = client.network.cap;
    // With account-tag the tag is authoritative: no tag means not logged in.
    if (caps.isEnabled("account-tag")) return e.account ? e.account : null;
    if (caps.isEnabled("account-notify") && caps.isEnabled("extended-join")) return this.roster.account(e.nick) ?? null;
    return null;
  }

  /** Writes one raw line; lines written in the same tick leave in one TCP segment. False when not connected. */
  sendRaw(raw: string): boolean {
    const client = this.client;
    if (!client || this.state !== "registered") return false;
    this.cork.corkThisTick();
    client.raw(raw);
    this.stats.linesSent++;
    return true;
  }

  // ---- connection lifecycle ------------------------------------------------------------

  private connect(): void {
    this.reconnectTimer = null;
    if (this.stopping) return;
    const client = new ircFramework.Client();
    this.client = client;
    this.nicks.reset();
    this.postRegistrationDone = false;
    this.own.reset(this.config.nick);
    this.roster.reset();
    this.channels.reset();
    this.lastSocketError = null;
    this.wire(client);
    if (this.opts.caps.length) client.requestCap(this.opts.caps);
    this.stats.connects++;
    this.failing.attempt();
    this.setState("connecting", { attempt: this.failures });
    this.registrationTimer = setTimeout(() => {
      this.registrationTimer = null;
      if (client !== this.client || this.state === "registered") return;
      this.lastSocketError = `registration timed out after ${this.timings.registrationTimeoutMs} ms`;
      this.logger.warn({ transport: "irc", timeoutMs: this.timings.registrationTimeoutMs, ...hintFor(this.lastSocketError, this.destination) }, "irc: registration timed out");
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
    this.opts.handlers.down();
    disposeClient(client, this.logger);
    this.client = null;
    this.cork.attach(null);
    this.roster.reset();
    this.stats.disconnects++;
    if (this.stopping) {
      this.onStopped?.();
      return;
    }
    if (wasRegistered && lasted >= this.timings.stableAfterMs) this.failures = 0;
    const delayMs = backoffDelay(this.failures, { minMs: this.config.reconnect.min_delay_ms, maxMs: this.config.reconnect.max_delay_ms }, this.opts.random);
    this.failures++;
    // At warn, with what to check; at error once it has not worked for a minute.
    // lastError first: failed() may write the "still trying" line, which names it.
    this.lastError = this.lastSocketError;
    const { level, failingForMs } = this.failing.failed();
    const hint = hintFor(this.lastSocketError, this.destination);
    const details = { hadError, error: this.lastSocketError, ...hint, wasRegistered, connectedMs: lasted, failingForMs, retryInMs: delayMs, attempt: this.failures };
    this.setState("disconnected", details, level);
    this.reconnectTimer = setTimeout(() => this.connect(), delayMs);
  }

  private clearConnectionTimers(): void {
    if (this.registrationTimer) clearTimeout(this.registrationTimer);
    if (this.maintenanceTimer) clearInterval(this.maintenanceTimer);
    this.channels.clearTimers();
    this.registrationTimer = this.maintenanceTimer = null;
  }

  private clearTimers(): void {
    this.clearConnectionTimers();
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
  }

  private get destination() {
    return { transport: "irc" as const, host: this.config.host, port: this.config.port, tls: this.config.tls };
  }

  private setState(state: IrcState, details: Record<string, unknown> = {}, level: "info" | "warn" | "error" = "info"): void {
    this.state = state;
    this.logger[level]({ transport: "irc", state, host: this.config.host, port: this.config.port, nick: this.own.mask.nick, ...details }, "irc connection");
  }

  // ---- irc-framework events --------------------------------------------------------------

  private wire(client: Client): void {
    const on = safeEvents(client, { isCurrent: () => client === this.client, logger: this.logger, onHandlerError: () => this.stats.handlerErrors++ });
    on("raw socket connected", (socket?: CorkableSocket) => this.cork.attach(socket ?? null));
    on("socket connected", () => this.setState("connected"));
    on("socket close", (err?: Error | false) => {
      if (err) this.lastSocketError = err.message;
    });
    on("close", (hadError: boolean) => this.onClose(client, hadError));
    on("registered", (e: { nick: string }) => this.onRegistered(client, e.nick));
    on("server options", (e: { options: Record<string, unknown> }) => {
      if (typeof e.options.CASEMAPPING === "string") this.roster.setCaseMapping(e.options.CASEMAPPING);
      this.own.serverOptions(e.options);
    });
    on("motd", () => this.afterRegistration(client));
    on("nick in use", () => this.nicks.rejected(client, "in use"));
    on("nick invalid", () => this.nicks.rejected(client, "invalid"));
    on("unknown command", (cmd: { command: string }) => {
      // 437 ERR_UNAVAILRESOURCE (nick held after a split), 436 ERR_NICKCOLLISION.
      if (cmd.command === "437" || cmd.command === "436") this.nicks.rejected(client, "unavailable");
    });
    followMembership(client, on, {
      roster: this.roster,
      logger: this.logger,
      selfNick: () => this.own.mask.nick,
      learnMask: (user, host) => this.own.learn(user, host),
      selfMask: () => this.own.mask,
      channels: this.channels,
      nicks: this.nicks,
      handlers: this.opts.handlers,
      stillConnected: () => client === this.client && this.state === "registered",
    });
    on("privmsg", (e: MessageEvent) => this.onMessage(client, e));
    on("irc error", (e: import("irc-framework").IrcErrorEvent) => {
      if (e.error === "irc") this.logger[this.stopping ? "info" : "warn"]({ transport: "irc", reason: e.reason }, "irc: server sent ERROR");
      else this.logger.warn({ transport: "irc", error: e.error, channel: e.channel, nick: e.nick, reason: e.reason }, "irc: server refused a command");
    });
    on("sasl failed", (e: import("irc-framework").SaslFailedEvent) =>
      this.logger.error({ transport: "irc", reason: e.reason, message: e.message, account: this.config.sasl?.account, ...saslHint(this.config.sasl?.account ?? this.config.nick) }, "irc: SASL login failed; continuing without the services account"),
    );
    on("loggedin", (e: import("irc-framework").LoggedInEvent) => this.logger.info({ transport: "irc", account: e.account }, "irc: logged in to services"));
    on("ping", () => {
      this.stats.serverPings++; // irc-framework has already answered PONG
      this.logger.debug({ transport: "irc" }, "irc: answered the server's PING");
    });
  }

  private onMessage(client: Client, e: MessageEvent): void {
    if (this.roster.same(e.nick ?? "", this.own.mask.nick)) {
      this.stats.ownMessagesIgnored++;
      return;
    }
    this.opts.handlers.message(client, e);
  }

  private onRegistered(client: Client, nick: string): void {
    if (this.registrationTimer) clearTimeout(this.registrationTimer);
    this.registrationTimer = null;
    // Registered while QUIT is on its way: joining or starting timers now would outlive stop().
    if (this.stopping) return;
    this.registeredAt = Date.now();
    this.stats.registrations++;
    this.failing.recovered();
    this.own.mask.nick = nick;
    this.setState("registered", { wantedNick: this.config.nick });
    this.channels.joinConfigured(client, true);
    this.opts.handlers.up();
    this.maintenanceTimer = setInterval(() => this.maintenance(client), this.timings.maintenanceIntervalMs);
  }

  /** After the MOTD (ISUPPORT is known by then): learn our user@host, watch our wanted nick. */
  private afterRegistration(client: Client): void {
    if (this.postRegistrationDone || this.state !== "registered") return;
    this.postRegistrationDone = true;
    this.opts.handlers.identified(client.network.ircd || null);
    if (this.own.mask.host === null && safeTarget(this.own.mask.nick)) client.who(this.own.mask.nick);
    this.nicks.watch(client);
  }

  private maintenance(client: Client): void {
    if (client !== this.client || this.state !== "registered") return;
    try {
      this.nicks.maintain(client);
      this.channels.joinConfigured(client, false);
    } catch (err) {
      this.logger.error({ err, transport: "irc" }, "irc: maintenance failed");
    }
  }
}
