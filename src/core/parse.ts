// Recognising a line meant for the bot: "!cmd …", "xenbot: …", or anything in a private chat.
// Ordinary channel chat is not for us and gets no answer. What the line asks is decided after
// (core/route.ts): a command, or a sentence for the understanding step.
import { cleanLine } from "./hygiene.js";

export interface ParsedLine {
  /** How the line is meant for the bot: "!cmd …", "xenbot: …", or bare in a private chat. */
  form: "prefixed" | "by-name" | "bare";
  /** The first word, lower-cased, when it can be a command name ("project"); null for "I'm …", "9p?". */
  name: string | null;
  /** Everything after the first word, cleaned, without the "> nick" pointer. */
  args: string;
  /** The whole line after the prefix or the bot's name, cleaned, without the pointer: a sentence to understand. */
  text: string;
  /** "!project 9p > alice" or "| alice": who the answer is for. */
  pointedAt: string | null;
  /** Written to the bot by name ("xenbot: …") or in private: certainly meant for us. */
  addressed: boolean;
  /** Set when the line was longer than MAX_INPUT_CHARS and was cut there: lengths above are of the cut line. */
  cut?: true;
}

export interface ParseOptions {
  prefix: string;
  botName: string;
  isPrivate: boolean;
}

/** Longest command line we look at; anything longer is cut here, before any other work. */
export const MAX_INPUT_CHARS = 2_000;

/**
 * How long a part of the line is, as an answer may say it: its length, or, for a line that was
 * cut at MAX_INPUT_CHARS (a 64 KB paste), "your message is over 2,000 characters", never
 * the length of what was left after the cut.
 */
export function describeLength(chars: number, line: Pick<ParsedLine, "cut">): string {
  return line.cut ? `your message is over ${MAX_INPUT_CHARS.toLocaleString("en-US")} characters` : `${chars} characters`;
}

// An IRC nick or a Matrix user id (@user:server).
const POINTER = /\s[>|]\s*(@[^\s:]{1,255}:[^\s]{1,255}|[A-Za-z\[\]\\`_^{|}][A-Za-z0-9\[\]\\`_^{|}-]{0,31})$/;
const COMMAND_WORD = /^([A-Za-z][A-Za-z0-9-]{0,31})(?=\s|$)/;

/** `s` as a regular expression that matches it literally. */
export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * The line as meant for the bot, or null when it is not: ordinary channel chat, or a prefix
 * followed by no command word ("!!!", "! hello", "!123").
 */
export function parseLine(rawText: string, opts: ParseOptions): ParsedLine | null {
  let line = cleanLine(rawText.slice(0, MAX_INPUT_CHARS));
  if (!line) return null;

  let form: ParsedLine["form"] = "bare";
  if (line.startsWith(opts.prefix)) {
    line = line.slice(opts.prefix.length);
    form = "prefixed";
  } else {
    const addressed = opts.botName
      ? new RegExp(`^@?${escapeRegExp(opts.botName)}[:,]\\s*`, "i").exec(line)
      : null;
    if (addressed) {
      line = line.slice(addressed[0].length);
      form = "by-name";
    } else if (!opts.isPrivate) return null;
  }

  let pointedAt: string | null = null;
  const pointer = POINTER.exec(` ${line}`);
  if (pointer) {
    pointedAt = pointer[1]!;
    line = ` ${line}`.slice(0, pointer.index).trim();
  }
  const word = COMMAND_WORD.exec(line);
  if (!word && form === "prefixed") return null;
  if (!line) return null;
  return {
    form,
    name: word ? word[1]!.toLowerCase() : null,
    args: word ? line.slice(word[0].length).trim() : "",
    text: line,
    pointedAt,
    addressed: form === "by-name" || opts.isPrivate,
    ...(rawText.length > MAX_INPUT_CHARS ? { cut: true as const } : {}),
  };
}
