// The Client-Server API endpoints of the test homeserver. Each route names its method, its path
// under /_matrix/client/{v3,r0,v1}/ (":name" is one decoded segment, "*name" the decoded rest,
// possibly empty) and whether it needs an access token.
import { HsError, opaqueId, type HomeserverModel, type Json, type JsonObject, type Session } from "./model.js";
import * as ops from "./ops.js";
import { buildSync, clientEvent, parseStreamToken } from "./sync.js";

export interface RouteContext {
  method: string;
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
  session: Session | null;
  /** Aborted when the client goes away or the server goes down. */
  signal: AbortSignal;
}

export interface RouteHooks {
  /** Called before a send is applied (after the transaction check): may throw a 429. */
  beforeSend(session: Session): void;
  /** Resolves when the model changes, the time is up, or the signal aborts. */
  waitForChange(ms: number, signal: AbortSignal): Promise<void>;
}

export interface Route {
  method: string;
  path: string;
  auth: boolean;
  handler: (ctx: RouteContext) => unknown | Promise<unknown>;
}

function mustOwn(ctx: RouteContext, userId: string): Session {
  const s = ctx.session!;
  if (s.userId !== userId) throw new HsError(403, "M_FORBIDDEN", `Cannot act for ${userId}`);
  return s;
}

function objectBody(ctx: RouteContext): JsonObject {
  const b = ctx.body ?? {};
  if (typeof b !== "object" || Array.isArray(b) || b === null) throw new HsError(400, "M_BAD_JSON", "Body must be a JSON object");
  return b as JsonObject;
}

function stringField(body: JsonObject, key: string): string {
  const v = body[key];
  if (typeof v !== "string" || v === "") throw new HsError(400, "M_MISSING_PARAM", `Missing ${key}`);
  return v;
}

function loginUser(model: HomeserverModel, body: JsonObject): string {
  const identifier = body.identifier as JsonObject | undefined;
  let user: string | undefined;
  if (identifier && identifier.type === "m.id.user" && typeof identifier.user === "string") user = identifier.user;
  else if (typeof body.user === "string") user = body.user;
  if (!user) throw new HsError(400, "M_MISSING_PARAM", "Missing user identifier");
  return user.startsWith("@") ? user : `@${user}:${model.serverName}`;
}

