// The channel/private policy shared by the chat transports: a channel gets at most a few
// lines, addressed to the asker; the rest goes privately with one line saying so.
import type { IncomingMessage } from "./message.js";
import type { Reply, RichLine } from "./rich-text.js";
import { text } from "./rich-text.js";

export interface DeliveryPlan {
  /** Lines for the room the message came from (already includes the overflow notice). */
  roomLines: RichLine[];
  /**
   * Lines for a private chat: with the pointed-at person when the answer was pointed (transports
   * accept a pointer only to someone present in the room, so the bot cannot be made to message
   * strangers), else with the asker.
   */
  privateLines: RichLine[];
  /** Lines to send as a notice to the asker. */
  noticeLines: RichLine[];
  /** Who the room lines are addressed to ("nick" for "nick: …"), or null in a private chat. */
  addressee: string | null;
}

export interface DeliveryOptions {
  /** Max lines in a channel before the rest goes privately (config, default 3). */
  maxRoomLines: number;
  /** Set when the user pointed the answer at someone: "!project 9p > alice". */
  pointedAt?: string | null;
}

export function planDelivery(msg: IncomingMessage, reply: Reply, opts: DeliveryOptions): DeliveryPlan {
  const plan: DeliveryPlan = { roomLines: [], privateLines: [], noticeLines: [], addressee: null };
  const lines = reply.lines.filter((l) => l.some((s) => s.text.length > 0));
  if (lines.length === 0) return plan;
  if (reply.delivery === "notice") {
    plan.noticeLines = lines;
    return plan;
  }
  if (msg.room.isPrivate) {
    plan.privateLines = lines;
    return plan;
  }
  plan.addressee = opts.pointedAt ?? msg.sender.displayName;
  if (reply.delivery === "private") {
    plan.privateLines = lines;
    plan.roomLines = [[text(`sent you the answer privately (${lines.length} ${lines.length === 1 ? "line" : "lines"}).`)]];
    return plan;
  }
  const max = Math.max(1, opts.maxRoomLines);
  if (lines.length <= max) {
    plan.roomLines = lines;
    return plan;
  }
  plan.roomLines = [...lines.slice(0, max - 1), [text(`… ${lines.length - (max - 1)} more lines sent to you privately.`)]];
  plan.privateLines = lines.slice(max - 1);
  return plan;
}
