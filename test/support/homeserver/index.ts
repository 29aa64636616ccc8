// A small in-process Matrix homeserver for tests: node:http on 127.0.0.1, the Client-Server API
// (v3) endpoints that matrix-bot-sdk and matrix-js-sdk use, JSON errors {errcode, error}, and
// hooks for tests: users with tokens, rate-limit and outage injection, direct timeline reads.
import http from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { HomeserverModel, HsError, type ClientEvent, type JsonObject, type Session } from "./model.js";
import * as ops from "./ops.js";
import { findRoute, readBody } from "./http.js";
import { buildRoutes, compileRoutes, type CompiledRoute } from "./routes.js";
import { clientEvent } from "./sync.js";

export type { ClientEvent, JsonObject } from "./model.js";
export { HsError } from "./model.js";

export interface TestUser {
  userId: string;
  accessToken: string;
  deviceId: string;
  password: string | null;
}

export interface RequestRecord {
  method: string;
  path: string;
  status: number;
  userId: string | null;
  errcode?: string;
}

export interface HomeserverOptions {
  serverName?: string;
  /** Print unknown endpoints to stderr (to see what a client asks for). */
  logUnknown?: boolean;
}


interface RateLimitRule {
  remaining: number;
  retryAfterMs: number;
  userId: string | null;
}

export class TestHomeserver {
  readonly model: HomeserverModel;
  readonly requests: RequestRecord[] = [];
  readonly unknownEndpoints: string[] = [];
  private readonly routes: CompiledRoute[];
  private server: http.Server | null = null;
  private readonly sockets = new Set<Socket>();
  private portNumber = 0;
  private rateRules: RateLimitRule[] = [];
  private failures: { remaining: number; status: number; match: RegExp } | null = null;
  private stall: { until: number; match: RegExp } | null = null;
  private downController = new AbortController();
  private upTimer: NodeJS.Timeout | null = null;
  private closed = false;

  private constructor(private readonly opts: HomeserverOptions) {
    this.model = new HomeserverModel(opts.serverName ?? "xen.test");
    this.routes = compileRoutes(
      buildRoutes(this.model, {
        beforeSend: (s) => this.applyRateLimit(s),
        waitForChange: (ms, signal) => this.waitForChange(ms, signal),
      }),
    );
  }

  /** Starts a homeserver on a free loopback port. */
  static async start(opts: HomeserverOptions = {}): Promise<TestHomeserver> {
    const hs = new TestHomeserver(opts);
    await hs.listen(0);
    return hs;
  }

  get serverName(): string {
    return this.model.serverName;
  }

  get port(): number {
    return this.portNumber;
  }

  get url(): string {
    return `http://127.0.0.1:${this.portNumber}`;
  }

  get isUp(): boolean {
    return this.server !== null;
  }

  // ---- lifecycle and outages ----

