// /sync for the test homeserver: everything that changed for one user after stream position
// `since` (or everything, for an initial sync), shaped as the Client-Server spec describes.
import { HsError, type ClientEvent, type HomeserverModel, type Json, type JsonObject, type Room, type StoredEvent } from "./model.js";

export interface SyncParams {
  userId: string;
  /** The caller's access token: events it sent carry `unsigned.transaction_id`. */
  token: string;
  since: number | null;
  fullState: boolean;
  filter: JsonObject | null;
}

export const DEFAULT_TIMELINE_LIMIT = 10;

/** "s12" (next_batch) or "t12" (pagination): both are stream position 12. */
export function parseStreamToken(token: string): number {
  const m = /^[st](\d+)$/.exec(token);
  if (!m) throw new HsError(400, "M_INVALID_PARAM", `Unknown token ${token}`);
  return Number(m[1]);
}

export function clientEvent(stored: StoredEvent, token: string | null, now = Date.now()): ClientEvent {
  const ev = stored.event;
  const unsigned: JsonObject = { ...(ev.unsigned ?? {}), age: Math.max(0, now - ev.origin_server_ts) };
  if (stored.txn && token !== null && stored.txn.token === token) unsigned.transaction_id = stored.txn.txnId;
  if (stored.redactedBy) unsigned.redacted_because = stored.redactedBy as unknown as Json;
  return { ...ev, content: { ...ev.content }, unsigned };
}

function strippedState(stored: StoredEvent): JsonObject {
  const ev = stored.event;
  return { type: ev.type, state_key: ev.state_key ?? "", content: ev.content, sender: ev.sender };
}

function timelineLimit(filter: JsonObject | null): number {
  const room = filter?.room as JsonObject | undefined;
  const timeline = room?.timeline as JsonObject | undefined;
  const limit = timeline?.limit;
  return typeof limit === "number" && limit > 0 ? Math.min(limit, 1000) : DEFAULT_TIMELINE_LIMIT;
}

/** Is lazy-loading of members asked for (filter room.state.lazy_load_members)? */
function lazyLoadMembers(filter: JsonObject | null): boolean {
  const room = filter?.room as JsonObject | undefined;
  const state = room?.state as JsonObject | undefined;
  return state?.lazy_load_members === true;
}

/**
 * The state of a joined room as a lazy-loading client gets it: other state as usual, but of the
 * m.room.member events only those of the timeline's senders (as in force before the timeline),
 * plus the syncing user's own in a sync that carries the room's whole state. The spec lets a
 * server repeat member events a client already has, so incremental syncs simply include the
 * senders' members every time rather than remembering what each device was sent.
 */
function lazyState(state: StoredEvent[], before: StoredEvent[], timeline: StoredEvent[], userId: string, whole: boolean): StoredEvent[] {
  const wanted = new Set(timeline.map((e) => e.event.sender));
  if (whole) wanted.add(userId);
  const isMember = (e: StoredEvent) => e.event.type === "m.room.member";
  return [...state.filter((e) => !isMember(e)), ...before.filter((e) => isMember(e) && wanted.has(e.event.state_key ?? ""))];
}

function joinedSince(room: Room, userId: string, since: number): boolean {
  for (let i = room.events.length - 1; i >= 0; i--) {
    const ev = room.events[i]!;
    if (ev.pos <= since) break;
    if (ev.event.type === "m.room.member" && ev.event.state_key === userId && ev.event.content.membership === "join" && ev.prevMembership !== "join") return true;
  }
  return false;
}

function summary(room: Room, userId: string): JsonObject {
  const joined = room.membersWith("join");
  const invited = room.membersWith("invite");
  const heroes = [...joined, ...invited].filter((u) => u !== userId).sort().slice(0, 5);
  return { "m.joined_member_count": joined.length, "m.invited_member_count": invited.length, "m.heroes": heroes };
}

