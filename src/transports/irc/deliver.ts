// A dispatch outcome → the PRIVMSG/NOTICE lines to send, in order. Pure: what it needs to know
// about the connection (our nick, who is in the channel, byte budgets, +c) comes in `IrcContext`.
// The channel/private policy is the core's planDelivery; this module renders, splits and targets.
import { planDelivery } from "../../core/delivery.js";
import type { IncomingMessage } from "../../core/message.js";
import type { Reply, RichLine, Span } from "../../core/rich-text.js";
import type { DispatchOutcome } from "../../core/transport.js";
import { renderIrcLine, safeTarget, sanitizeIrcText } from "./render.js";
import { splitIrcText, utf8Length } from "./split.js";

export interface OutLine {
  command: "PRIVMSG" | "NOTICE";
  target: string;
  text: string;
  /** The "nick: " that `text` starts with in a channel, so a later re-split can repeat it. */
  address?: string;
}

export interface IrcContext {
  /** The bot's current nick. */
  selfNick: string;
  maxRoomLines: number;
  /** Nicks and channels compared under the server's case mapping. */
  same(a: string, b: string): boolean;
  isMember(channel: string, nick: string): boolean;
  /** Bold/italic allowed towards this target (config, channel +c). */
  formattingFor(target: string): boolean;
  /** Bytes of text that fit in `COMMAND target :text` as relayed by the server. */
  budget(command: string, target: string): number;
}

/**
 * Lines for one outcome. Channel lines are addressed ("nick: …") to the asker or to the person
 * the answer was pointed at; private lines go to the asker (or that person); notices to the asker.
 */
export function ircLinesFor(msg: IncomingMessage, outcome: DispatchOutcome, ctx: IrcContext): OutLine[] {
  const asker = msg.sender.id;
  // "> nick" only reaches someone present in the channel (never the bot itself): no way to make
  // the bot message arbitrary people privately.
  let pointedAt = msg.room.isPrivate ? null : outcome.pointedAt;
  if (pointedAt && (!safeTarget(pointedAt) || ctx.same(pointedAt, ctx.selfNick) || !ctx.isMember(msg.room.id, pointedAt))) pointedAt = null;

  // One public reply (several ctx.reply calls) counts against the channel cap as a whole.
  const publicLines = outcome.replies.filter((r) => (r.delivery ?? "public") === "public").flatMap((r) => r.lines);
  const replies: Reply[] = [...(publicLines.length ? [{ lines: publicLines }] : []), ...outcome.replies.filter((r) => r.delivery === "private" || r.delivery === "notice")];

  const out: OutLine[] = [];
  for (const reply of replies) {
    const roomTarget = msg.room.isPrivate ? asker : msg.room.id;
    const formatting = ctx.formattingFor(roomTarget);
    const addressee = msg.room.isPrivate ? null : (pointedAt ?? msg.sender.displayName);
    const addressPrefix = addressee ? `${sanitizeIrcText(addressee)}: ` : "";
    const roomBudget = ctx.budget("PRIVMSG", roomTarget) - utf8Length(addressPrefix);

    // Split before planning, so the channel cap counts the lines people will actually see.
    const ready = new WeakSet<Span>();
    const lines: RichLine[] = reply.lines.flatMap((line) =>
      splitIrcText(renderIrcLine(line, { formatting }), roomBudget).map((piece) => {
        const span: Span = { text: piece };
        ready.add(span);
        return [span];
      }),
    );
    const plan = planDelivery(msg, { ...reply, lines }, { maxRoomLines: ctx.maxRoomLines, pointedAt });
    // Lines we split are rendered already; lines the plan added ("… 5 more lines sent to you
    // privately.") are not. A rendered line was cut to the channel's budget, and a notice or
    // private message to a longer nick has less room: splitIrcText cuts it again only if needed.
    const rendered = (line: RichLine): string =>
      line.length > 0 && line.every((s) => ready.has(s)) ? line.map((s) => s.text).join("") : renderIrcLine(line, { formatting });
    const texts = (line: RichLine, budget: number): string[] => splitIrcText(rendered(line), budget);

    for (const line of plan.roomLines) for (const t of texts(line, roomBudget)) out.push({ command: "PRIVMSG", target: roomTarget, text: addressPrefix + t, ...(addressPrefix ? { address: addressPrefix } : {}) });
    const privateTo = msg.room.isPrivate ? asker : (pointedAt ?? asker);
    const privateBudget = ctx.budget("PRIVMSG", privateTo);
    for (const line of plan.privateLines) for (const t of texts(line, privateBudget)) out.push({ command: "PRIVMSG", target: privateTo, text: t });
    const noticeBudget = ctx.budget("NOTICE", asker);
    for (const line of plan.noticeLines) for (const t of texts(line, noticeBudget)) out.push({ command: "NOTICE", target: asker, text: t });
  }
  return out;
}
