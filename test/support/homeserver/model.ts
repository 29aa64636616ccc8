// The test homeserver's data: users and their access tokens, rooms as ordered event lists with
// current state, account data, and one global stream position that orders every change (room
// events, invites, account data) so /sync can answer "what changed since token N".
import { randomBytes } from "node:crypto";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export interface ClientEvent {
  event_id: string;
  room_id: string;
  type: string;
  sender: string;
  origin_server_ts: number;
  content: JsonObject;
  state_key?: string;
  redacts?: string;
  unsigned?: JsonObject;
}

export interface StoredEvent {
  event: ClientEvent;
  /** Global stream position. */
  pos: number;
  /** Set for events sent with a transaction id: who sent it (the access token) and the id. */
  txn?: { token: string; txnId: string };
  /** For m.room.member events: the membership before this event. */
  prevMembership?: string;
  /** Set when redacted: the redaction event. */
  redactedBy?: ClientEvent;
}

export interface User {
  userId: string;
  localpart: string;
  password: string | null;
  displayName: string | null;
  accountData: Map<string, { content: JsonObject; pos: number }>;
  roomAccountData: Map<string, Map<string, { content: JsonObject; pos: number }>>;
  filters: Map<string, JsonObject>;
}

export interface Session {
  token: string;
  userId: string;
  deviceId: string;
}

export class HsError extends Error {
  constructor(
    readonly status: number,
    readonly errcode: string,
    message: string,
    readonly extra: JsonObject = {},
  ) {
    super(message);
  }
}

export const stateKeyOf = (type: string, stateKey: string): string => `${type}\u0000${stateKey}`;

export class Room {
  readonly events: StoredEvent[] = [];
  readonly state = new Map<string, StoredEvent>();
  constructor(readonly id: string) {}

  stateEvent(type: string, stateKey = ""): StoredEvent | undefined {
    return this.state.get(stateKeyOf(type, stateKey));
  }

  membership(userId: string): string | null {
    const ev = this.stateEvent("m.room.member", userId);
    const m = ev?.event.content.membership;
    return typeof m === "string" ? m : null;
  }

  membersWith(membership: string): string[] {
    const out: string[] = [];
    for (const ev of this.state.values()) {
      if (ev.event.type === "m.room.member" && ev.event.content.membership === membership && ev.event.state_key) out.push(ev.event.state_key);
    }
    return out;
  }

  /** The room state just before the event at `index` (all state when index = events.length). */
  stateBefore(index: number): StoredEvent[] {
    const map = new Map<string, StoredEvent>();
    for (let i = 0; i < index && i < this.events.length; i++) {
      const ev = this.events[i]!;
      if (ev.event.state_key !== undefined) map.set(stateKeyOf(ev.event.type, ev.event.state_key), ev);
    }
    return [...map.values()];
  }

  indexOfPos(pos: number): number {
    return this.events.findIndex((e) => e.pos === pos);
  }
}

/** A random opaque id of `n` bytes, URL-safe. */
export function opaqueId(n = 12): string {
  return randomBytes(n).toString("base64url");
}

export class HomeserverModel {
  readonly users = new Map<string, User>();
  readonly sessions = new Map<string, Session>();
  readonly rooms = new Map<string, Room>();
  readonly aliases = new Map<string, string>();
  readonly eventsById = new Map<string, StoredEvent>();
  /** (token, method-path) → event id; a repeated transaction returns the first answer. */
  readonly transactions = new Map<string, string>();
  private pos = 0;
  /** /sync refuses `since` tokens below this position (see forgetSyncTokens). */
  syncTokenFloor = 0;
  private readonly listeners = new Set<() => void>();

  constructor(readonly serverName: string) {}

  get streamPos(): number {
    return this.pos;
  }

  private nextPos(): number {
    this.pos += 1;
    return this.pos;
  }

  /**
   * Forgets every sync token given out so far, as a homeserver restored from a backup does: a
   * /sync with one of them (including long-polls in progress) fails with 400 M_UNKNOWN, while a
   * sync without `since` works and gives tokens that are valid again.
   */
  forgetSyncTokens(): void {
    this.syncTokenFloor = this.nextPos();
    this.changed();
  }

