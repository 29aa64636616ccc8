// Neutral rich text → one IRC line of text. Every string that reaches the socket passes through
// sanitizeIrcText first, so store text, user nicks and URLs can never end a line early (CR, LF),
// truncate it (NUL) or smuggle their own formatting; the only control codes on the wire are the
// ones added here.
import { wireText } from "../../core/hygiene.js";
import type { RichLine, Span } from "../../core/rich-text.js";

export const BOLD = "\x02";
export const ITALIC = "\x1d";
export const RESET = "\x0f";

// A UTF-16 surrogate without its pair cannot be encoded; say so visibly instead.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * Text safe to put inside an IRC parameter: no CR, LF, NUL, no control codes at all (breaks
 * become a space, other controls are dropped), no bidi control or invisible character
 * (core/hygiene's wireText).
 */
export function sanitizeIrcText(input: string): string {
  return wireText(input).replace(LONE_SURROGATE, "\ufffd");
}

/** A URL as one token: controls and whitespace removed (a URL never legitimately has them). */
export function sanitizeUrl(input: string): string {
  return sanitizeIrcText(input).replace(/\s+/g, "");
}

/**
 * A nick or channel usable as a command parameter: no spaces, controls, commas, and not
 * starting with ":". Returns null for anything else, which callers treat as "do not send".
 */
export function safeTarget(input: string): string | null {
  return /^[^\s\x00-\x20,:\x7f][^\s\x00-\x20,\x7f]{0,199}$/.test(input) ? input : null;
}

export interface IrcRenderOptions {
  /** Bold/italic codes allowed (channel without +c, config formatting not "never"). */
  formatting: boolean;
}

function renderSpan(span: Span, opts: IrcRenderOptions): string {
  const label = sanitizeIrcText(span.text);
  let shown = label;
  if (span.href) {
    const url = sanitizeUrl(span.href);
    shown = url && label !== url ? (label ? `${label} <${url}>` : url) : label;
  }
  if (!shown || !opts.formatting) return shown;
  // Style only the label of a link, so the URL stays easy to click in every client.
  const code = span.style === "bold" ? BOLD : span.style === "italic" ? ITALIC : "";
  if (!code || !label.trim()) return shown;
  return shown.startsWith(label) ? `${code}${label}${code}${shown.slice(label.length)}` : `${code}${shown}${code}`;
}

/** One neutral line → one IRC text (may still be longer than a protocol line; see irc-split). */
export function renderIrcLine(line: RichLine, opts: IrcRenderOptions): string {
  return line.map((s) => renderSpan(s, opts)).join("");
}
