// Keeping the bot connected to its homeserver: the access token (configured, saved from an earlier
// password login, or a new password login), whoami, and our own abortable /sync loop with backoff
// at start-up and after outages. A refused sync token is dropped and the bot syncs afresh. Each
// batch goes to the port (port.ts), which saves the sync token before any answer leaves.
import path from "node:path";
import { LogLevel, LogService, MatrixClient } from "matrix-bot-sdk";
import type { MatrixConfig } from "../../config.js";
import type { Logger } from "../../log.js";
import { FailingSince, type Destination, type FailureHint } from "../failure-hints.js";
import { failureHint } from "./failure.js";
import { backoffMs, classifyFailure, describeFailure, sleep } from "./retry.js";
import { MatrixState, SessionStore } from "./state.js";
import { fetchSync, type SyncResponse } from "./sync.js";

export type ConnectionState = "idle" | "connecting" | "connected" | "disconnected" | "stopped";

export interface MatrixConnectionHandlers {
  /** After whoami: learn the rooms the bot is in. A throw retries the connection. */
  connected(client: MatrixClient): Promise<void>;
  /** The client is in service (sends and joins may use it). */
  ready(): void;
  /**
   * One sync batch. `backlogBefore`: messages older than this are history, not questions. The
   * handler sets the batch's sync token in `state` itself, before anything it answers leaves.
   */
  batch(res: SyncResponse, backlogBefore: number | null): Promise<void>;
}

export interface MatrixConnectionOptions {
  config: MatrixConfig;
  logger: Logger;
  /** The bot's state_dir; the transport keeps its files in state_dir/matrix/. */
  stateDir: string;
  stopSignal: AbortSignal;
  handlers: MatrixConnectionHandlers;
  /** Failing this long turns the connection's warning into an error (default a minute). */
  escalateAfterMs?: number;
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

export class MatrixConnection {
  private readonly config: MatrixConfig;
  private readonly logger: Logger;
  private readonly dir: string;
  private readonly sessions: SessionStore;
  private readonly stopSignal: AbortSignal;
  private stateFile: MatrixState | null = null;
  private clientNow: MatrixClient | null = null;
  private accessToken: string | null = null;
  private tokenSource: "config" | "session" | "login" | null = null;
  private user: string;
  private conn: ConnectionState = "idle";
  private startedAt = 0;
  /**
   * Messages older than this in the next sync batch are backlog, not questions: set at start-up
   * (the start, or catch_up_max_age_ms before it when a sync token was saved), and again when a
   * refused token makes the bot sync afresh; null once a batch is handled.
   */
  private backlogBefore: number | null = null;
  /** When the last sync that the homeserver answered was sent. */
  private lastSyncSentAt = 0;
  /** Sync tokens dropped since a sync with a token last worked (see dropSyncToken). */
  private tokenDrops = 0;
  private runningLoop: Promise<void> | null = null;
  /** Failures are warnings at first, an error once the homeserver has been out of reach for a minute. */
  private readonly failing: FailingSince;
  private lastFailure: { error: string; hint: FailureHint | null } | null = null;

  constructor(private readonly opts: MatrixConnectionOptions) {
    this.config = opts.config;
    this.logger = opts.logger;
    this.user = opts.config.user_id;
    this.dir = path.join(opts.stateDir, "matrix");
    this.sessions = new SessionStore(this.dir);
    this.stopSignal = opts.stopSignal;
    this.failing = new FailingSince(opts.escalateAfterMs, (failingForMs) => {
      if (this.stopped) return;
      const { error, hint } = this.lastFailure ?? { error: null, hint: null };
      this.logger.error({ transport: "matrix", state: this.conn, homeserver: this.config.homeserver, userId: this.user, error, ...hint, failingForMs }, "matrix: cannot reach the homeserver; still trying");
    });
    routeSdkLogs(opts.logger);
  }

  /** The connected client, or null between connections. */
  get client(): MatrixClient | null {
    return this.clientNow;
  }

  /** The bot's user id (from whoami once connected). */
  get userId(): string {
    return this.user;
  }

  get state(): MatrixState {
    if (!this.stateFile) throw new Error("matrix: state used before start()");
    return this.stateFile;
  }

  get connectionState(): ConnectionState {
    return this.conn;
  }

  /** The background loop (connect, sync, reconnect), once started. */
  get running(): Promise<void> | null {
    return this.runningLoop;
  }

  get backoff() {
    return { minMs: this.config.reconnect.min_delay_ms, maxMs: this.config.reconnect.max_delay_ms };
  }

  /** Opens the state and starts the loop; rejects only when the config cannot work at all. */
  async start(): Promise<void> {
    this.stateFile = await MatrixState.open(this.dir, this.logger);
    const saved = await this.sessions.load(this.logger);
    if (!this.config.access_token && !this.config.password && !saved) {
      throw new Error("matrix: no credentials; set XENBOT_MATRIX_ACCESS_TOKEN (or matrix.access_token), or matrix.password / XENBOT_MATRIX_PASSWORD for a password login");
    }
    this.startedAt = Date.now();
    // After a restart the saved token resumes where the bot left off: what came since was said
    // to a bot that was briefly away, and is answered when young enough (the handled ids keep it
    // to once). With no token the first batch is the rooms' history, none of it for us.
    this.backlogBefore = this.stateFile.syncToken !== null ? this.startedAt - this.config.catch_up_max_age_ms : this.startedAt;
    this.runningLoop = this.run().catch((err: unknown) => {
      this.logger.error({ err, transport: "matrix" }, "matrix: transport loop failed");
    });
  }

