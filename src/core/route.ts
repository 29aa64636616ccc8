// What a line meant for the bot asks for: a command as typed ("!project 9p", "project 9p" in
// private), a sentence the understanding step turns into a command ("who mentors kdd?"), a
// question back when it is not sure, or "did you mean" for a mistyped command word. A sentence
// never gets "did you mean": "what is …" is not a slip of "!who".
import { closestNames } from "./did-you-mean.js";
import { isSentenceWord, type Understanding } from "./understand/index.js";
import { describeLength, type ParsedLine } from "./parse.js";
import type { CommandCatalog } from "./plugin.js";
import { code, text, type RichLine, type Span } from "./rich-text.js";
import type { DispatchStatus } from "./outcome.js";

export type Route =
  | { kind: "ignore" }
  /** Run a command; `understood` names the intent when a sentence was understood. */
  | { kind: "command"; name: string; args: string; understood: string | null }
  | { kind: "reply"; status: DispatchStatus; lines: RichLine[]; understood: string | null };

export interface RouteOptions {
  catalog: CommandCatalog;
  understanding: Understanding;
  prefix: string;
  isAdmin: boolean;
  isPrivate: boolean;
}

/** Longest sentence read; past it the asker is told so, and nothing is searched. */
export const MAX_SENTENCE_CHARS = 300;

/** A question mark, or grammar and politeness after the first word: "help me", "suggest easy please". */
function looksLikeSentence(line: ParsedLine): boolean {
  if (line.text.includes("?")) return true;
  const words = line.name ? line.args.toLowerCase().split(/\s+/) : line.text.toLowerCase().split(/\s+/);
  return words.some((w) => isSentenceWord(w.replace(/[^\p{L}\p{N}'’-]+/gu, "")));
}

function commandList(names: readonly string[], prefix: string): Span[] {
  return names.flatMap((n, i) => (i === 0 ? [code(`${prefix}${n}`)] : [text(" or "), code(`${prefix}${n}`)]));
}

function reply(status: DispatchStatus, line: RichLine, understood: string | null = null): Route {
  return { kind: "reply", status, lines: [line], understood };
}

export function route(line: ParsedLine, o: RouteOptions): Route {
  const p = o.prefix;
  const spec = line.name ? o.catalog.get(line.name) : undefined;
  const sentence = looksLikeSentence(line);
  // "!project 9p", "!who kdd": typed with the prefix, a known name is always the command.
  if (spec && line.form === "prefixed") return { kind: "command", name: line.name!, args: line.args, understood: null };
  // Bare or by name, a visible name starts a command unless a sentence follows ("help me").
  const visible = spec !== undefined && o.catalog.names({ includeAdmin: true }).includes(line.name!);
  if (visible && !sentence) return { kind: "command", name: line.name!, args: line.args, understood: null };

  const guesses = line.name && !spec && !sentence ? closestNames(line.name, o.catalog.names({ includeAdmin: o.isAdmin }), { strict: !o.isPrivate }) : [];
  const didYouMean = (): Route =>
    reply("unknown-command", [text(`Unknown command ${p}${line.name}. Did you mean `), ...commandList(guesses, p), text(`? (${p}help lists all)`)]);

  if (line.form === "prefixed" && !spec) {
    if (guesses.length) return didYouMean(); // "!porject 9p"
    // In a channel "!seen bob" may be another bot's command, and "!what is xen" is chat.
    if (!line.addressed) return { kind: "ignore" };
    if (!sentence) {
      return reply("unknown-command", [text(`I don't know the command "${line.name!.slice(0, 32)}". Try `), code(`${p}help`), text(" for the commands, or "), code(`${p}project <words>`), text(" to search the projects.")]);
    }
    // In private, "!what is the contact for numa tmem" is a sentence with a "!" before it.
  }

  if (line.text.length > MAX_SENTENCE_CHARS) {
    return reply("usage", [text(`That is too long for me to read (${describeLength(line.text.length, line)}; the limit is ${MAX_SENTENCE_CHARS}). Ask one short question, or try `), code(`${p}help`), text(".")]);
  }
  const understood = o.understanding.understand(line.text);
  switch (understood.kind) {
    case "command":
      if (o.catalog.get(understood.command)) return { kind: "command", name: understood.command, args: understood.args, understood: understood.intent };
      return notUnderstood(); // a bot loaded without that command (tests with their own plugins)
    case "ask-back": {
      if (guesses.length) return didYouMean();
      const choices = understood.choices.flatMap((c, i) => [text(i ? ", " : ""), code(`${p}${c.command}${c.args ? ` ${c.args}` : ""}`)]);
      return reply("ask-back", [text("Did you mean: "), ...choices, text("?")]);
    }
    case "none":
      return notUnderstood();
  }

  function notUnderstood(): Route {
    // "project the" or "echo hello" read as nothing better: the command as typed.
    if (visible) return { kind: "command", name: line.name!, args: line.args, understood: null };
    if (guesses.length) return didYouMean();
    return reply("not-understood", [
      text("I did not catch what you are asking. I answer questions about the projects, who to contact and how to start; "),
      code(`${p}help`),
      text(" lists the commands, and "),
      code(`${p}project <words>`),
      text(" searches the projects."),
    ]);
  }
}
