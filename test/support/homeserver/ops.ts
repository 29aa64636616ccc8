// Room operations of the test homeserver, shared by the HTTP handlers and the test hooks:
// create, join, invite, leave, send, set state, redact. Each checks what the spec requires
// (membership, join rules) and answers with HsError and a Matrix errcode when it may not.
import { HsError, type HomeserverModel, type JsonObject, type Room, type StoredEvent } from "./model.js";

function asObject(v: unknown, what: string): JsonObject {
  if (typeof v !== "object" || v === null || Array.isArray(v)) throw new HsError(400, "M_BAD_JSON", `${what} must be an object`);
  return v as JsonObject;
}

function memberContent(model: HomeserverModel, userId: string, membership: string, extra: JsonObject = {}): JsonObject {
  const content: JsonObject = { membership, ...extra };
  const user = model.users.get(userId);
  if (membership === "join" && user?.displayName) content.displayname = user.displayName;
  return content;
}

export interface CreateRoomBody {
  preset?: string;
  visibility?: string;
  room_alias_name?: string;
  name?: string;
  topic?: string;
  invite?: string[];
  is_direct?: boolean;
  initial_state?: Array<{ type: string; state_key?: string; content: JsonObject }>;
  creation_content?: JsonObject;
  power_level_content_override?: JsonObject;
  room_version?: string;
}

export function createRoom(model: HomeserverModel, creator: string, rawBody: unknown): Room {
  const body = asObject(rawBody ?? {}, "createRoom body") as unknown as CreateRoomBody;
  const invites = Array.isArray(body.invite) ? body.invite : [];
  for (const u of invites) {
    if (typeof u !== "string" || !/^@[^:]+:.+$/.test(u)) throw new HsError(400, "M_INVALID_PARAM", `invalid user id in invite: ${String(u)}`);
  }
  const alias = typeof body.room_alias_name === "string" ? `#${body.room_alias_name}:${model.serverName}` : null;
  if (alias && model.aliases.has(alias)) throw new HsError(400, "M_ROOM_IN_USE", `${alias} is already in use`);
  const preset = body.preset ?? (body.visibility === "public" ? "public_chat" : "private_chat");
  if (!["private_chat", "public_chat", "trusted_private_chat"].includes(preset)) throw new HsError(400, "M_INVALID_PARAM", `unknown preset ${preset}`);

  const room = model.newRoom();
  const state = (type: string, content: JsonObject, stateKey = "") => model.appendEvent(room, { type, sender: creator, content, state_key: stateKey });
  state("m.room.create", { creator, room_version: body.room_version ?? "10", ...(body.creation_content ?? {}) });
  state("m.room.member", memberContent(model, creator, "join"), creator);
  const users: JsonObject = { [creator]: 100 };
  if (preset === "trusted_private_chat") for (const u of invites) users[u] = 100;
  state("m.room.power_levels", {
    users,
    users_default: 0,
    events: { "m.room.name": 50, "m.room.power_levels": 100, "m.room.history_visibility": 100, "m.room.canonical_alias": 50, "m.room.encryption": 100 },
    events_default: 0,
    state_default: 50,
    ban: 50,
    kick: 50,
    redact: 50,
    invite: 0,
    ...(body.power_level_content_override ?? {}),
  });
  if (alias) {
    model.aliases.set(alias, room.id);
    state("m.room.canonical_alias", { alias });
  }
  state("m.room.join_rules", { join_rule: preset === "public_chat" ? "public" : "invite" });
  state("m.room.history_visibility", { history_visibility: "shared" });
  if (preset !== "public_chat") state("m.room.guest_access", { guest_access: "can_join" });
  for (const ev of body.initial_state ?? []) state(ev.type, asObject(ev.content, "initial_state content"), ev.state_key ?? "");
  if (typeof body.name === "string") state("m.room.name", { name: body.name });
  if (typeof body.topic === "string") state("m.room.topic", { topic: body.topic });
  for (const u of invites) invite(model, creator, room, u, body.is_direct === true);
  return room;
}

export function invite(model: HomeserverModel, inviter: string, room: Room, invitee: string, isDirect = false): StoredEvent {
  if (room.membership(inviter) !== "join") throw new HsError(403, "M_FORBIDDEN", `${inviter} is not in the room`);
  const current = room.membership(invitee);
  if (current === "join") throw new HsError(403, "M_FORBIDDEN", `${invitee} is already in the room`);
  if (current === "ban") throw new HsError(403, "M_FORBIDDEN", `${invitee} is banned from the room`);
  const extra: JsonObject = isDirect ? { is_direct: true } : {};
  const target = model.users.get(invitee);
  if (target?.displayName) extra.displayname = target.displayName;
  return model.appendEvent(room, { type: "m.room.member", sender: inviter, content: { membership: "invite", ...extra }, state_key: invitee });
}

export function join(model: HomeserverModel, userId: string, idOrAlias: string): Room {
  const room = model.resolveRoom(idOrAlias);
  const current = room.membership(userId);
  if (current === "join") return room; // joining twice is allowed and changes nothing
  if (current === "ban") throw new HsError(403, "M_FORBIDDEN", "You are banned from this room");
  const rule = room.stateEvent("m.room.join_rules")?.event.content.join_rule ?? "invite";
  if (current !== "invite" && rule !== "public") throw new HsError(403, "M_FORBIDDEN", "You are not invited to this room.");
  model.appendEvent(room, { type: "m.room.member", sender: userId, content: memberContent(model, userId, "join"), state_key: userId });
  return room;
}

/** Leaving, or rejecting an invite; the spec's optional `reason` goes in the member event, for the others to see. */
export function leave(model: HomeserverModel, userId: string, room: Room, reason?: string): void {
  const current = room.membership(userId);
  if (current !== "join" && current !== "invite") throw new HsError(403, "M_FORBIDDEN", `${userId} is not in the room`);
  model.appendEvent(room, { type: "m.room.member", sender: userId, content: { membership: "leave", ...(reason ? { reason } : {}) }, state_key: userId });
}

export function requireJoined(room: Room, userId: string): void {
  if (room.membership(userId) !== "join") throw new HsError(403, "M_FORBIDDEN", `User ${userId} not in room ${room.id}`);
}

export function sendEvent(
  model: HomeserverModel,
  userId: string,
  room: Room,
  type: string,
  content: unknown,
  opts: { ts?: number; txn?: { token: string; txnId: string } } = {},
): StoredEvent {
  requireJoined(room, userId);
  return model.appendEvent(room, { type, sender: userId, content: asObject(content, "event content") }, opts);
}

export function setState(model: HomeserverModel, userId: string, room: Room, type: string, stateKey: string, content: unknown): StoredEvent {
  requireJoined(room, userId);
  if (type === "m.room.member") throw new HsError(400, "M_BAD_JSON", "use the membership endpoints to change membership");
  return model.appendEvent(room, { type, sender: userId, content: asObject(content, "state content"), state_key: stateKey });
}

export function redact(model: HomeserverModel, userId: string, room: Room, eventId: string, reason: string | undefined, txn?: { token: string; txnId: string }): StoredEvent {
  requireJoined(room, userId);
  const target = model.eventsById.get(eventId);
  if (!target || target.event.room_id !== room.id) throw new HsError(404, "M_NOT_FOUND", "Event not found");
  const content: JsonObject = { redacts: eventId };
  if (reason) content.reason = reason;
  const stored = model.appendEvent(room, { type: "m.room.redaction", sender: userId, content, redacts: eventId }, txn ? { txn } : {});
  model.redact(room, target, stored.event);
  return stored;
}
