// Text hygiene: the one table of characters xenbot cleans out of text, in and out, and the
// cleaners built on it. What users type may hold IRC formatting codes, control characters,
// CR/LF or NUL, and characters that show nothing but change what is shown: a bidi override
// (U+202E) that reverses the rest of the bot's own line, a zero-width space that makes
// "!pro\u200bject" look like a command and not be one. What the store holds goes to sockets and
// terminals. Each transport renders with the variant its wire needs (named below), all drawn
// from this table and all removing the invisible characters, so a character added here is
// cleaned for every one of them.

/** The characters we clean, by kind, each as the inside of a regular-expression class (u flag). */
export const HYGIENE_TABLE = {
  /** C0 controls: NUL, TAB, LF, CR, ESC … */
  c0: "\\x00-\\x1f",
  /** DEL. */
  del: "\\x7f",
  /** C1 controls, NEL (U+0085) and the 8-bit CSI (U+009B) among them. */
  c1: "\\x80-\\x9f",
  /** Unicode line and paragraph separators. */
  separators: "\\u2028\\u2029",
  /**
   * Characters that end a line or separate words (a subset of the above): where text must stay
   * on one line they become a space, so words stay apart.
   */
  breaks: "\\t\\n\\v\\f\\r\\u0085\\u2028\\u2029",
  /**
   * Bidirectional controls: embeddings and overrides U+202A–U+202E, isolates U+2066–U+2069, the
   * marks LRM, RLM and ALM. Removed: each reorders the text after it, the bot's own words too.
   */
  bidi: "\\u202a-\\u202e\\u2066-\\u2069\\u200e\\u200f\\u061c",
  /** Zero-width space, non-joiner, word joiner, and the BOM (zero-width no-break space). Removed. */
  zeroWidth: "\\u200b\\u200c\\u2060\\ufeff",
  /**
   * The rest of what shows nothing (Unicode's default-ignorable code points, less the variation
   * selectors that CJK, Mongolian and emoji need): soft hyphen, combining grapheme joiner, Hangul
   * fillers, Khmer inherent vowels, Mongolian vowel separator, invisible operators, deprecated
   * format controls, interlinear annotation controls, shorthand and musical format controls, and
   * the code points reserved as ignorable. Removed.
   */
  invisible:
    "\\u00ad\\u034f\\u115f\\u1160\\u17b4\\u17b5\\u180e\\u2061-\\u2065\\u206a-\\u206f\\u3164\\uffa0\\ufff0-\\ufffb\\u{1bca0}-\\u{1bca3}\\u{1d173}-\\u{1d17a}\\u{e0080}-\\u{e00ff}\\u{e01f0}-\\u{e0fff}",
  /**
   * Zero-width joiner: removed, except between two pictographs, where it joins one emoji (👩‍💻 is
   * woman, ZWJ, laptop; 🏳️‍🌈 has a variation selector before it). See STRAY_JOINER.
   */
  joiner: "\\u200d",
  /**
   * Tag characters: invisible ASCII look-alikes (text can hide in them). Removed, except in an
   * emoji tag sequence, the subdivision flags (🏴 then tags then the cancel tag). See STRAY_TAG.
   */
  tags: "\\u{e0000}-\\u{e007f}",
} as const;

export type HygieneClass = keyof typeof HYGIENE_TABLE;

/**
 * IRC formatting codes: colour (\x03 with optional fg,bg digits), hex colour (\x04 + 6 hex),
 * and the toggles bold, italic, underline, strikethrough, monospace, reverse, reset.
 */
export const IRC_FORMATTING = /\x03(?:\d{1,2}(?:,\d{1,2})?)?|\x04(?:[0-9a-fA-F]{6}(?:,[0-9a-fA-F]{6})?)?|[\x02\x0f\x11\x16\x1d\x1e\x1f]/g;

/** A global regular expression matching any character of the given kinds (and of `extra`). */
export function charactersOf(kinds: readonly HygieneClass[], extra = ""): RegExp {
  return new RegExp(`[${kinds.map((k) => HYGIENE_TABLE[k]).join("")}${extra}]`, "gu");
}

const CONTROLS = charactersOf(["c0", "del", "c1", "separators"]);
const BREAKS = charactersOf(["breaks"]);
const C0_DEL_C1 = charactersOf(["c0", "del", "c1"]);
const C0_SPACE_DEL_C1 = charactersOf(["c0", "del", "c1"], " ");
const ALWAYS_INVISIBLE = charactersOf(["bidi", "zeroWidth", "invisible"]);
// A pictograph, with the variation selector or skin tone that may follow it inside an emoji.
const PICTOGRAPH = "\\p{Extended_Pictographic}[\\u{fe0f}\\u{1f3fb}-\\u{1f3ff}]?";
/** A ZWJ that does not sit between two pictographs. */
const STRAY_JOINER = new RegExp(`(?<!${PICTOGRAPH})[${HYGIENE_TABLE.joiner}]|[${HYGIENE_TABLE.joiner}](?!\\p{Extended_Pictographic})`, "gu");
/** A tag character that is not part of a run of tags right after 🏴 (U+1F3F4). */
const STRAY_TAG = new RegExp(`(?<!\\u{1f3f4}[\\u{e0020}-\\u{e007e}]*)[${HYGIENE_TABLE.tags}]`, "gu");

/**
 * Text without the characters that show nothing: bidi controls, zero-width and other invisible
 * format characters; a ZWJ only inside an emoji, tags only inside a flag. Every cleaner below
 * starts with it.
 */
export function removeInvisible(input: string): string {
  return input.replace(ALWAYS_INVISIBLE, "").replace(STRAY_JOINER, "").replace(STRAY_TAG, "");
}

export function stripIrcFormatting(input: string): string {
  return input.replace(IRC_FORMATTING, "");
}

/** Invisible characters removed; every control (C0, DEL, C1, line/paragraph separators) turned into one space each. */
export function controlsToSpaces(input: string): string {
  return removeInvisible(input).replace(CONTROLS, " ");
}

/**
 * What users type, as commands see it: one line of plain text, IRC formatting and invisible
 * characters removed, controls (CR, LF, NUL, tabs…) turned into spaces, runs of space
 * collapsed, trimmed.
 */
export function cleanLine(input: string): string {
  return controlsToSpaces(stripIrcFormatting(input)).replace(/\s+/g, " ").trim();
}

/**
 * Text for a line-based wire (IRC): formatting and invisible characters removed, breaks turned
 * into a space, every other C0, DEL and C1 control dropped. No CR, LF or NUL can remain.
 */
export function wireText(input: string): string {
  return removeInvisible(stripIrcFormatting(input)).replace(BREAKS, " ").replace(C0_DEL_C1, "");
}

/**
 * Text for a terminal: invisible characters removed, C0, DEL and C1 controls (ESC, CSI…)
 * turned into spaces, so none can move the cursor or reorder the line.
 */
export function terminalText(input: string): string {
  return removeInvisible(input).replace(C0_DEL_C1, " ");
}

/** A URL for a terminal, as one token: invisible characters, C0, DEL, C1 controls and spaces removed. */
export function terminalUrl(input: string): string {
  return removeInvisible(input).replace(C0_SPACE_DEL_C1, "");
}
