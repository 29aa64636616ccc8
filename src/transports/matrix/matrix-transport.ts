// The Matrix transport: matrix-bot-sdk for the Client-Server API calls (login, whoami, joins,
// rooms, account data, sends), our own abortable /sync loop, and everything a bot needs to stay
// up: retry with backoff at start-up and after outages, invites only from allowed users, one
// ordered send queue per room that honours 429 with the same transaction id, no answer twice
// (sync token and handled event ids saved together), and the mapping between Matrix events and
// the neutral IncomingMessage / Reply of the core. Encrypted rooms are refused politely.
import { EventEmitter } from "node:events";
import path from "node:path";
import { LogLevel, LogService, MatrixClient } from "matrix-bot-sdk";
import type { MatrixConfig } from "../../config.js";
import type { JoinEvent } from "../../bot/greeter.js";
import type { IncomingMessage } from "../../core/message.js";
import type { Reply } from "../../core/rich-text.js";
import type { DispatchOutcome, MessageHandler, Transport } from "../../core/transport.js";
import type { Logger } from "../../log.js";
import { inviterAllowed, lastOwnJoin, readInvite, readJoin, readMessage, type Invite, type TextMessage } from "./events.js";
import { RoomJoiner } from "./joins.js";
import { joinedMembers } from "./members.js";
import { MatrixOutbound } from "./outbound.js";
import { cleanText, localpart } from "./render.js";
import { backoffMs, classifyFailure, describeFailure, sleep } from "./retry.js";
import { RoomTracker } from "./rooms.js";
import { MatrixState, SessionStore } from "./state.js";
import { fetchSync, type SyncResponse } from "./sync.js";

export type ConnectionState = "idle" | "connecting" | "connected" | "disconnected" | "stopped";

export interface MatrixTransportOptions {
  config: MatrixConfig;
  handle: MessageHandler;
  logger: Logger;
  /** The bot's state_dir; the transport keeps its files in state_dir/matrix/. */
  stateDir: string;
  /** The command prefix ("!"), for the few lines the transport writes itself. */
  prefix: string;
  /** How long stop() keeps sending what is queued (default 3 s). */
  stopFlushMs?: number;
  /** The core's greeter: a welcome for a first-time joiner, sent as a mention in the room. */
  greet?: (ev: JoinEvent) => Promise<Reply | null>;
}

/** matrix-bot-sdk logs to the console by default; send its lines to our logger, quietly. */
function routeSdkLogs(logger: Logger): void {
  const child = logger.child({ transport: "matrix", lib: "matrix-bot-sdk" });
  const line = (module: string, args: unknown[]) => ({
    module,
    detail: args
      .map((a) => (a instanceof Error ? a.message : typeof a === "string" ? a : describeFailure(a)))
      .join(" ")
      .slice(0, 300),
  });
  // Its errors are mostly failed requests that our own code retries and logs with context.
  LogService.setLogger({
    trace: (m: string, ...a: unknown[]) => child.trace(line(m, a), "matrix-bot-sdk"),
    debug: (m: string, ...a: unknown[]) => child.trace(line(m, a), "matrix-bot-sdk"),
    info: (m: string, ...a: unknown[]) => child.debug(line(m, a), "matrix-bot-sdk"),
    warn: (m: string, ...a: unknown[]) => child.debug(line(m, a), "matrix-bot-sdk"),
    error: (m: string, ...a: unknown[]) => child.debug(line(m, a), "matrix-bot-sdk"),
  });
  LogService.setLevel(LogLevel.INFO);
}

