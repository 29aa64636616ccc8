// Which event a Matrix event answers (its m.in_reply_to), for tests and benchmarks that wait for
// the bot's reply to a question they sent.
import type { ClientEvent } from "./homeserver/index.js";

type Relates = { "m.in_reply_to"?: { event_id?: string } } | undefined;

/** The id of the event `e` replies to, if it is a reply. */
export function replyTo(e: ClientEvent): string | undefined {
  return (e.content["m.relates_to"] as Relates)?.["m.in_reply_to"]?.event_id;
}

/** A match for `botId`'s message that replies to `eventId`. */
export function botReplyTo(botId: string, eventId: string): (e: ClientEvent) => boolean {
  return (e) => e.sender === botId && e.type === "m.room.message" && replyTo(e) === eventId;
}
