// Recognising a command in a line of chat. Ordinary chat is not a command and gets no answer.
import { cleanLine } from "./hygiene.js";

export interface ParsedCommand {
  /** The command word as typed, lower-cased (may be unknown or an alias). */
  name: string;
  /** Everything after the command word, cleaned, without the "> nick" pointer. */
  args: string;
  /** "!project 9p > alice" or "| alice": who the answer is for. */
  pointedAt: string | null;
  /** Written to the bot by name ("xenbot: …") or in private: certainly meant for us. */
  addressed: boolean;
}

export interface ParseOptions {
  prefix: string;
  botName: string;
  isPrivate: boolean;
}

/** Longest command line we look at; anything longer is cut here, before any other work. */
export const MAX_INPUT_CHARS = 2_000;

// An IRC nick or a Matrix user id (@user:server).
const POINTER = /\s[>|]\s*(@[^\s:]{1,255}:[^\s]{1,255}|[A-Za-z\[\]\\`_^{|}][A-Za-z0-9\[\]\\`_^{|}-]{0,31})$/;
const COMMAND_WORD = /^([A-Za-z][A-Za-z0-9-]{0,31})(?=\s|$)/;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

export function parseCommand(rawText: string, opts: ParseOptions): ParsedCommand | null {
  let line = cleanLine(rawText.slice(0, MAX_INPUT_CHARS));
  if (!line) return null;

  let byName = false;
  if (line.startsWith(opts.prefix)) {
    line = line.slice(opts.prefix.length);
  } else {
    const addressed = opts.botName
      ? new RegExp(`^@?${escapeRegExp(opts.botName)}[:,]\\s*`, "i").exec(line)
      : null;
    if (addressed) {
      line = line.slice(addressed[0].length);
      byName = true;
    } else if (!opts.isPrivate) return null;
  }

  const word = COMMAND_WORD.exec(line);
  if (!word) return null; // "!!!", "! hello", "!123": not a command
  let args = line.slice(word[0].length).trim();

  let pointedAt: string | null = null;
  const pointer = POINTER.exec(` ${args}`);
  if (pointer) {
    pointedAt = pointer[1]!;
    args = ` ${args}`.slice(0, pointer.index).trim();
  }
  return { name: word[1]!.toLowerCase(), args, pointedAt, addressed: byName || opts.isPrivate };
}
