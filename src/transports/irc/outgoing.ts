// The IRC side of the core's delivery plan, as pure functions over what the connection knows
// (our nick, who is in a channel, byte budgets, +c): neutral lines → IRC texts cut to the room's
// budget (so the channel cap counts the lines people see), a pointer → a present member, and a
// planned send → the PRIVMSG/NOTICE lines for the output queue.
import type { Room } from "../../core/message.js";
import type { RichLine } from "../../core/rich-text.js";
import type { Member, Outgoing, RenderTarget } from "../../core/transport.js";
import { renderIrcLine, safeTarget, sanitizeIrcText } from "./render.js";
import { splitIrcText, utf8Length } from "./split.js";

export interface OutLine {
  command: "PRIVMSG" | "NOTICE";
  target: string;
  text: string;
  /** The "nick: " that `text` starts with in a channel, so a later re-split can repeat it. */
  address?: string;
  /** Who reads it (the nick it is sent or addressed to): it follows them, and goes if they do. */
  reader: string;
  /** Who asked (their nick), for the notes the queue sends them. */
  asker: string;
  /** Where the question was asked: a channel, or the asker's nick for a private chat. */
  room: string;
}

/** What the connection tells the outgoing side. */
export interface IrcWire {
  /** The bot's current nick. */
  selfNick: string;
  /** Nicks and channels compared under the server's case mapping. */
  same(a: string, b: string): boolean;
  isMember(channel: string, nick: string): boolean;
  /** Bold/italic allowed towards this target (config, channel +c). */
  formattingFor(target: string): boolean;
  /** Bytes of text that fit in `COMMAND target :text` as relayed by the server. */
  budget(command: string, target: string): number;
}

function addressOf(addressee: Member | null): string {
  return addressee ? `${sanitizeIrcText(addressee.label)}: ` : "";
}

/** Neutral lines as IRC texts for the room they were asked in (a channel or a query), cut to fit. */
export function renderIrc(lines: readonly RichLine[], where: RenderTarget, wire: IrcWire): string[] {
  const target = where.room.id;
  const formatting = wire.formattingFor(target);
  const budget = wire.budget("PRIVMSG", target) - utf8Length(addressOf(where.addressee));
  return lines.flatMap((line) => splitIrcText(renderIrcLine(line, { formatting }), budget));
}

/** "> nick" reaches only someone present in the channel, never the bot itself. */
export function ircMember(room: Room, pointer: string, wire: IrcWire): Member | null {
  if (!safeTarget(pointer) || wire.same(pointer, wire.selfNick) || !wire.isMember(room.id, pointer)) return null;
  return { id: pointer, label: pointer };
}

/**
 * The wire lines of one planned send. A text cut for the room is cut again, only if needed, for
 * a target with less room (a NOTICE or a PRIVMSG to a longer nick); each piece is one line, so
 * the flood queue counts every line that goes on the wire.
 */
export function ircLines(out: Outgoing<string>, wire: IrcWire): OutLine[] {
  const lines: OutLine[] = [];
  const people = { reader: out.addressee?.id ?? out.to.id, asker: out.askedBy.id, room: out.room.id };
  if (out.kind === "room") {
    const address = addressOf(out.addressee);
    const budget = wire.budget("PRIVMSG", out.room.id) - utf8Length(address);
    for (const unit of out.lines) {
      for (const t of splitIrcText(unit, budget)) lines.push({ command: "PRIVMSG", target: out.room.id, text: address + t, ...(address ? { address } : {}), ...people });
    }
    return lines;
  }
  const command = out.kind === "notice" ? "NOTICE" : "PRIVMSG";
  const budget = wire.budget(command, out.to.id);
  for (const unit of out.lines) for (const t of splitIrcText(unit, budget)) lines.push({ command, target: out.to.id, text: t, ...people, reader: out.to.id });
  return lines;
}