  setConnection(state: ConnectionState, details: Record<string, unknown> = {}): void {
    if (state === this.conn) return;
    this.conn = state;
    const fields = { transport: "matrix", state, homeserver: this.config.homeserver, userId: this.user, ...details };
    if (state === "disconnected") this.logger.warn(fields, "matrix connection");
    else this.logger.info(fields, "matrix connection");
  }

  private get destination(): Destination {
    const url = new URL(this.config.homeserver);
    const tls = url.protocol === "https:";
    return { transport: "matrix", host: url.hostname, port: Number(url.port) || (tls ? 443 : 80), tls };
  }

  /**
   * A failed connect or sync: "matrix connection" "disconnected" at warn with what to check; a
   * minute on, if it still fails, "matrix: cannot reach the homeserver" at error (see FailingSince).
   */
  private reportFailure(err: unknown, error: string): void {
    const hint = failureHint(err, this.destination, this.config.homeserver);
    this.lastFailure = { error, hint };
    this.failing.failed();
    this.setConnection("disconnected", { error, ...hint });
  }

  private get stopped(): boolean {
    return this.stopSignal.aborted;
  }

  private async run(): Promise<void> {
    let attempt = 0;
    let lastRefusal: string | null = null;
    this.setConnection("connecting");
    this.failing.attempt();
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
        this.reportFailure(err, error);
        // A refusal (wrong password, bad token) will not cure itself: say so loudly, once.
        if ((failure.kind === "refused" || failure.kind === "unauthorized") && lastRefusal !== error) {
          lastRefusal = error;
          this.logger.error({ transport: "matrix", error, userId: this.config.user_id }, "matrix: the homeserver refuses to let the bot in; retrying");
        }
        this.logger.debug({ transport: "matrix", error, retryInMs: delay, attempt }, "matrix: connect failed");
        await sleep(delay, this.stopSignal);
        continue;
      }
      const ended = await this.syncLoop();
      if (ended === "unauthorized") await this.dropToken();
    }
  }

  /** A rejected token: forget it; a password login (if configured) gets a new one. */
  private async dropToken(): Promise<void> {
    if (this.tokenSource === "config" && !this.config.password) {
      this.logger.error({ transport: "matrix", userId: this.user }, "matrix: the homeserver rejects the configured access token");
      return;
    }
    this.accessToken = null;
    this.clientNow = null;
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
    this.user = who.user_id;
    this.state.bindUser(this.user);
    // State for another account was dropped with its token: the first batch is history again.
    if (this.state.syncToken === null && this.backlogBefore !== null) this.backlogBefore = Math.max(this.backlogBefore, this.startedAt);
    await this.opts.handlers.connected(client);
    this.clientNow = client;
    this.opts.handlers.ready();
  }

  private async syncLoop(): Promise<"stopped" | "unauthorized"> {
    let attempt = 0;
    while (!this.stopped) {
      let res: SyncResponse;
      const sentAt = Date.now();
      const since = this.state.syncToken;
      try {
        res = await fetchSync({
          homeserver: this.config.homeserver,
          accessToken: this.accessToken!,
          since,
          // Right after start-up or a reconnect, return at once: catch up, and know we are back.
          timeoutMs: this.conn === "connected" ? this.config.sync_timeout_ms : 0,
          signal: this.stopSignal,
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
        this.reportFailure(err, describeFailure(err));
        this.logger.debug({ transport: "matrix", error: describeFailure(err), retryInMs: delay, attempt }, "matrix: sync failed");
        await sleep(delay, this.stopSignal);
        continue;
      }
      attempt = 0;
      this.lastSyncSentAt = sentAt;
      if (since !== null) this.tokenDrops = 0;
      this.setConnection("connected");
      this.failing.recovered();
      try {
        await this.opts.handlers.batch(res, this.backlogBefore);
      } catch (err) {
        this.logger.error({ err, transport: "matrix" }, "matrix: failed to handle a sync batch");
        this.state.setSyncToken(res.next_batch);
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
    this.state.clearSyncToken();
    await this.state.save();
    this.backlogBefore = Math.max(this.startedAt, this.lastSyncSentAt);
    this.setConnection("disconnected", { error });
    this.tokenDrops += 1;
    const fields = { transport: "matrix", error, drops: this.tokenDrops };
    if (this.tokenDrops === 1) this.logger.warn(fields, "matrix: the homeserver refused the sync token; dropped it, syncing afresh");
    else this.logger.debug(fields, "matrix: the homeserver refused the sync token again; dropped it");
    if (this.tokenDrops > 1) await sleep(backoffMs(this.tokenDrops - 2, this.backoff), this.stopSignal);
  }
}

