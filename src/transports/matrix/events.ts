// Reading Matrix events: which timeline events are questions for the bot, and what an invite
// says. Pure functions over the raw JSON of a sync response.
import { stripReplyFallback } from "./render.js";
import type { InvitedRoomSync, RawEvent } from "./sync.js";

export interface TextMessage {
  eventId: string;
  sender: string;
  text: string;
  ts: number;
  /** Thread root, when written in a thread. */
  threadId?: string;
}

export type Skip = "not-a-message" | "own" | "not-text" | "edit" | "redacted" | "malformed";

type Relation = { rel_type?: unknown; event_id?: unknown; "m.in_reply_to"?: { event_id?: unknown } };

/** The question in an event, or why the bot ignores it. Only m.text counts: m.notice is other bots. */
export function readMessage(ev: RawEvent, selfId: string): TextMessage | Skip {
  if (ev.type !== "m.room.message") return "not-a-message";
  if (typeof ev.event_id !== "string" || typeof ev.sender !== "string") return "malformed";
  if (ev.sender === selfId) return "own";
  if (ev.unsigned?.redacted_because !== undefined) return "redacted";
  const content = ev.content ?? {};
  if (Object.keys(content).length === 0) return "redacted";
  if (content.msgtype !== "m.text") return "not-text";
  const rel = (typeof content["m.relates_to"] === "object" && content["m.relates_to"] !== null ? content["m.relates_to"] : {}) as Relation;
  if (rel.rel_type === "m.replace") return "edit";
  if (typeof content.body !== "string") return "malformed";
  const isReply = typeof rel["m.in_reply_to"]?.event_id === "string";
  const msg: TextMessage = {
    eventId: ev.event_id,
    sender: ev.sender,
    text: isReply ? stripReplyFallback(content.body) : content.body,
    ts: typeof ev.origin_server_ts === "number" ? ev.origin_server_ts : Date.now(),
  };
  if (rel.rel_type === "m.thread" && typeof rel.event_id === "string") msg.threadId = rel.event_id;
  return msg;
}

export interface Invite {
  roomId: string;
  inviter: string;
  isDirect: boolean;
  encrypted: boolean;
}

export function readInvite(roomId: string, room: InvitedRoomSync, selfId: string): Invite | null {
  const events = room.invite_state?.events ?? [];
  const mine = events.find((e) => e.type === "m.room.member" && e.state_key === selfId && e.content?.membership === "invite");
  if (!mine || typeof mine.sender !== "string") return null;
  // No aliases: the stripped state is the inviter's server's word, so it says nothing about
  // whether this is a configured room (see Doors.decide), and its is_direct is the inviter's
  // word too (Doors checks the members after joining).
  return {
    roomId,
    inviter: mine.sender,
    isDirect: mine.content?.is_direct === true,
    encrypted: events.some((e) => e.type === "m.room.encryption"),
  };
}

/**
 * Index of the bot's own join in a timeline (a join that was not one before, so not a display
 * name change), or -1. Events before it are the room's history, seen because the bot joined.
 */
export function lastOwnJoin(timeline: RawEvent[], selfId: string): number {
  for (let i = timeline.length - 1; i >= 0; i--) {
    const ev = timeline[i]!;
    if (ev.type !== "m.room.member" || ev.state_key !== selfId || ev.content?.membership !== "join") continue;
    const prevContent = (ev.unsigned?.prev_content ?? (ev as { prev_content?: unknown }).prev_content) as { membership?: unknown } | undefined;
    const prev = prevContent?.membership;
    if (prev !== "join") return i;
  }
  return -1;
}

/** Does an allowed_inviters entry match a user? Exact ids, or "*:server" / "@*:server" for a whole server. */
export function inviterAllowed(userId: string, allowed: readonly string[]): boolean {
  const server = userId.slice(userId.indexOf(":") + 1);
  return allowed.some((entry) => {
    if (entry === userId) return true;
    const m = /^@?\*:(.+)$/.exec(entry);
    return m !== null && m[1] === server;
  });
}

/** Someone else joining (not a profile change of a member already in): a greeting candidate. */
export function readJoin(ev: RawEvent, selfId: string): { userId: string; ts: number } | null {
  if (ev.type !== "m.room.member" || typeof ev.state_key !== "string" || ev.state_key === selfId) return null;
  if (ev.content?.membership !== "join") return null;
  const prevContent = (ev.unsigned?.prev_content ?? (ev as { prev_content?: unknown }).prev_content) as { membership?: unknown } | undefined;
  if (prevContent?.membership === "join") return null;
  return { userId: ev.state_key, ts: typeof ev.origin_server_ts === "number" ? ev.origin_server_ts : Date.now() };
}
