// Who "!cmd … > someone" may point an answer at. As on IRC, a pointer counts only for someone
// joined to the room the question was asked in, and never for the bot itself; otherwise anyone
// could make the bot open a direct chat with, and post to, any Matrix user. The bot syncs with
// lazy-loaded members, so its room state lists only members who spoke lately: anyone it does not
// find there is looked up in the homeserver's joined_members, and a failed lookup means "no".
import type { MatrixClient } from "matrix-bot-sdk";
import type { Logger } from "../../log.js";
import { isUserId, localpart } from "./render.js";
import { describeFailure } from "./retry.js";
import { nameMatches, type RoomTracker } from "./rooms.js";

/** GET /rooms/{roomId}/joined_members: user id → profile. Throws on any failure. */
export async function joinedMembers(client: MatrixClient, roomId: string): Promise<Record<string, { display_name?: unknown }>> {
  // matrix-bot-sdk's getJoinedRoomMembersWithProfiles waits up to a minute; an answer should not.
  const res = (await client.doRequest("GET", `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/joined_members`, null, null, 10_000)) as { joined?: unknown };
  if (typeof res?.joined !== "object" || res.joined === null) throw new Error("joined_members answered without a joined map");
  return res.joined as Record<string, { display_name?: unknown }>;
}

export interface PointerLookup {
  rooms: RoomTracker;
  client: MatrixClient | null;
  /** The bot's user id. */
  selfId: string;
  logger: Logger;
}

export interface PointedMember {
  userId: string;
  /** How the answer names them: the name typed, or the localpart of a typed user id. */
  label: string;
}

/** The member `pointer` (a user id or a name) stands for in the room, or null: answer the asker. */
export async function pointedMember(roomId: string, pointer: string, deps: PointerLookup): Promise<PointedMember | null> {
  const byId = isUserId(pointer);
  if (byId && pointer === deps.selfId) return null;
  const known = byId ? (deps.rooms.isJoined(roomId, pointer) ? pointer : null) : deps.rooms.findMember(roomId, pointer, deps.selfId);
  const userId = known ?? (await askHomeserver(roomId, pointer, byId, deps));
  if (!userId) return null;
  return { userId, label: byId ? localpart(userId) : pointer };
}

async function askHomeserver(roomId: string, pointer: string, byId: boolean, deps: PointerLookup): Promise<string | null> {
  if (!deps.client) return null;
  try {
    const joined = await joinedMembers(deps.client, roomId);
    if (byId) return Object.hasOwn(joined, pointer) ? pointer : null;
    for (const [userId, profile] of Object.entries(joined)) {
      const name = typeof profile?.display_name === "string" ? profile.display_name : undefined;
      if (userId !== deps.selfId && nameMatches(userId, name, pointer)) return userId;
    }
    return null;
  } catch (err) {
    deps.logger.debug({ transport: "matrix", room: roomId, error: describeFailure(err) }, "matrix: could not look up room members; answering the asker");
    return null;
  }
}
