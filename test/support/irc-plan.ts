// The IRC side of one answer without a server: the core's planSends with the IRC port's own
// pure pieces (render and cut, pointer check, wire lines), as IrcPort composes them.
import { planSends } from "../../src/core/conversation.js";
import type { IncomingMessage } from "../../src/core/message.js";
import type { DispatchOutcome } from "../../src/core/outcome.js";
import type { Port } from "../../src/core/transport.js";
import { ircLines, ircMember, renderIrc, type IrcWire, type OutLine } from "../../src/transports/irc/outgoing.js";

export interface IrcContext extends IrcWire {
  maxRoomLines: number;
}

/** What goes on the wire: a line without the queue's bookkeeping (who reads it, who asked, where). */
export type WireLine = Omit<OutLine, "reader" | "asker" | "room">;

export function ircLinesFor(msg: IncomingMessage, outcome: DispatchOutcome, ctx: IrcContext): WireLine[] {
  const port: Port<string> = {
    name: "irc",
    maxRoomLines: ctx.maxRoomLines,
    start: async () => {},
    stop: async () => {},
    status: () => ({ connected: true, state: "registered" }),
    findMember: (room, pointer) => ircMember(room, pointer, ctx),
    render: (lines, where) => renderIrc(lines, where, ctx),
    send: async () => true,
  };
  const pointed = outcome.pointedAt && !msg.room.isPrivate ? ircMember(msg.room, outcome.pointedAt, ctx) : null;
  const asked = outcome.command ? `!${outcome.command}` : null;
  return planSends(port, msg, outcome.replies, pointed, asked)
    .flatMap((out) => ircLines(out, ctx))
    .map(({ reader: _reader, asker: _asker, room: _room, ...wire }) => wire);
}