  /** Calls `fn` on every change to the stream. Returns an unsubscribe function. */
  onChange(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  changed(): void {
    for (const fn of [...this.listeners]) fn();
  }

  // ---- users and sessions ----

  registerUser(localpart: string, opts: { password?: string; displayName?: string } = {}): User {
    const userId = `@${localpart}:${this.serverName}`;
    if (this.users.has(userId)) throw new HsError(400, "M_USER_IN_USE", `${userId} is taken`);
    const user: User = {
      userId,
      localpart,
      password: opts.password ?? null,
      displayName: opts.displayName ?? localpart,
      accountData: new Map(),
      roomAccountData: new Map(),
      filters: new Map(),
    };
    this.users.set(userId, user);
    return user;
  }

  newSession(userId: string, deviceId?: string, token?: string): Session {
    const session: Session = { token: token ?? `syt_${opaqueId(18)}`, userId, deviceId: deviceId ?? opaqueId(6).toUpperCase() };
    this.sessions.set(session.token, session);
    this.changed();
    return session;
  }

  /** Logs a session out; long-polls with its token wake up and fail with M_UNKNOWN_TOKEN. */
  revokeSession(token: string): void {
    if (this.sessions.delete(token)) this.changed();
  }

  user(userId: string): User {
    const u = this.users.get(userId);
    if (!u) throw new HsError(404, "M_NOT_FOUND", `no such user ${userId}`);
    return u;
  }

  // ---- account data ----

  setAccountData(userId: string, type: string, content: JsonObject, roomId?: string): void {
    const user = this.user(userId);
    const entry = { content, pos: this.nextPos() };
    if (roomId) {
      let perRoom = user.roomAccountData.get(roomId);
      if (!perRoom) user.roomAccountData.set(roomId, (perRoom = new Map()));
      perRoom.set(type, entry);
    } else {
      user.accountData.set(type, entry);
    }
    this.changed();
  }

  // ---- rooms ----

  room(roomId: string): Room {
    const r = this.rooms.get(roomId);
    if (!r) throw new HsError(404, "M_NOT_FOUND", `unknown room ${roomId}`);
    return r;
  }

  resolveRoom(idOrAlias: string): Room {
    if (idOrAlias.startsWith("#")) {
      const id = this.aliases.get(idOrAlias);
      if (!id) throw new HsError(404, "M_NOT_FOUND", `room alias ${idOrAlias} not found`);
      return this.room(id);
    }
    return this.room(idOrAlias);
  }

  newRoom(): Room {
    const room = new Room(`!${opaqueId(9)}:${this.serverName}`);
    this.rooms.set(room.id, room);
    return room;
  }

  /**
   * Appends an event to a room's timeline, updating state for state events. Every room event goes
   * through here, so this is where the stream position advances and long-polls wake up.
   */
  appendEvent(
    room: Room,
    ev: { type: string; sender: string; content: JsonObject; state_key?: string; redacts?: string },
    opts: { ts?: number; txn?: { token: string; txnId: string } } = {},
  ): StoredEvent {
    const event: ClientEvent = {
      event_id: `$${opaqueId(16)}`,
      room_id: room.id,
      type: ev.type,
      sender: ev.sender,
      origin_server_ts: opts.ts ?? Date.now(),
      content: ev.content,
    };
    if (ev.state_key !== undefined) event.state_key = ev.state_key;
    if (ev.redacts !== undefined) event.redacts = ev.redacts;
    const stored: StoredEvent = { event, pos: this.nextPos() };
    if (opts.txn) stored.txn = opts.txn;
    if (ev.type === "m.room.member" && ev.state_key !== undefined) stored.prevMembership = room.membership(ev.state_key) ?? "leave";
    if (ev.state_key !== undefined) {
      const previous = room.stateEvent(ev.type, ev.state_key);
      if (previous) event.unsigned = { prev_content: previous.event.content, replaces_state: previous.event.event_id };
      room.state.set(stateKeyOf(ev.type, ev.state_key), stored);
    }
    room.events.push(stored);
    this.eventsById.set(event.event_id, stored);
    this.changed();
    return stored;
  }

  /** The minimal redaction algorithm: keep the event's frame, empty its content. */
  redact(room: Room, target: StoredEvent, redaction: ClientEvent): void {
    const keep: Record<string, string[]> = {
      "m.room.member": ["membership"],
      "m.room.create": ["creator", "room_version"],
      "m.room.join_rules": ["join_rule"],
      "m.room.history_visibility": ["history_visibility"],
    };
    const allowed = keep[target.event.type] ?? [];
    const content: JsonObject = {};
    for (const k of allowed) if (k in target.event.content) content[k] = target.event.content[k]!;
    target.event.content = content;
    target.redactedBy = redaction;
    void room;
  }

  joinedRoomsOf(userId: string): Room[] {
    return [...this.rooms.values()].filter((r) => r.membership(userId) === "join");
  }
}