function roomAccountData(model: HomeserverModel, userId: string, roomId: string, since: number | null): JsonObject[] {
  const perRoom = model.users.get(userId)?.roomAccountData.get(roomId);
  if (!perRoom) return [];
  return [...perRoom.entries()].filter(([, v]) => since === null || v.pos > since).map(([type, v]) => ({ type, content: v.content }));
}

export function buildSync(model: HomeserverModel, p: SyncParams): { body: JsonObject; empty: boolean } {
  const now = Date.now();
  const limit = timelineLimit(p.filter);
  const lazy = lazyLoadMembers(p.filter);
  const join: JsonObject = {};
  const invite: JsonObject = {};
  const leave: JsonObject = {};
  const render = (evs: StoredEvent[]) => evs.map((e) => clientEvent(e, p.token, now) as unknown as Json);

  for (const room of model.rooms.values()) {
    const member = room.stateEvent("m.room.member", p.userId);
    if (!member) continue;
    const membership = member.event.content.membership;

    if (membership === "join") {
      const fresh = p.since === null || joinedSince(room, p.userId, p.since);
      const candidates = fresh ? room.events : room.events.filter((e) => e.pos > p.since!);
      const timeline = candidates.slice(-limit);
      const limited = candidates.length > timeline.length;
      const accountData = roomAccountData(model, p.userId, room.id, fresh ? null : p.since);
      if (!fresh && !p.fullState && timeline.length === 0 && accountData.length === 0) continue;
      const firstIndex = timeline.length ? room.indexOfPos(timeline[0]!.pos) : room.events.length;
      const whole = fresh || limited || p.fullState;
      let state = whole ? room.stateBefore(firstIndex) : [];
      if (lazy) state = lazyState(state, whole ? state : room.stateBefore(firstIndex), timeline, p.userId, whole);
      join[room.id] = {
        timeline: { events: render(timeline), limited, prev_batch: `t${timeline.length ? timeline[0]!.pos - 1 : model.streamPos}` },
        state: { events: render(state) },
        ephemeral: { events: [] },
        account_data: { events: accountData as unknown as Json },
        summary: summary(room, p.userId),
        unread_notifications: { highlight_count: 0, notification_count: 0 },
      };
    } else if (membership === "invite") {
      if (p.since !== null && member.pos <= p.since) continue;
      const stripped: Json[] = [];
      for (const type of ["m.room.create", "m.room.join_rules", "m.room.name", "m.room.canonical_alias", "m.room.avatar", "m.room.topic", "m.room.encryption"]) {
        const ev = room.stateEvent(type);
        if (ev) stripped.push(strippedState(ev));
      }
      const inviterMember = room.stateEvent("m.room.member", member.event.sender);
      if (inviterMember) stripped.push(strippedState(inviterMember));
      stripped.push(clientEvent(member, p.token, now) as unknown as Json);
      invite[room.id] = { invite_state: { events: stripped } };
    } else if (membership === "leave" || membership === "ban") {
      if (p.since === null || member.pos <= p.since) continue;
      if (member.prevMembership !== "join" && member.prevMembership !== "invite") continue;
      const evs = room.events.filter((e) => e.pos > p.since! && e.pos <= member.pos).slice(-limit);
      leave[room.id] = {
        timeline: { events: render(evs), limited: false, prev_batch: `t${evs.length ? evs[0]!.pos - 1 : member.pos}` },
        state: { events: [] },
        account_data: { events: [] },
      };
    }
  }

  const user = model.user(p.userId);
  const accountData = [...user.accountData.entries()].filter(([, v]) => p.since === null || v.pos > p.since).map(([type, v]) => ({ type, content: v.content }));
  const empty = Object.keys(join).length + Object.keys(invite).length + Object.keys(leave).length + accountData.length === 0;
  return {
    empty,
    body: {
      next_batch: `s${model.streamPos}`,
      rooms: { join, invite, leave, knock: {} },
      account_data: { events: accountData as unknown as Json },
      presence: { events: [] },
      to_device: { events: [] },
      device_lists: { changed: [], left: [] },
      device_one_time_keys_count: {},
    },
  };
}
