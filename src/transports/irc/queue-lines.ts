// What becomes of a waiting line when people move, as pure functions for the port's flood queue:
// a nick change carries a person's lines to the new nick (a private line is sent to it, a channel
// line is addressed "new: …"); someone leaving takes their lines with them (a quit: all of them;
// a part or kick: those of that channel); and the two short notes the queue sends in place of
// lines it will not send (beyond a person's share, or waited too long).
import type { OutLine } from "./outgoing.js";

type Same = (a: string, b: string) => boolean;

/** The line as it must go after `from` became `to`; the same object when it is not theirs. */
export function renamedLine(line: OutLine, from: string, to: string, same: Same): OutLine {
  const reader = same(line.reader, from);
  const asker = same(line.asker, from);
  const room = same(line.room, from);
  const target = same(line.target, from);
  if (!reader && !asker && !room && !target) return line;
  const next: OutLine = { ...line };
  if (reader) next.reader = to;
  if (asker) next.asker = to;
  if (room) next.room = to;
  if (target) next.target = to;
  if (reader && line.address !== undefined && line.text.startsWith(line.address)) {
    const address = `${to}: `;
    next.text = address + line.text.slice(line.address.length);
    next.address = address;
  }
  return next;
}

/** Whether a line goes with `nick` leaving: quit (channel null) or leaving `channel`. */
export function leavesWith(line: OutLine, nick: string, channel: string | null, same: Same): boolean {
  if (!same(line.reader, nick)) return false;
  return channel === null || same(line.room, channel) || same(line.target, channel);
}

/** Lines bound for a channel the bot itself is no longer in. */
export function boundFor(line: OutLine, channel: string, same: Same): boolean {
  return same(line.target, channel);
}

/** Stands for lines beyond the asker's share, where they would have gone. */
export function overflowNote(firstHeld: OutLine, held: number): OutLine {
  const address = firstHeld.address ?? "";
  const lines = held === 1 ? "1 more line" : `${held} more lines`;
  return { ...firstHeld, text: `${address}(${lines} not sent: I am answering many people at once; ask me again in a minute.)` };
}

/** Tells the asker, privately, that part of an answer waited too long to be worth sending. */
export function expiryNote(firstExpired: OutLine, count: number, maxAgeMs: number): OutLine {
  const lines = count === 1 ? "1 line" : `${count} lines`;
  const age = maxAgeMs % 60_000 === 0 ? (maxAgeMs === 60_000 ? "a minute" : `${maxAgeMs / 60_000} minutes`) : `${Math.round(maxAgeMs / 1000)} s`;
  return {
    command: "NOTICE",
    target: firstExpired.asker,
    text: `Sorry, ${lines} of my answer waited over ${age} and ${count === 1 ? "was" : "were"} dropped; ask again when it is quieter.`,
    reader: firstExpired.asker,
    asker: firstExpired.asker,
    room: firstExpired.room,
  };
}
