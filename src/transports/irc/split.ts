// Splitting one IRC text into pieces that each fit a byte budget. The budget is what is left of
// the 512-byte protocol line once the server's relay prefix and the command are counted (see
// IrcLineBudget). Pieces break at a space when there is one (the space is dropped), otherwise
// between grapheme clusters, and never inside a UTF-8 character; bold/italic state carries over
// to the next piece, which reopens it.

// Made on first need: most lines fit as they are, and ICU's break data costs ~3 MB of memory.
let graphemes: Intl.Segmenter | null = null;

export function utf8Length(s: string): number {
  // Buffer.byteLength is fast and counts a lone surrogate as 3 bytes, as it is encoded.
  return Buffer.byteLength(s, "utf8");
}

/** The 510 bytes a line may hold before its CR LF. */
export const IRC_LINE_BYTES = 510;

// Toggles we emit (irc-render) and the reset code; anything else never reaches the splitter.
const TOGGLES: Record<string, "bold" | "italic" | "underline"> = { "\x02": "bold", "\x1d": "italic", "\x1f": "underline" };
const REOPEN: Record<"bold" | "italic" | "underline", string> = { bold: "\x02", italic: "\x1d", underline: "\x1f" };

type Style = { bold: boolean; italic: boolean; underline: boolean };

function applyCode(style: Style, g: string): void {
  const t = TOGGLES[g];
  if (t) style[t] = !style[t];
  else if (g === "\x0f") style.bold = style.italic = style.underline = false;
}

function reopen(style: Style): string {
  return (style.bold ? REOPEN.bold : "") + (style.italic ? REOPEN.italic : "") + (style.underline ? REOPEN.underline : "");
}

function visible(piece: string): boolean {
  return /[^\x02\x0f\x1d\x1f]/.test(piece);
}

/** Splits one grapheme cluster too big for a whole piece into code points (each ≤ 4 bytes). */
function codePoints(g: string): string[] {
  return Array.from(g);
}

/**
 * Splits `text` into pieces of at most `maxBytes` UTF-8 bytes each. `maxBytes` below 8 is
 * raised to 8 so that progress is always possible (a code point is at most 4 bytes, plus up to
 * 3 reopened style codes).
 */
export function splitIrcText(text: string, maxBytes: number): string[] {
  const budget = Math.max(8, Math.floor(maxBytes));
  if (utf8Length(text) <= budget) return text.length > 0 && visible(text) ? [text] : [];

  const parts: string[] = [];
  graphemes ??= new Intl.Segmenter(undefined, { granularity: "grapheme" });
  for (const { segment } of graphemes.segment(text)) {
    if (utf8Length(segment) + 3 > budget) parts.push(...codePoints(segment));
    else parts.push(segment);
  }
  const sizes = parts.map(utf8Length);

  const pieces: string[] = [];
  const style: Style = { bold: false, italic: false, underline: false };
  let i = 0;
  while (i < parts.length) {
    const head = reopen(style);
    let bytes = head.length;
    const running: Style = { ...style };
    let j = i;
    let lastSpace = -1;
    let styleAtSpace: Style = running;
    while (j < parts.length && bytes + sizes[j]! <= budget) {
      if (parts[j] === " " && j > i) {
        lastSpace = j;
        styleAtSpace = { ...running };
      }
      applyCode(running, parts[j]!);
      bytes += sizes[j]!;
      j++;
    }
    let end: number;
    let next: number;
    if (j >= parts.length) {
      end = next = parts.length;
      Object.assign(style, running);
    } else if (parts[j] === " ") {
      // The piece is full exactly at a space: drop that space.
      end = j;
      next = j + 1;
      Object.assign(style, running);
    } else if (lastSpace > i) {
      end = lastSpace;
      next = lastSpace + 1;
      Object.assign(style, styleAtSpace);
    } else {
      end = next = j; // one word longer than a line: break between graphemes
      Object.assign(style, running);
    }
    const piece = head + parts.slice(i, end).join("");
    if (visible(piece)) pieces.push(piece);
    i = next;
  }
  return pieces;
}

/**
 * What a server adds when it relays our line to others: ":nick!user@host ". Until the bot has
 * seen its own user@host (JOIN echo, WHO), assume the longest the server allows.
 */
export interface SelfMask {
  nick: string;
  user: string | null;
  host: string | null;
}

export interface ServerLimits {
  /** ISUPPORT USERLEN (default 10); one more is allowed for the "~" of an unverified ident. */
  userLen: number;
  /** ISUPPORT HOSTLEN (default 63). */
  hostLen: number;
}

export const DEFAULT_LIMITS: ServerLimits = { userLen: 10, hostLen: 63 };

export function relayPrefixBytes(self: SelfMask, limits: ServerLimits = DEFAULT_LIMITS): number {
  const user = self.user !== null ? utf8Length(self.user) : limits.userLen + 1;
  const host = self.host !== null ? utf8Length(self.host) : limits.hostLen;
  // ":" nick "!" user "@" host " "
  return 1 + utf8Length(self.nick) + 1 + user + 1 + host + 1;
}

/** Bytes left for the text of `COMMAND target :text` as others will receive it. */
export function textBudget(command: string, target: string, self: SelfMask, limits: ServerLimits = DEFAULT_LIMITS): number {
  return IRC_LINE_BYTES - relayPrefixBytes(self, limits) - utf8Length(`${command} ${target} :`);
}