export class MatrixTransport implements Transport {
  readonly name = "matrix";
  private readonly config: MatrixConfig;
  private readonly logger: Logger;
  private readonly dir: string;
  private readonly sessions: SessionStore;
  private readonly rooms = new RoomTracker();
  private readonly outbound: MatrixOutbound;
  private readonly stopSignal = new AbortController();
  /** "state" (ConnectionState), "greet" ({ roomId, userId, greeted }: a join was considered for a welcome). */
  readonly events = new EventEmitter();
  /** Configured rooms joined by alias: room id → the alias in config. */
  private readonly configuredNames = new Map<string, string>();
  private state: MatrixState | null = null;
  private client: MatrixClient | null = null;
  private accessToken: string | null = null;
  private tokenSource: "config" | "session" | "login" | null = null;
  private userId: string;
  private conn: ConnectionState = "idle";
  private startedAt = 0;
  /**
   * Messages older than this in the next sync batch are backlog, not questions: set at start-up,
   * and again when a refused token makes the bot sync afresh; null once a batch is handled.
   */
  private backlogBefore: number | null = null;
  /** When the last sync that the homeserver answered was sent. */
  private lastSyncSentAt = 0;
  /** Sync tokens dropped since a sync with a token last worked (see dropSyncToken). */
  private tokenDrops = 0;
  private running: Promise<void> | null = null;
  private stopping: Promise<void> | null = null;
  private readonly joiner: RoomJoiner;
  private readonly ignoredInvites = new Set<string>();

  constructor(private readonly opts: MatrixTransportOptions) {
    this.config = opts.config;
    this.logger = opts.logger;
    this.userId = opts.config.user_id;
    this.dir = path.join(opts.stateDir, "matrix");
    this.sessions = new SessionStore(this.dir);
    this.events.setMaxListeners(100);
    routeSdkLogs(opts.logger);
    this.outbound = new MatrixOutbound({
      config: this.config,
      logger: opts.logger,
      prefix: opts.prefix,
      rooms: this.rooms,
      backoff: { minMs: this.config.reconnect.min_delay_ms, maxMs: this.config.reconnect.max_delay_ms },
      stopSignal: this.stopSignal.signal,
      client: () => this.client,
      selfId: () => this.userId,
      state: () => this.state!,
    });
    this.joiner = new RoomJoiner({ logger: opts.logger, rooms: this.rooms, backoff: this.backoff, stopSignal: this.stopSignal.signal, client: () => this.client });
  }

  get connectionState(): ConnectionState {
    return this.conn;
  }

  /** The bot's user id (from whoami once connected). */
  get botUserId(): string {
    return this.userId;
  }

  private get stopped(): boolean {
    return this.stopSignal.signal.aborted;
  }

