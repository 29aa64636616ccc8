// What the transport knows about the rooms it is in, kept up to date from sync: who is a member
// (and their display names), how many have joined, whether the room is encrypted, and which
// rooms are direct chats (m.direct account data plus the DMs the bot opened itself).
import type { JoinedRoomSync, RawEvent } from "./sync.js";

export interface RoomInfo {
  /** Joined members, when known (sync summary or /joined_members); undefined when stale. */
  joinedCount: number | undefined;
  encrypted: boolean;
  memberships: Map<string, string>;
  names: Map<string, string>;
  /** The room's canonical alias and its name, when its state gives them: how answers name the room. */
  alias?: string;
  name?: string;
  /** The bot asked the homeserver for them once (after a restart sync has no room state). */
  labelAsked?: boolean;
}

export class RoomTracker {
  private readonly rooms = new Map<string, RoomInfo>();
  /** m.direct: user id → room ids. */
  private direct = new Map<string, string[]>();
  private directContent: Record<string, string[]> = {};
  readonly joined = new Set<string>();

  info(roomId: string): RoomInfo {
    let info = this.rooms.get(roomId);
    if (!info) this.rooms.set(roomId, (info = { joinedCount: undefined, encrypted: false, memberships: new Map(), names: new Map() }));
    return info;
  }

  forget(roomId: string): void {
    this.rooms.delete(roomId);
    this.joined.delete(roomId);
  }

  /** Updates a joined room from its part of a sync response. */
  update(roomId: string, room: JoinedRoomSync, selfId: string): RoomInfo {
    this.joined.add(roomId);
    const info = this.info(roomId);
    const events: RawEvent[] = [...(room.state?.events ?? []), ...(room.timeline?.events ?? [])];
    let membersChanged = false;
    for (const ev of events) {
      if (ev.type === "m.room.encryption" && ev.state_key === "" && typeof ev.content?.algorithm === "string") info.encrypted = true;
      else if (ev.type === "m.room.canonical_alias" && ev.state_key === "") info.alias = typeof ev.content?.alias === "string" ? ev.content.alias : undefined;
      else if (ev.type === "m.room.name" && ev.state_key === "") info.name = typeof ev.content?.name === "string" && ev.content.name.trim() ? ev.content.name : undefined;
      else if (ev.type === "m.room.encrypted" && ev.sender !== selfId) info.encrypted = true;
      else if (ev.type === "m.room.member" && typeof ev.state_key === "string") {
        const membership = ev.content?.membership;
        if (typeof membership === "string") info.memberships.set(ev.state_key, membership);
        const name = ev.content?.displayname;
        if (typeof name === "string" && name.trim()) info.names.set(ev.state_key, name);
        membersChanged = true;
      }
    }
    const count = room.summary?.["m.joined_member_count"];
    if (typeof count === "number") info.joinedCount = count;
    else if (membersChanged) info.joinedCount = undefined;
    return info;
  }

  setDirect(content: unknown): void {
    this.direct = new Map();
    this.directContent = {};
    if (typeof content !== "object" || content === null) return;
    for (const [user, rooms] of Object.entries(content)) {
      if (!Array.isArray(rooms)) continue;
      const ids = rooms.filter((r): r is string => typeof r === "string");
      this.direct.set(user, ids);
      this.directContent[user] = ids;
    }
  }

  /** The m.direct content with `roomId` added for `userId`, or null when it is already there. */
  withDirect(userId: string, roomId: string): Record<string, string[]> | null {
    const rooms = this.directContent[userId] ?? [];
    if (rooms.includes(roomId)) return null;
    return { ...this.directContent, [userId]: [roomId, ...rooms] };
  }

  isDirect(roomId: string): boolean {
    for (const rooms of this.direct.values()) if (rooms.includes(roomId)) return true;
    return false;
  }

  /** A DM room with `userId` from m.direct that the bot is still in. */
  directRoomWith(userId: string): string | null {
    return (this.direct.get(userId) ?? []).find((r) => this.joined.has(r)) ?? null;
  }

  /** Is the user joined to the room, as far as the synced state tells? */
  isJoined(roomId: string, userId: string): boolean {
    return this.rooms.get(roomId)?.memberships.get(userId) === "join";
  }

  /** A joined member of the room, other than `except`, known by the name `name` (see nameMatches). */
  findMember(roomId: string, name: string, except?: string): string | null {
    const info = this.rooms.get(roomId);
    if (!info) return null;
    for (const [userId, membership] of info.memberships) {
      if (membership === "join" && userId !== except && nameMatches(userId, info.names.get(userId), name)) return userId;
    }
    return null;
  }
}

/** Is `name` the user's localpart or display name (case-insensitive)? */
export function nameMatches(userId: string, displayName: string | undefined, name: string): boolean {
  const wanted = name.toLowerCase();
  const colon = userId.indexOf(":");
  const local = userId.slice(1, colon > 0 ? colon : undefined).toLowerCase();
  return local === wanted || displayName?.toLowerCase() === wanted;
}
