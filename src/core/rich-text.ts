// The neutral reply model. Plugins build replies from spans; each transport renders them:
// IRC control codes or plain text, Matrix HTML (escaped) plus plain body, ANSI on a terminal.

export type SpanStyle = "bold" | "italic" | "code";

export interface Span {
  text: string;
  style?: SpanStyle;
  /** When set, the span is a link to this URL; `text` is its label. */
  href?: string;
}

/** One line of a reply. Transports never join two lines into one, nor split one unless too long. */
export type RichLine = Span[];

export interface Reply {
  lines: RichLine[];
  /**
   * "public" (default): in the room, addressed to the asker, overflow goes private.
   * "private": the whole reply goes to the asker privately (e.g. `!project x full`).
   * "notice": a short out-of-band notice to the asker (rate-limit warnings).
   */
  delivery?: "public" | "private" | "notice";
}

export const text = (t: string): Span => ({ text: t });
export const bold = (t: string): Span => ({ text: t, style: "bold" });
export const italic = (t: string): Span => ({ text: t, style: "italic" });
export const code = (t: string): Span => ({ text: t, style: "code" });
export const link = (url: string, label?: string): Span => ({ text: label ?? url, href: url });

/** Anything a handler may pass to ctx.reply. */
export type ReplyInput = string | Span | RichLine | RichLine[] | Reply;

function isSpan(v: unknown): v is Span {
  return typeof v === "object" && v !== null && !Array.isArray(v) && typeof (v as Span).text === "string";
}

export function toReply(input: ReplyInput): Reply {
  if (typeof input === "string") return { lines: input.split("\n").map((l) => [text(l)]) };
  if (isSpan(input)) return { lines: [[input]] };
  if (Array.isArray(input)) {
    if (input.length === 0) return { lines: [] };
    if (Array.isArray(input[0])) return { lines: input as RichLine[] };
    return { lines: [input as RichLine] };
  }
  return input;
}

/** Plain text of a line, links rendered as "label <url>" unless the label is the URL. */
export function plainLine(line: RichLine): string {
  return line
    .map((s) => (s.href && s.text !== s.href ? `${s.text} <${s.href}>` : s.text))
    .join("");
}

export function plainText(reply: Reply): string {
  return reply.lines.map(plainLine).join("\n");
}