  /** Resolves when the connection reaches `state` (for tests and health checks). */
  waitForState(state: ConnectionState, timeoutMs = 30_000): Promise<void> {
    if (this.conn === state) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.events.off("state", on);
        reject(new Error(`matrix: not ${state} within ${timeoutMs} ms (now ${this.conn})`));
      }, timeoutMs);
      const on = (s: ConnectionState) => {
        if (s !== state) return;
        clearTimeout(timer);
        this.events.off("state", on);
        resolve();
      };
      this.events.on("state", on);
    });
  }

  /** Starts connecting in the background; rejects only when the config cannot work at all. */
  async start(): Promise<void> {
    if (this.running || this.stopped) throw new Error("matrix: transport already started or stopped");
    this.state = await MatrixState.open(this.dir, this.logger);
    const saved = await this.sessions.load(this.logger);
    if (!this.config.access_token && !this.config.password && !saved) {
      throw new Error("matrix: no credentials; set XENBOT_MATRIX_ACCESS_TOKEN (or matrix.access_token), or matrix.password / XENBOT_MATRIX_PASSWORD for a password login");
    }
    this.startedAt = Date.now();
    this.backlogBefore = this.startedAt;
    this.running = this.run().catch((err: unknown) => {
      this.logger.error({ err, transport: "matrix" }, "matrix: transport loop failed");
    });
  }

  async stop(reason = "stopping"): Promise<void> {
    if (!this.stopping) this.stopping = this.shutdown(reason);
    return this.stopping;
  }

  private async shutdown(reason: string): Promise<void> {
    this.stopSignal.abort();
    const flushMs = this.opts.stopFlushMs ?? 3_000;
    // The sync is aborted at once; a matrix-bot-sdk request in flight (whoami, join) cannot be,
    // so it is not waited for beyond the flush time: its loop sees the stop when it returns.
    const limit = new AbortController();
    await Promise.race([Promise.allSettled([this.running, ...this.joiner.pending.values()]), sleep(flushMs, limit.signal)]);
    limit.abort();
    await this.outbound.stop(flushMs);
    await this.state?.save();
    this.setConnection("stopped", { reason });
  }

  // ---- connection ----

  private setConnection(state: ConnectionState, details: Record<string, unknown> = {}): void {
    if (state === this.conn) return;
    this.conn = state;
    const fields = { transport: "matrix", state, homeserver: this.config.homeserver, userId: this.userId, ...details };
    if (state === "disconnected") this.logger.warn(fields, "matrix connection");
    else this.logger.info(fields, "matrix connection");
    this.events.emit("state", state);
  }

  private get backoff() {
    return { minMs: this.config.reconnect.min_delay_ms, maxMs: this.config.reconnect.max_delay_ms };
  }

  private async run(): Promise<void> {
    let attempt = 0;
    let lastRefusal: string | null = null;
    this.setConnection("connecting");
    while (!this.stopped) {
      try {
        await this.connect();
        attempt = 0;
        lastRefusal = null;
      } catch (err) {
        if (this.stopped) return;
        const failure = classifyFailure(err);
        if (failure.kind === "unauthorized") await this.dropToken();
        const delay = failure.kind === "rate-limited" && failure.retryAfterMs !== null ? failure.retryAfterMs : backoffMs(attempt++, this.backoff);
        const error = err instanceof Error && !("statusCode" in err) && !("code" in err) ? err.message : describeFailure(err);
        this.setConnection("disconnected", { error });
        // A refusal (wrong password, bad token) will not cure itself: say so loudly, once.
        if ((failure.kind === "refused" || failure.kind === "unauthorized") && lastRefusal !== error) {
          lastRefusal = error;
          this.logger.error({ transport: "matrix", error, userId: this.config.user_id }, "matrix: the homeserver refuses to let the bot in; retrying");
        }
        this.logger.debug({ transport: "matrix", error, retryInMs: delay, attempt }, "matrix: connect failed");
        await sleep(delay, this.stopSignal.signal);
        continue;
      }
      const ended = await this.syncLoop();
      if (ended === "unauthorized") await this.dropToken();
    }
  }

  /** A rejected token: forget it; a password login (if configured) gets a new one. */
  private async dropToken(): Promise<void> {
    if (this.tokenSource === "config" && !this.config.password) {
      this.logger.error({ transport: "matrix", userId: this.userId }, "matrix: the homeserver rejects the configured access token");
      return;
    }
    this.accessToken = null;
    this.client = null;
    if (this.tokenSource !== "config") await this.sessions.clear();
    this.tokenSource = "login";
  }

  private async obtainToken(): Promise<string> {
    if (this.accessToken) return this.accessToken;
    if (this.config.access_token && this.tokenSource !== "login") {
      this.tokenSource = "config";
      return (this.accessToken = this.config.access_token);
    }
    const saved = await this.sessions.load(this.logger);
    if (saved && saved.user_id === this.config.user_id && saved.homeserver === this.config.homeserver) {
      this.tokenSource = "session";
      return (this.accessToken = saved.access_token);
    }
    if (!this.config.password) throw new Error("matrix: no usable access token and no password to log in with");
    const anonymous = new MatrixClient(this.config.homeserver, "");
    const res = (await anonymous.doRequest("POST", "/_matrix/client/v3/login", null, {
      type: "m.login.password",
      identifier: { type: "m.id.user", user: this.config.user_id },
      password: this.config.password,
      initial_device_display_name: this.config.device_name,
    })) as { access_token?: unknown; user_id?: unknown; device_id?: unknown };
    if (typeof res.access_token !== "string") throw new Error("matrix: login answered without an access token");
    // Saved under the configured id, so the next start finds it; whoami gives the real one.
    await this.sessions.save({
      homeserver: this.config.homeserver,
      user_id: this.config.user_id,
      access_token: res.access_token,
      device_id: typeof res.device_id === "string" ? res.device_id : null,
    });
    this.tokenSource = "login";
    this.logger.info({ transport: "matrix", userId: res.user_id, deviceId: res.device_id }, "matrix: logged in with the password; token kept in state_dir");
    return (this.accessToken = res.access_token);
  }

  private async connect(): Promise<void> {
    const token = await this.obtainToken();
    const client = new MatrixClient(this.config.homeserver, token);
    const who = await client.getWhoAmI();
    if (who.user_id !== this.config.user_id) {
      this.logger.warn({ transport: "matrix", configured: this.config.user_id, actual: who.user_id }, "matrix: the access token belongs to another user id than configured");
    }
    this.userId = who.user_id;
    this.state!.bindUser(this.userId);
    try {
      this.rooms.setDirect(await client.getAccountData("m.direct"));
    } catch (err) {
      const f = classifyFailure(err);
      if (!(f.kind === "refused" && f.status === 404)) throw err;
    }
    const joined = await client.getJoinedRooms();
    for (const r of joined) this.rooms.joined.add(r);
    this.client = client;
    for (const target of this.config.rooms) {
      if (!this.rooms.joined.has(target)) this.joiner.join(target, { reason: "configured", configured: true, onJoined: (roomId) => this.noteConfiguredName(roomId, target) });
    }
  }

  private async syncLoop(): Promise<"stopped" | "unauthorized"> {
    let attempt = 0;
    while (!this.stopped) {
      let res: SyncResponse;
      const sentAt = Date.now();
      const since = this.state!.syncToken;
      try {
        res = await fetchSync({
          homeserver: this.config.homeserver,
          accessToken: this.accessToken!,
          since,
          // Right after start-up or a reconnect, return at once: catch up, and know we are back.
          timeoutMs: this.conn === "connected" ? this.config.sync_timeout_ms : 0,
          signal: this.stopSignal.signal,
        });
      } catch (err) {
        if (this.stopped) break;
        const failure = classifyFailure(err);
        if (failure.kind === "unauthorized") {
          this.setConnection("disconnected", { error: describeFailure(err) });
          return "unauthorized";
        }
        if (failure.kind === "refused" && since !== null) {
          await this.dropSyncToken(describeFailure(err));
          continue;
        }
        const delay = failure.kind === "rate-limited" && failure.retryAfterMs !== null ? failure.retryAfterMs : backoffMs(attempt++, this.backoff);
        this.setConnection("disconnected", { error: describeFailure(err) });
        this.logger.debug({ transport: "matrix", error: describeFailure(err), retryInMs: delay, attempt }, "matrix: sync failed");
        await sleep(delay, this.stopSignal.signal);
        continue;
      }
      attempt = 0;
      this.lastSyncSentAt = sentAt;
      if (since !== null) this.tokenDrops = 0;
      this.setConnection("connected");
      try {
        await this.onSync(res);
      } catch (err) {
        this.logger.error({ err, transport: "matrix" }, "matrix: failed to handle a sync batch");
        this.state!.setSyncToken(res.next_batch);
      }
      this.backlogBefore = null;
    }
    return "stopped";
  }

  /**
   * The homeserver refuses our since token (e.g. it was restored from a backup): the same token
   * would be refused forever, so forget it, on disk too, and sync afresh. The fresh batch holds
   * recent history: what came before the last answered sync was read then (and the handled ids
   * catch any overlap), so it is backlog; what came after it is answered. Should the homeserver
   * refuse each new token too, the fresh syncs back off and only the first drop is a warning.
   */
  private async dropSyncToken(error: string): Promise<void> {
    this.state!.clearSyncToken();
    await this.state!.save();
    this.backlogBefore = Math.max(this.startedAt, this.lastSyncSentAt);
    this.setConnection("disconnected", { error });
    this.tokenDrops += 1;
    const fields = { transport: "matrix", error, drops: this.tokenDrops };
    if (this.tokenDrops === 1) this.logger.warn(fields, "matrix: the homeserver refused the sync token; dropped it, syncing afresh");
    else this.logger.debug(fields, "matrix: the homeserver refused the sync token again; dropped it");
    if (this.tokenDrops > 1) await sleep(backoffMs(this.tokenDrops - 2, this.backoff), this.stopSignal.signal);
  }

  // ---- incoming ----

  private async onSync(res: SyncResponse): Promise<void> {
    const state = this.state!;
    const backlogBefore = this.backlogBefore;
    for (const ev of res.account_data?.events ?? []) if (ev.type === "m.direct") this.rooms.setDirect(ev.content);

    for (const roomId of Object.keys(res.rooms?.leave ?? {})) {
      if (this.rooms.joined.has(roomId)) this.logger.info({ transport: "matrix", room: roomId }, "matrix: left room");
      this.rooms.forget(roomId);
    }
    for (const [roomId, invited] of Object.entries(res.rooms?.invite ?? {})) {
      const invite = readInvite(roomId, invited, this.userId);
      if (invite) this.onInvite(invite);
    }

    const answers: Array<{ msg: IncomingMessage; outcome: DispatchOutcome }> = [];
    const joiners: Array<{ roomId: string; userId: string }> = [];
    const notices: string[] = [];
    let backlog = 0;
    for (const [roomId, joined] of Object.entries(res.rooms?.join ?? {})) {
      const info = this.rooms.update(roomId, joined, this.userId);
      if (info.encrypted && !state.encryptionNoticed(roomId)) {
        state.markEncryptionNoticed(roomId);
        notices.push(roomId);
      }
      const timeline = joined.timeline?.events ?? [];
      // A room just joined comes with its recent history: what was said before the join was
      // not said to the bot.
      const joinedAt = lastOwnJoin(timeline, this.userId);
      for (let i = joinedAt + 1; i < timeline.length; i++) {
        const joiner = readJoin(timeline[i]!, this.userId);
        if (joiner && (backlogBefore === null || joiner.ts >= backlogBefore)) joiners.push({ roomId, userId: joiner.userId });
        const read = readMessage(timeline[i]!, this.userId);
        if (typeof read === "string") continue;
        if (this.config.ignore_users.includes(read.sender) || state.isHandled(read.eventId)) continue;
        if (backlogBefore !== null && read.ts < backlogBefore) {
          backlog += 1;
          continue;
        }
        const msg = await this.toIncoming(roomId, read);
        state.markHandled(read.eventId);
        const outcome = await this.dispatch(msg);
        if (outcome.status !== "ignored" || outcome.replies.length > 0) answers.push({ msg, outcome });
      }
    }
    if (backlog > 0) this.logger.info({ transport: "matrix", skipped: backlog }, "matrix: ignored messages sent before start-up");

    // The token and the handled ids reach the disk before any answer leaves: a crash now
    // loses at most these answers, and never answers them twice.
    state.setSyncToken(res.next_batch);
    if (answers.length > 0 || notices.length > 0) await state.save();
    else state.saveSoon();

    for (const roomId of notices) this.outbound.encryptionNotice(roomId);
    for (const a of answers) this.outbound.answer(a.msg, a.outcome);
    for (const j of joiners) void this.greetJoiner(j.roomId, j.userId);
  }

  /** Remembers the alias a configured room was joined by, so greeting.rooms may name either. */
  private noteConfiguredName(roomId: string, target: string): void {
    if (target !== roomId) this.configuredNames.set(roomId, target);
  }

  /** Asks the core whether this joiner gets a welcome, and sends it as a mention in the room. */
  private async greetJoiner(roomId: string, userId: string): Promise<void> {
    const greet = this.opts.greet;
    if (!greet) return;
    let greeted = false;
    try {
      if (this.config.ignore_users.includes(userId)) return;
      const alias = this.configuredNames.get(roomId);
      const reply = await greet({ transport: "matrix", roomId, roomNames: alias ? [alias] : [], userId, account: userId, botName: this.userId });
      if (!reply || this.stopped) return;
      this.outbound.greet(roomId, userId, reply.lines);
      greeted = true;
    } catch (err) {
      this.logger.error({ err, transport: "matrix", room: roomId, user: userId }, "matrix: greeting failed");
    } finally {
      this.events.emit("greet", { roomId, userId, greeted });
    }
  }

  private async dispatch(msg: IncomingMessage): Promise<DispatchOutcome> {
    try {
      return await this.opts.handle(msg);
    } catch (err) {
      this.logger.error({ err, transport: "matrix", room: msg.room.id }, "matrix: message handler failed");
      return { status: "error", command: null, replies: [], pointedAt: null, latencyMs: 0 };
    }
  }

  private async toIncoming(roomId: string, m: TextMessage): Promise<IncomingMessage> {
    const name = this.rooms.info(roomId).names.get(m.sender);
    const msg: IncomingMessage = {
      transport: "matrix",
      text: m.text,
      sender: { id: m.sender, displayName: name ? cleanText(name).trim() || localpart(m.sender) : localpart(m.sender), account: m.sender },
      room: { id: roomId, isPrivate: await this.isPrivate(roomId), names: this.configuredNames.has(roomId) ? [this.configuredNames.get(roomId)!] : [] },
      botName: localpart(this.userId),
      eventId: m.eventId,
      receivedAt: Date.now(),
    };
    if (m.threadId) msg.threadId = m.threadId;
    return msg;
  }

  private async isPrivate(roomId: string): Promise<boolean> {
    if (this.state!.isDmRoom(roomId) || this.rooms.isDirect(roomId)) return true;
    const info = this.rooms.info(roomId);
    if (info.joinedCount === undefined && this.client) {
      try {
        info.joinedCount = Object.keys(await joinedMembers(this.client, roomId)).length;
      } catch (err) {
        this.logger.debug({ transport: "matrix", room: roomId, error: describeFailure(err) }, "matrix: could not count room members");
        return false;
      }
    }
    return info.joinedCount === 2;
  }

  private onInvite(invite: Invite): void {
    const { roomId, inviter } = invite;
    if (this.joiner.pending.has(roomId) || this.rooms.joined.has(roomId)) return;
    // Only a configured room *id* counts: the aliases in an invite's stripped state come from the
    // inviter's server and can name any room. Configured aliases are joined from connect(), whose
    // retries never stop (and get in once an invite lets them).
    const configured = this.config.rooms.includes(roomId);
    const allowed = inviterAllowed(inviter, this.config.allowed_inviters);
    if (!allowed && !configured) {
      if (!this.ignoredInvites.has(roomId)) {
        this.ignoredInvites.add(roomId);
        this.logger.info({ transport: "matrix", room: roomId, inviter }, "matrix: invite ignored (inviter not in allowed_inviters)");
      }
      return;
    }
    const onJoined = (joinedId: string) => {
      if (invite.isDirect && !this.state!.dmRoom(inviter)) {
        this.state!.setDmRoom(inviter, joinedId);
        this.state!.saveSoon();
        void this.outbound.addDirect(inviter, joinedId);
      }
    };
    this.joiner.join(roomId, { reason: allowed ? `invited by ${inviter}` : "configured", configured, onJoined });
  }
}
