// Text hygiene: the one table of characters xenbot cleans out of text, in and out, and the
// cleaners built on it. What users type may hold IRC formatting codes, control characters,
// CR/LF or NUL; what the store holds goes to sockets and terminals. Each transport renders with
// the variant its wire needs (named below), all drawn from this table, so a character added here
// is added for every one of them.

/** The characters we clean, by kind, each as the inside of a regular-expression class. */
export const HYGIENE_TABLE = {
  /** C0 controls: NUL, TAB, LF, CR, ESC … */
  c0: "\\x00-\\x1f",
  /** DEL. */
  del: "\\x7f",
  /** C1 controls, NEL (U+0085) and the 8-bit CSI (U+009B) among them. */
  c1: "\\x80-\\x9f",
  /** Unicode line and paragraph separators. */
  separators: "\\u2028\\u2029",
  /** Byte order mark (zero-width no-break space). */
  bom: "\\ufeff",
  /**
   * Characters that end a line or separate words (a subset of the above): where text must stay
   * on one line they become a space, so words stay apart.
   */
  breaks: "\\t\\n\\v\\f\\r\\u0085\\u2028\\u2029",
  /**
   * Bidirectional controls: embeddings and overrides U+202A–U+202E, isolates U+2066–U+2069, the
   * marks LRM, RLM and ALM. Declared here, not yet applied by any cleaner (issue 15).
   */
  bidi: "\\u202a-\\u202e\\u2066-\\u2069\\u200e\\u200f\\u061c",
  /** Zero-width space, non-joiner, joiner and word joiner. Declared, not yet applied (issue 15). */
  zeroWidth: "\\u200b-\\u200d\\u2060",
} as const;

export type HygieneClass = keyof typeof HYGIENE_TABLE;

/**
 * IRC formatting codes: colour (\x03 with optional fg,bg digits), hex colour (\x04 + 6 hex),
 * and the toggles bold, italic, underline, strikethrough, monospace, reverse, reset.
 */
export const IRC_FORMATTING = /\x03(?:\d{1,2}(?:,\d{1,2})?)?|\x04(?:[0-9a-fA-F]{6}(?:,[0-9a-fA-F]{6})?)?|[\x02\x0f\x11\x16\x1d\x1e\x1f]/g;

/** A global regular expression matching any character of the given kinds (and of `extra`). */
export function charactersOf(kinds: readonly HygieneClass[], extra = ""): RegExp {
  return new RegExp(`[${kinds.map((k) => HYGIENE_TABLE[k]).join("")}${extra}]`, "g");
}

const CONTROLS = charactersOf(["c0", "del", "c1", "separators", "bom"]);
const BREAKS = charactersOf(["breaks"]);
const C0_DEL_C1 = charactersOf(["c0", "del", "c1"]);
const C0_SPACE_DEL_C1 = charactersOf(["c0", "del", "c1"], " ");

export function stripIrcFormatting(input: string): string {
  return input.replace(IRC_FORMATTING, "");
}

/** Every control (C0, DEL, C1, line/paragraph separators, BOM) turned into one space each. */
export function controlsToSpaces(input: string): string {
  return input.replace(CONTROLS, " ");
}

/**
 * What users type, as commands see it: one line of plain text, IRC formatting removed, controls
 * (CR, LF, NUL, tabs…) turned into spaces, runs of space collapsed, trimmed.
 */
export function cleanLine(input: string): string {
  return controlsToSpaces(stripIrcFormatting(input)).replace(/\s+/g, " ").trim();
}

/**
 * Text for a line-based wire (IRC): formatting removed, breaks turned into a space, every other
 * C0, DEL and C1 control dropped. No CR, LF or NUL can remain.
 */
export function wireText(input: string): string {
  return stripIrcFormatting(input).replace(BREAKS, " ").replace(C0_DEL_C1, "");
}

/** Text for a terminal: C0, DEL and C1 controls (ESC, CSI…) turned into spaces, so none can move the cursor. */
export function terminalText(input: string): string {
  return input.replace(C0_DEL_C1, " ");
}

/** A URL for a terminal, as one token: C0, DEL, C1 controls and spaces removed. */
export function terminalUrl(input: string): string {
  return input.replace(C0_SPACE_DEL_C1, "");
}
