// Rendering a neutral reply for Matrix: an m.notice with a plain `body` and an HTML
// `formatted_body` (org.matrix.custom.html). Every string from the store or a user is escaped;
// links are kept only for http(s) URLs; mentions become matrix.to pills. Pure functions.
import { controlsToSpaces } from "../../core/hygiene.js";
import type { RichLine, Span } from "../../core/rich-text.js";

export const HTML_FORMAT = "org.matrix.custom.html";

/** Escapes text for HTML element content and double- or single-quoted attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/**
 * C0 and C1 controls, DEL, Unicode line/paragraph separators: each becomes one space, so a store
 * string can never break a line in two or smuggle control codes to a client; bidi controls and
 * invisible characters are removed, so none can reorder the bot's line (core/hygiene.ts).
 */
export function cleanText(s: string): string {
  return controlsToSpaces(s);
}

/** The URL, normalised, when it is an absolute http(s) URL; otherwise null. */
export function safeHttpUrl(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return null;
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return null;
  return parsed.href;
}

// A user id as the spec's grammar gives it (localpart a-z 0-9 . _ = - / +, upper case tolerated
// for old accounts), with a server name that is a hostname, IPv4 or [IPv6] literal, and an
// optional port. Historical ids with other punctuation are treated as plain names.
const USER_ID = /^@[A-Za-z0-9._=\-/+]{1,255}:(?:[A-Za-z0-9.-]{1,255}|\[[0-9A-Fa-f:.]{2,45}\])(?::\d{1,5})?$/;

export function isUserId(s: string): boolean {
  return s.length <= 255 && USER_ID.test(s);
}

/** "@alice:example.org" → "alice". */
export function localpart(userId: string): string {
  const colon = userId.indexOf(":");
  return userId.slice(userId.startsWith("@") ? 1 : 0, colon > 0 ? colon : undefined);
}

/** A matrix.to permalink to a user id (already checked with isUserId). */
export function userPermalink(userId: string): string {
  // Everything isUserId lets through is safe in a URL fragment; encode anything else anyway.
  return `https://matrix.to/#/${userId.replace(/[^A-Za-z0-9@:._=\-/+[\]]/g, (c) => encodeURIComponent(c))}`;
}

function spanPlain(span: Span): string {
  const text = cleanText(span.text);
  if (!span.href) return text;
  const url = safeHttpUrl(span.href);
  if (!url) return text;
  return text === span.href || text === url ? url : `${text} <${url}>`;
}

function spanHtml(span: Span): string {
  let inner = escapeHtml(cleanText(span.text));
  if (span.style === "bold") inner = `<b>${inner}</b>`;
  else if (span.style === "italic") inner = `<i>${inner}</i>`;
  else if (span.style === "code") inner = `<code>${inner}</code>`;
  const url = span.href ? safeHttpUrl(span.href) : null;
  return url ? `<a href="${escapeHtml(url)}">${inner}</a>` : inner;
}

export interface Rendered {
  body: string;
  html: string;
}

export function renderLines(lines: RichLine[]): Rendered {
  return {
    body: lines.map((l) => l.map(spanPlain).join("")).join("\n"),
    html: lines.map((l) => l.map(spanHtml).join("")).join("<br>"),
  };
}

/** Who the room lines are addressed to: a Matrix user (pill) or a bare name. */
export type Addressee = { userId: string; label: string } | { name: string };

export function addresseePrefix(to: Addressee): Rendered {
  if ("userId" in to) {
    const label = cleanText(to.label);
    return { body: `${label}: `, html: `<a href="${escapeHtml(userPermalink(to.userId))}">${escapeHtml(label)}</a>: ` };
  }
  const name = cleanText(to.name);
  return { body: `${name}: `, html: `${escapeHtml(name)}: ` };
}

export interface NoticeOptions {
  /** The asker's event: the notice is a rich reply to it. */
  replyTo?: string;
  /** Thread root when the asker wrote in a thread: the notice goes in the thread. */
  threadId?: string;
  addressee?: Addressee | null;
  /** User ids this notice mentions (m.mentions), e.g. the asker and the pointed-at user. */
  mentions?: string[];
}

export type NoticeContent = Record<string, unknown> & { msgtype: "m.notice"; body: string; format: string; formatted_body: string };

/** The m.room.message content of one notice. */
export function renderNotice(lines: RichLine[], opts: NoticeOptions = {}): NoticeContent {
  const rendered = renderLines(lines);
  const prefix = opts.addressee ? addresseePrefix(opts.addressee) : { body: "", html: "" };
  const content: NoticeContent = {
    msgtype: "m.notice",
    body: prefix.body + rendered.body,
    format: HTML_FORMAT,
    formatted_body: prefix.html + rendered.html,
  };
  const relation = relatesTo(opts);
  if (relation) content["m.relates_to"] = relation;
  const mentions = [...new Set((opts.mentions ?? []).filter(isUserId))];
  content["m.mentions"] = mentions.length ? { user_ids: mentions } : {};
  return content;
}

function relatesTo(opts: NoticeOptions): Record<string, unknown> | null {
  if (opts.threadId) {
    // Replying to the asker's event in the thread is a real reply, so is_falling_back is false
    // (threaded clients show it as one). Only with no such event is m.in_reply_to the spec's
    // fallback for unthreaded clients, pointing into the thread.
    const falling = opts.replyTo === undefined;
    return { rel_type: "m.thread", event_id: opts.threadId, is_falling_back: falling, "m.in_reply_to": { event_id: opts.replyTo ?? opts.threadId } };
  }
  if (opts.replyTo) return { "m.in_reply_to": { event_id: opts.replyTo } };
  return null;
}

/** A plain m.notice with no formatting (used where a client may not render HTML). */
export function plainNotice(text: string): Record<string, unknown> {
  return { msgtype: "m.notice", body: cleanText(text), "m.mentions": {} };
}

/**
 * The text a user typed, without the quoted reply fallback ("> <@a:b> quoted\n\n") that clients
 * put before a rich reply's body.
 */
export function stripReplyFallback(body: string): string {
  if (!body.startsWith(">")) return body;
  const lines = body.split("\n");
  let i = 0;
  while (i < lines.length && lines[i]!.startsWith(">")) i++;
  if (i < lines.length && lines[i]!.trim() === "") i++;
  return lines.slice(i).join("\n");
}