export function buildRoutes(model: HomeserverModel, hooks: RouteHooks): Route[] {
  const route = (method: string, path: string, handler: Route["handler"], auth = true): Route => ({ method, path, auth, handler });
  const room = (ctx: RouteContext) => model.room(ctx.params.roomId!);
  const paginate = (roomId: string, userId: string, ctx: RouteContext) => {
    const r = model.room(roomId);
    if (!r.membership(userId)) throw new HsError(403, "M_FORBIDDEN", "Not in room");
    const dir = ctx.query.get("dir") ?? "b";
    if (dir !== "b" && dir !== "f") throw new HsError(400, "M_INVALID_PARAM", "dir must be b or f");
    const limit = Math.min(Math.max(Number(ctx.query.get("limit") ?? 10) || 10, 1), 1000);
    const fromRaw = ctx.query.get("from");
    const from = fromRaw ? parseStreamToken(fromRaw) : dir === "b" ? model.streamPos : 0;
    const token = ctx.session!.token;
    if (dir === "b") {
      const older = r.events.filter((e) => e.pos <= from);
      const chunk = older.slice(-limit).reverse();
      const body: JsonObject = { chunk: chunk.map((e) => clientEvent(e, token) as unknown as Json), start: `t${from}` };
      if (older.length > chunk.length) body.end = `t${chunk[chunk.length - 1]!.pos - 1}`;
      return body;
    }
    const newer = r.events.filter((e) => e.pos > from);
    const chunk = newer.slice(0, limit);
    const body: JsonObject = { chunk: chunk.map((e) => clientEvent(e, token) as unknown as Json), start: `t${from}` };
    if (chunk.length) body.end = `t${chunk[chunk.length - 1]!.pos}`;
    return body;
  };

  return [
    route("GET", "versions", () => ({ versions: ["r0.6.1", "v1.1", "v1.2", "v1.3", "v1.4", "v1.5", "v1.6", "v1.7", "v1.8", "v1.9", "v1.10", "v1.11"], unstable_features: {} }), false),
    route("GET", "login", () => ({ flows: [{ type: "m.login.password" }] }), false),
    route(
      "POST",
      "login",
      (ctx) => {
        const body = objectBody(ctx);
        if (body.type !== "m.login.password") throw new HsError(400, "M_UNKNOWN", `Unknown login type ${String(body.type)}`);
        const userId = loginUser(model, body);
        const user = model.users.get(userId);
        if (!user || user.password === null || user.password !== body.password) throw new HsError(403, "M_FORBIDDEN", "Invalid username or password");
        const session = model.newSession(userId, typeof body.device_id === "string" ? body.device_id : undefined);
        return { user_id: userId, access_token: session.token, device_id: session.deviceId, home_server: model.serverName };
      },
      false,
    ),
    route("POST", "logout", (ctx) => {
      model.revokeSession(ctx.session!.token);
      return {};
    }),
    route("GET", "account/whoami", (ctx) => ({ user_id: ctx.session!.userId, device_id: ctx.session!.deviceId, is_guest: false })),
    route("GET", "capabilities", () => ({
      capabilities: { "m.change_password": { enabled: false }, "m.room_versions": { default: "10", available: { "10": "stable", "11": "stable" } }, "m.set_displayname": { enabled: true } },
    })),
    route("GET", "pushrules/*rest", () => ({ global: { override: [], content: [], room: [], sender: [], underride: [] } })),
    route("GET", "joined_rooms", (ctx) => ({ joined_rooms: model.joinedRoomsOf(ctx.session!.userId).map((r) => r.id) })),

    // account data
    route("GET", "user/:userId/account_data/:type", (ctx) => {
      const user = model.user(mustOwn(ctx, ctx.params.userId!).userId);
      const entry = user.accountData.get(ctx.params.type!);
      if (!entry) throw new HsError(404, "M_NOT_FOUND", "Account data not found");
      return entry.content;
    }),
    route("PUT", "user/:userId/account_data/:type", (ctx) => {
      model.setAccountData(mustOwn(ctx, ctx.params.userId!).userId, ctx.params.type!, objectBody(ctx));
      return {};
    }),
    route("GET", "user/:userId/rooms/:roomId/account_data/:type", (ctx) => {
      const user = model.user(mustOwn(ctx, ctx.params.userId!).userId);
      const entry = user.roomAccountData.get(ctx.params.roomId!)?.get(ctx.params.type!);
      if (!entry) throw new HsError(404, "M_NOT_FOUND", "Room account data not found");
      return entry.content;
    }),
    route("PUT", "user/:userId/rooms/:roomId/account_data/:type", (ctx) => {
      model.room(ctx.params.roomId!);
      model.setAccountData(mustOwn(ctx, ctx.params.userId!).userId, ctx.params.type!, objectBody(ctx), ctx.params.roomId!);
      return {};
    }),

    // filters
    route("POST", "user/:userId/filter", (ctx) => {
      const user = model.user(mustOwn(ctx, ctx.params.userId!).userId);
      const id = String(user.filters.size);
      user.filters.set(id, objectBody(ctx));
      return { filter_id: id };
    }),
    route("GET", "user/:userId/filter/:filterId", (ctx) => {
      const user = model.user(mustOwn(ctx, ctx.params.userId!).userId);
      const f = user.filters.get(ctx.params.filterId!);
      if (!f) throw new HsError(404, "M_NOT_FOUND", "No such filter");
      return f;
    }),

    // profile and presence
    route(
      "GET",
      "profile/:userId",
      (ctx) => {
        const u = model.user(ctx.params.userId!);
        return u.displayName ? { displayname: u.displayName } : {};
      },
      false,
    ),
    route(
      "GET",
      "profile/:userId/displayname",
      (ctx) => {
        const u = model.user(ctx.params.userId!);
        if (!u.displayName) throw new HsError(404, "M_NOT_FOUND", "No display name");
        return { displayname: u.displayName };
      },
      false,
    ),
    route("GET", "profile/:userId/avatar_url", (ctx) => {
      model.user(ctx.params.userId!);
      throw new HsError(404, "M_NOT_FOUND", "No avatar");
    }, false),
    route("PUT", "profile/:userId/displayname", (ctx) => {
      const u = model.user(mustOwn(ctx, ctx.params.userId!).userId);
      const name = objectBody(ctx).displayname;
      u.displayName = typeof name === "string" ? name : null;
      return {};
    }),
    route("PUT", "presence/:userId/status", (ctx) => (mustOwn(ctx, ctx.params.userId!), {})),
    route("GET", "presence/:userId/status", () => ({ presence: "online" })),

    // sync
    route("GET", "sync", async (ctx) => {
      const s = ctx.session!;
      const sinceRaw = ctx.query.get("since");
      const since = sinceRaw ? parseStreamToken(sinceRaw) : null;
      const timeout = Math.min(Math.max(Number(ctx.query.get("timeout") ?? 0) || 0, 0), 120_000);
      const filterParam = ctx.query.get("filter");
      let filter: JsonObject | null = null;
      if (filterParam) {
        if (filterParam.trimStart().startsWith("{")) {
          try {
            filter = JSON.parse(filterParam) as JsonObject;
          } catch {
            throw new HsError(400, "M_NOT_JSON", "filter is not valid JSON");
          }
        } else {
          filter = model.user(s.userId).filters.get(filterParam) ?? null;
          if (!filter) throw new HsError(400, "M_INVALID_PARAM", `Unknown filter ${filterParam}`);
        }
      }
      const fullState = ctx.query.get("full_state") === "true";
      const deadline = Date.now() + timeout;
      for (;;) {
        if (since !== null && since < model.syncTokenFloor) throw new HsError(400, "M_UNKNOWN", `Unknown since token ${sinceRaw}`);
        const { body, empty } = buildSync(model, { userId: s.userId, token: s.token, since, fullState, filter });
        const left = deadline - Date.now();
        if (!empty || fullState || left <= 0 || ctx.signal.aborted) return body;
        await hooks.waitForChange(left, ctx.signal);
        if (!model.sessions.has(s.token)) throw new HsError(401, "M_UNKNOWN_TOKEN", "Access token has been revoked", { soft_logout: false });
      }
    }),

    // rooms
    route("POST", "createRoom", (ctx) => ({ room_id: ops.createRoom(model, ctx.session!.userId, ctx.body).id })),
    route("POST", "rooms/:roomId/invite", (ctx) => {
      const invitee = stringField(objectBody(ctx), "user_id");
      if (!model.users.has(invitee)) throw new HsError(404, "M_NOT_FOUND", `Unknown user ${invitee}`);
      ops.invite(model, ctx.session!.userId, room(ctx), invitee);
      return {};
    }),
    route("POST", "join/:roomIdOrAlias", (ctx) => ({ room_id: ops.join(model, ctx.session!.userId, ctx.params.roomIdOrAlias!).id })),
    route("POST", "rooms/:roomId/join", (ctx) => ({ room_id: ops.join(model, ctx.session!.userId, ctx.params.roomId!).id })),
    route("POST", "rooms/:roomId/leave", (ctx) => {
      const reason = objectBody(ctx).reason;
      return ops.leave(model, ctx.session!.userId, room(ctx), typeof reason === "string" ? reason : undefined), {};
    }),
    route("POST", "rooms/:roomId/forget", () => ({})),
    route("PUT", "rooms/:roomId/send/:type/:txnId", (ctx) => {
      const s = ctx.session!;
      const key = `${s.token}\u0000send\u0000${ctx.params.roomId}\u0000${ctx.params.type}\u0000${ctx.params.txnId}`;
      const seen = model.transactions.get(key);
      if (seen) return { event_id: seen };
      const r = room(ctx);
      ops.requireJoined(r, s.userId);
      hooks.beforeSend(s);
      const stored = ops.sendEvent(model, s.userId, r, ctx.params.type!, ctx.body, { txn: { token: s.token, txnId: ctx.params.txnId! } });
      model.transactions.set(key, stored.event.event_id);
      return { event_id: stored.event.event_id };
    }),
    route("PUT", "rooms/:roomId/redact/:eventId/:txnId", (ctx) => {
      const s = ctx.session!;
      const key = `${s.token}\u0000redact\u0000${ctx.params.roomId}\u0000${ctx.params.eventId}\u0000${ctx.params.txnId}`;
      const seen = model.transactions.get(key);
      if (seen) return { event_id: seen };
      const reason = objectBody(ctx).reason;
      const stored = ops.redact(model, s.userId, room(ctx), ctx.params.eventId!, typeof reason === "string" ? reason : undefined, { token: s.token, txnId: ctx.params.txnId! });
      model.transactions.set(key, stored.event.event_id);
      return { event_id: stored.event.event_id };
    }),
    route("PUT", "rooms/:roomId/state/:type/*stateKey", (ctx) => ({
      event_id: ops.setState(model, ctx.session!.userId, room(ctx), ctx.params.type!, ctx.params.stateKey ?? "", ctx.body).event.event_id,
    })),
    route("GET", "rooms/:roomId/state/:type/*stateKey", (ctx) => {
      const r = room(ctx);
      if (!r.membership(ctx.session!.userId)) throw new HsError(403, "M_FORBIDDEN", "Not in room");
      const ev = r.stateEvent(ctx.params.type!, ctx.params.stateKey ?? "");
      if (!ev) throw new HsError(404, "M_NOT_FOUND", "Event not found.");
      return ev.event.content;
    }),
    route("GET", "rooms/:roomId/state", (ctx) => {
      const r = room(ctx);
      if (!r.membership(ctx.session!.userId)) throw new HsError(403, "M_FORBIDDEN", "Not in room");
      return [...r.state.values()].map((e) => clientEvent(e, ctx.session!.token));
    }),
    route("GET", "rooms/:roomId/messages", (ctx) => paginate(ctx.params.roomId!, ctx.session!.userId, ctx)),
    route("GET", "rooms/:roomId/event/:eventId", (ctx) => {
      const r = room(ctx);
      if (!r.membership(ctx.session!.userId)) throw new HsError(403, "M_FORBIDDEN", "Not in room");
      const ev = model.eventsById.get(ctx.params.eventId!);
      if (!ev || ev.event.room_id !== r.id) throw new HsError(404, "M_NOT_FOUND", "Event not found.");
      return clientEvent(ev, ctx.session!.token);
    }),
    route("GET", "rooms/:roomId/context/:eventId", (ctx) => {
      const r = room(ctx);
      if (!r.membership(ctx.session!.userId)) throw new HsError(403, "M_FORBIDDEN", "Not in room");
      const i = r.events.findIndex((e) => e.event.event_id === ctx.params.eventId);
      if (i < 0) throw new HsError(404, "M_NOT_FOUND", "Event not found.");
      const limit = Math.min(Math.max(Number(ctx.query.get("limit") ?? 10) || 10, 0), 100);
      const half = Math.floor(limit / 2);
      const before = r.events.slice(Math.max(0, i - half), i).reverse();
      const after = r.events.slice(i + 1, i + 1 + (limit - half));
      const t = ctx.session!.token;
      const first = before.length ? before[before.length - 1]!.pos - 1 : r.events[i]!.pos - 1;
      const last = after.length ? after[after.length - 1]!.pos : r.events[i]!.pos;
      return {
        event: clientEvent(r.events[i]!, t),
        events_before: before.map((e) => clientEvent(e, t)),
        events_after: after.map((e) => clientEvent(e, t)),
        start: `t${first}`,
        end: `t${last}`,
        state: r.stateBefore(i).map((e) => clientEvent(e, t)),
      };
    }),
    route("GET", "rooms/:roomId/members", (ctx) => {
      const r = room(ctx);
      if (!r.membership(ctx.session!.userId)) throw new HsError(403, "M_FORBIDDEN", "Not in room");
      const only = ctx.query.get("membership");
      const not = ctx.query.get("not_membership");
      const chunk = [...r.state.values()]
        .filter((e) => e.event.type === "m.room.member")
        .filter((e) => (!only || e.event.content.membership === only) && (!not || e.event.content.membership !== not))
        .map((e) => clientEvent(e, ctx.session!.token));
      return { chunk };
    }),
    route("GET", "rooms/:roomId/joined_members", (ctx) => {
      const r = room(ctx);
      ops.requireJoined(r, ctx.session!.userId);
      const joined: JsonObject = {};
      // The spec's RoomMember: display_name and avatar_url, each only when the member has one.
      for (const u of r.membersWith("join")) {
        const content = r.stateEvent("m.room.member", u)?.event.content ?? {};
        const member: JsonObject = {};
        if (typeof content.displayname === "string") member.display_name = content.displayname;
        if (typeof content.avatar_url === "string") member.avatar_url = content.avatar_url;
        joined[u] = member;
      }
      return { joined };
    }),
    route("PUT", "rooms/:roomId/typing/:userId", (ctx) => (mustOwn(ctx, ctx.params.userId!), room(ctx), {})),
    route("POST", "rooms/:roomId/receipt/:type/:eventId", (ctx) => (room(ctx), {})),
    route("POST", "rooms/:roomId/read_markers", (ctx) => (room(ctx), {})),

    // directory
    route(
      "GET",
      "directory/room/:alias",
      (ctx) => {
        const id = model.aliases.get(ctx.params.alias!);
        if (!id) throw new HsError(404, "M_NOT_FOUND", `Room alias ${ctx.params.alias} not found`);
        return { room_id: id, servers: [model.serverName] };
      },
      false,
    ),
    route("PUT", "directory/room/:alias", (ctx) => {
      const alias = ctx.params.alias!;
      if (!alias.endsWith(`:${model.serverName}`)) throw new HsError(400, "M_INVALID_PARAM", "Alias must be on this server");
      if (model.aliases.has(alias)) throw new HsError(409, "M_UNKNOWN", "Room alias already exists");
      const roomId = stringField(objectBody(ctx), "room_id");
      model.room(roomId);
      model.aliases.set(alias, roomId);
      return {};
    }),
  ];
}

export interface CompiledRoute extends Route {
  segments: string[];
}

export function compileRoutes(routes: Route[]): CompiledRoute[] {
  return routes.map((r) => ({ ...r, segments: r.path.split("/") }));
}

/** Matches raw (still encoded) path segments; returns decoded params or null. */
export function matchRoute(route: CompiledRoute, raw: string[]): Record<string, string> | null {
  const params: Record<string, string> = {};
  for (let i = 0; i < route.segments.length; i++) {
    const seg = route.segments[i]!;
    if (seg.startsWith("*")) {
      params[seg.slice(1)] = raw.slice(i).map(decodeURIComponent).join("/");
      return params;
    }
    const got = raw[i];
    if (got === undefined) return null;
    if (seg.startsWith(":")) {
      if (got === "") return null;
      params[seg.slice(1)] = decodeURIComponent(got);
    } else if (seg !== got) return null;
  }
  return raw.length === route.segments.length ? params : null;
}

export { opaqueId };
