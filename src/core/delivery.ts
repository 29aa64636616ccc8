// The delivery plan, one for every transport: a room gets at most a few lines, addressed to the
// asker (or to the member the answer was pointed at); the rest goes privately with one line
// saying so; a whole-private reply leaves one line in the room; notices go to the asker. What
// goes privately starts with one line naming what it answers, "(the rest of my answer to !start
// in #xen-devel)": a direct chat shows it apart from the question, maybe hours later.
// Generic over the line type, so it can plan lines a port has already rendered and split (an
// IRC channel cap counts the lines people will see, not the neutral lines).
import type { IncomingMessage } from "./message.js";
import type { RichLine } from "./rich-text.js";
import { text } from "./rich-text.js";

export interface DeliveryPlan<L = RichLine> {
  /** Lines for the room the message came from (already includes the overflow notice). */
  roomLines: L[];
  /**
   * Lines for a private chat: with the pointed-at person when the answer was pointed (ports
   * accept a pointer only to someone present in the room, so the bot cannot be made to message
   * strangers), else with the asker.
   */
  privateLines: L[];
  /** Lines to send as a notice to the asker. */
  noticeLines: L[];
  /** Who the room lines are addressed to ("nick" for "nick: …"), or null in a private chat. */
  addressee: string | null;
}

export interface DeliveryOptions {
  /** Max lines in a channel before the rest goes privately (config, default 3). */
  maxRoomLines: number;
  /** Set when the user pointed the answer at someone: "!project 9p > alice". */
  pointedAt?: string | null;
  /** The command answered, as typed with its prefix ("!start"), for the private part's first line. */
  asked?: string | null;
}

/** Longest room name the private part's first line shows. */
const ROOM_LABEL_CHARS = 60;

/**
 * The first line of what goes privately from a room: what it answers, where, and, for a pointed
 * answer, who sent it their way. `rest`: it continues lines shown in the room.
 */
export function privateOpening(msg: IncomingMessage, opts: DeliveryOptions, rest: boolean): string {
  const label = msg.room.label ?? msg.room.id;
  const room = label.length > ROOM_LABEL_CHARS ? `${label.slice(0, ROOM_LABEL_CHARS - 1)}…` : label;
  const what = opts.asked ? ` to ${opts.asked}` : "";
  const pointed = opts.pointedAt ? `, which ${msg.sender.displayName} pointed at you` : "";
  return `(${rest ? "the rest of my answer" : "my answer"}${what} in ${room}${pointed})`;
}

export interface LineKind<L> {
  /** The plan's own lines ("… 5 more lines sent to you privately."), as lines of type L. */
  note(sentence: string): L[];
  /** Lines with nothing to show are dropped. */
  visible(line: L): boolean;
}

type Planned<L> = { lines: readonly L[]; delivery?: "public" | "private" | "notice" };

const RICH: LineKind<RichLine> = {
  note: (sentence) => [[text(sentence)]],
  visible: (line) => line.some((s) => s.text.length > 0),
};

/** The plan for a reply of neutral lines. */
export function planDelivery(msg: IncomingMessage, reply: Planned<RichLine>, opts: DeliveryOptions): DeliveryPlan<RichLine> {
  return planLines(msg, reply, opts, RICH);
}

/** The plan for lines of any kind (a port's rendered lines). */
export function planLines<L>(msg: IncomingMessage, reply: Planned<L>, opts: DeliveryOptions, kind: LineKind<L>): DeliveryPlan<L> {
  const plan: DeliveryPlan<L> = { roomLines: [], privateLines: [], noticeLines: [], addressee: null };
  const lines = reply.lines.filter((l) => kind.visible(l));
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
    plan.privateLines = [...kind.note(privateOpening(msg, opts, false)), ...lines];
    plan.roomLines = kind.note(`sent you the answer privately (${lines.length} ${lines.length === 1 ? "line" : "lines"}).`);
    return plan;
  }
  const max = Math.max(1, opts.maxRoomLines);
  if (lines.length <= max) {
    plan.roomLines = lines;
    return plan;
  }
  plan.roomLines = [...lines.slice(0, max - 1), ...kind.note(`… ${lines.length - (max - 1)} more lines sent to you privately.`)];
  plan.privateLines = [...kind.note(privateOpening(msg, opts, true)), ...lines.slice(max - 1)];
  return plan;
}