  private listen(port: number): Promise<void> {
    const server = http.createServer((req, res) => void this.onRequest(req, res));
    server.keepAliveTimeout = 5_000;
    server.on("connection", (socket) => {
      this.sockets.add(socket);
      socket.on("close", () => this.sockets.delete(socket));
    });
    return new Promise((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => {
        server.off("error", reject);
        this.server = server;
        this.portNumber = (server.address() as AddressInfo).port;
        resolve();
      });
    });
  }

  /** Stops answering: the listener closes (connections are refused) and open connections drop. */
  async down(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    this.downController.abort();
    this.downController = new AbortController();
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    await closed;
  }

  /** Listens again on the same port. */
  async up(): Promise<void> {
    if (this.server || this.closed) return;
    for (let attempt = 0; ; attempt++) {
      try {
        await this.listen(this.portNumber);
        return;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== "EADDRINUSE" || attempt > 50) throw err;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }

  /** Goes down for `ms`, then comes back on the same port. Resolves once it is back up. */
  async outage(ms: number): Promise<void> {
    await this.down();
    await new Promise<void>((resolve) => {
      this.upTimer = setTimeout(resolve, ms);
    });
    this.upTimer = null;
    await this.up();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.upTimer) clearTimeout(this.upTimer);
    await this.down();
  }

  // ---- fault injection ----

  /** The next `count` sends (optionally only by `userId`) get 429 M_LIMIT_EXCEEDED. */
  rateLimitSends(count: number, retryAfterMs: number, userId: string | null = null): void {
    this.rateRules.push({ remaining: count, retryAfterMs, userId });
  }

  /** The next `count` requests whose path matches get `status` with an M_UNKNOWN body (a sick server). */
  failRequests(count: number, status = 500, match: RegExp = /./): void {
    this.failures = { remaining: count, status, match };
  }

  /** For `ms` from now, requests whose path matches are held that long before being handled (a hung server). */
  stallRequests(ms: number, match: RegExp = /./): void {
    this.stall = { until: Date.now() + ms, match };
  }

  private applyRateLimit(session: Session): void {
    const rule = this.rateRules.find((r) => r.remaining > 0 && (r.userId === null || r.userId === session.userId));
    if (!rule) return;
    rule.remaining -= 1;
    this.rateRules = this.rateRules.filter((r) => r.remaining > 0);
    throw new HsError(429, "M_LIMIT_EXCEEDED", "Too Many Requests", { retry_after_ms: rule.retryAfterMs });
  }

  // ---- test hooks on the model ----

  registerUser(localpart: string, opts: { password?: string; displayName?: string } = {}): TestUser {
    const user = this.model.registerUser(localpart, opts);
    const session = this.model.newSession(user.userId);
    return { userId: user.userId, accessToken: session.token, deviceId: session.deviceId, password: user.password };
  }

  /** Every sync token given out so far becomes unknown (a homeserver restored from a backup). */
  forgetSyncTokens(): void {
    this.model.forgetSyncTokens();
  }

  /** Logs out an access token (as POST /logout would). */
  revokeToken(token: string): void {
    this.model.revokeSession(token);
  }

  /** Resolves once every request received so far has been answered. */
  async settled(): Promise<void> {
    while (this.requests.some((r) => r.status === 0 && !r.path.endsWith("/sync"))) await new Promise((r) => setImmediate(r));
  }

  createRoom(creator: string, body: JsonObject = {}): string {
    return ops.createRoom(this.model, creator, body).id;
  }

  invite(inviter: string, roomId: string, invitee: string): void {
    ops.invite(this.model, inviter, this.model.room(roomId), invitee);
  }

  join(userId: string, roomIdOrAlias: string): string {
    return ops.join(this.model, userId, roomIdOrAlias).id;
  }

  leave(userId: string, roomId: string): void {
    ops.leave(this.model, userId, this.model.room(roomId));
  }

  /** Puts an event in a room as `sender`, bypassing HTTP (e.g. history with an old timestamp). */
  sendAs(sender: string, roomId: string, type: string, content: JsonObject, opts: { ts?: number } = {}): string {
    return ops.sendEvent(this.model, sender, this.model.room(roomId), type, content, opts).event.event_id;
  }

  setStateAs(sender: string, roomId: string, type: string, stateKey: string, content: JsonObject): string {
    return ops.setState(this.model, sender, this.model.room(roomId), type, stateKey, content).event.event_id;
  }

  membership(roomId: string, userId: string): string | null {
    return this.model.room(roomId).membership(userId);
  }

  /** The room's timeline as clients see it (copies). */
  timeline(roomId: string): ClientEvent[] {
    return this.model.room(roomId).events.map((e) => clientEvent(e, null));
  }

  /** Events of `type` (default m.room.message) sent by `sender` in the room. */
  eventsFrom(roomId: string, sender: string, type = "m.room.message"): ClientEvent[] {
    return this.timeline(roomId).filter((e) => e.sender === sender && e.type === type);
  }

  /** Resolves with the first event (already there or still to come) that matches. */
  waitForEvent(roomId: string | null, match: (ev: ClientEvent) => boolean, timeoutMs = 10_000): Promise<ClientEvent> {
    const find = (): ClientEvent | undefined => {
      const rooms = roomId ? [this.model.room(roomId)] : [...this.model.rooms.values()];
      for (const r of rooms) for (const e of r.events) if (match(e.event)) return clientEvent(e, null);
      return undefined;
    };
    const now = find();
    if (now) return Promise.resolve(now);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        off();
        reject(new Error(`no matching event in ${roomId ?? "any room"} within ${timeoutMs} ms`));
      }, timeoutMs);
      const off = this.model.onChange(() => {
        const got = find();
        if (got) {
          clearTimeout(timer);
          off();
          resolve(got);
        }
      });
    });
  }

  /** Resolves when `predicate()` holds, checked after every change to the model. */
  waitFor(predicate: () => boolean, timeoutMs = 10_000, what = "condition"): Promise<void> {
    if (predicate()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        off();
        reject(new Error(`${what} not reached within ${timeoutMs} ms`));
      }, timeoutMs);
      const off = this.model.onChange(() => {
        if (predicate()) {
          clearTimeout(timer);
          off();
          resolve();
        }
      });
    });
  }

  /** Count of requests matching method and a path pattern (after the fact). */
  countRequests(method: string, path: RegExp, status?: number): number {
    return this.requests.filter((r) => r.method === method && path.test(r.path) && (status === undefined || r.status === status)).length;
  }

  // ---- HTTP ----

  private waitForChange(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const down = this.downController.signal;
      const done = () => {
        clearTimeout(timer);
        off();
        signal.removeEventListener("abort", done);
        down.removeEventListener("abort", done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      const off = this.model.onChange(done);
      signal.addEventListener("abort", done);
      down.addEventListener("abort", done);
    });
  }

  private async onRequest(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://localhost");
    const method = req.method ?? "GET";
    const record: RequestRecord = { method, path: url.pathname, status: 0, userId: null };
    this.requests.push(record);
    const abort = new AbortController();
    res.on("close", () => abort.abort());
    const down = this.downController.signal;
    const onDown = () => abort.abort();
    down.addEventListener("abort", onDown);

    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      record.status = status;
      if (res.destroyed || res.headersSent) return;
      const json = JSON.stringify(body);
      res.writeHead(status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(json), ...headers });
      res.end(json);
    };
    const sendError = (err: HsError) => {
      record.errcode = err.errcode;
      const headers: Record<string, string> = {};
      const retry = err.extra.retry_after_ms;
      if (err.status === 429 && typeof retry === "number") headers["Retry-After"] = String(Math.ceil(retry / 1000));
      send(err.status, { errcode: err.errcode, error: err.message, ...err.extra }, headers);
    };

    try {
      if (method === "OPTIONS") return send(200, {});
      if (this.stall && Date.now() < this.stall.until && this.stall.match.test(url.pathname)) {
        await new Promise<void>((resolve) => {
          const done = () => {
            clearTimeout(timer);
            abort.signal.removeEventListener("abort", done);
            resolve();
          };
          const timer = setTimeout(done, this.stall!.until - Date.now());
          abort.signal.addEventListener("abort", done);
        });
        if (abort.signal.aborted) return;
      }
      const { found, methodMismatch } = findRoute(this.routes, method, url.pathname);
      if (!found) {
        if (this.opts.logUnknown) process.stderr.write(`test homeserver: unknown endpoint ${method} ${url.pathname}\n`);
        this.unknownEndpoints.push(`${method} ${url.pathname}`);
        throw new HsError(methodMismatch ? 405 : 404, "M_UNRECOGNIZED", "Unrecognized request");
      }

      let session: Session | null = null;
      const auth = req.headers.authorization;
      const token = auth?.startsWith("Bearer ") ? auth.slice(7) : url.searchParams.get("access_token");
      if (token) {
        session = this.model.sessions.get(token) ?? null;
        if (!session && found.route.auth) throw new HsError(401, "M_UNKNOWN_TOKEN", "Invalid access token passed.", { soft_logout: false });
      } else if (found.route.auth) {
        throw new HsError(401, "M_MISSING_TOKEN", "Missing access token.");
      }
      record.userId = session?.userId ?? null;
      if (this.failures && this.failures.remaining > 0 && this.failures.match.test(url.pathname)) {
        this.failures.remaining -= 1;
        throw new HsError(this.failures.status, "M_UNKNOWN", "Internal server error (injected)");
      }

      let body: unknown = undefined;
      if (method === "PUT" || method === "POST") {
        const text = await readBody(req);
        if (text.trim() !== "") {
          try {
            body = JSON.parse(text);
          } catch {
            throw new HsError(400, "M_NOT_JSON", "Content not JSON.");
          }
        }
      }
      const result = await found.route.handler({ method, params: found.params, query: url.searchParams, body, session, signal: abort.signal });
      send(200, result);
    } catch (err) {
      if (err instanceof HsError) sendError(err);
      else {
        const message = err instanceof URIError ? "Bad path encoding" : String(err);
        sendError(new HsError(err instanceof URIError ? 400 : 500, "M_UNKNOWN", message));
      }
    } finally {
      down.removeEventListener("abort", onDown);
    }
  }
}
