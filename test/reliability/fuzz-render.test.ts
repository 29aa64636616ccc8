// Property-based fuzzing of the transports' renderers with hostile store and user text: the IRC
// lines the bot would put on the socket (ircLinesFor: render, split, address, plan) never carry
// CR, LF or NUL, always fit 512 bytes with the relay prefix, go only to the asker, the channel or
// a present member, and respect the channel line cap; the Matrix notice (renderNotice) has an
// HTML formatted_body whose every tag and attribute is one the renderer writes, never one from
// the input, checked with a small allow-list parser.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { planDelivery } from "../../src/core/delivery.js";
import type { IncomingMessage } from "../../src/core/message.js";
import type { Reply, RichLine, Span } from "../../src/core/rich-text.js";
import type { DispatchOutcome } from "../../src/core/outcome.js";
import { ircLinesFor } from "../support/irc-plan.js";
import { safeTarget } from "../../src/transports/irc/render.js";
import { DEFAULT_LIMITS, relayPrefixBytes, textBudget, utf8Length, type SelfMask } from "../../src/transports/irc/split.js";
import { cleanText, isUserId, renderNotice, safeHttpUrl, userPermalink, type Addressee } from "../../src/transports/matrix/render.js";
import { invisibleIn } from "../support/invisible.js";
import { record, tally } from "./support/summary.js";

const RUNS = Number(process.env.XENBOT_RENDER_FUZZ_RUNS ?? 50_000);

// ---- generators -------------------------------------------------------------------------------

const nasty = fc.constantFrom(
  "\r", "\n", "\r\n", "\0", "\x01ACTION x\x01", "\x02", "\x03", "\x0304,12", "\x0f", "\x16", "\x1d", "\x1f", "\x7f", "\x85", "\x9b", "\u2028", "\u2029", "\ufeff", "\u202e",
  " PRIVMSG #xen-devel :pwned\r\nQUIT :x", "\r\nJOIN #evil", "NOTICE nickserv :identify x", ":evil!x@y PRIVMSG #c :hi",
  "<script>alert(1)</script>", "<b>", "</a>", "<a href=\"javascript:alert(1)\">x</a>", "<img src=x onerror=alert(1)>", "\"'><svg onload=1>", "&amp;", "&lt;b&gt;", "&#60;", "<!--", "-->", "<![CDATA[", "<br>", "<",
  "javascript:alert(1)", "data:text/html,<b>x</b>", "https://ok.example/?a=<b>&c=\"d\"", "http://[::1]:80/\"onmouseover=", "https://x.example/a\r\nQUIT",
  "😀", "👩‍💻", "𝕏", "e\u0301", "日本語", "\ud800", "\udfff", "\u200b", "Ελληνικά", "a".repeat(300), "é".repeat(200), "😀".repeat(130),
  // Invisible characters: bidi controls, zero-width ones, a ZWJ outside and inside emoji, tags.
  "\u202a", "\u202d", "\u2066", "\u2069", "\u200e", "\u200f", "\u061c", "\u200c", "\u200d", "\u2060", "\u00ad", "\u180e", "\u2064", "\u3164",
  "\u{e0041}\u{e0042}", "🏴󠁧󠁢󠁳󠁣󠁴󠁿", "🏳️‍🌈", "👨🏽‍💻", "a\u200db", "\u202eevil name",
);
const chunk = fc.oneof(fc.string({ unit: "binary", maxLength: 40 }), fc.string({ unit: "grapheme", maxLength: 20 }), nasty);
const hostileText = fc.array(chunk, { maxLength: 8 }).map((parts) => parts.join(""));
const href = fc.oneof(fc.webUrl(), hostileText, fc.constantFrom("https://wiki.xenproject.org/wiki/Xen_Development_Projects", "javascript:alert(1)", "HTTPS://EXAMPLE.ORG/<x>", "ftp://x/y"));
const span: fc.Arbitrary<Span> = fc.record(
  { text: hostileText, style: fc.constantFrom(undefined, "bold", "italic", "code") as fc.Arbitrary<Span["style"]>, href: fc.option(href, { nil: undefined }) },
  { requiredKeys: ["text"] },
).map((s) => {
  const out: Span = { text: s.text };
  if (s.style) out.style = s.style;
  if (s.href !== undefined) out.href = s.href;
  return out;
});
const line: fc.Arbitrary<RichLine> = fc.array(span, { maxLength: 5 });
const lines = fc.array(line, { maxLength: 12 });
const reply: fc.Arbitrary<Reply> = fc.record({ lines, delivery: fc.constantFrom(undefined, "public", "private", "notice") as fc.Arbitrary<Reply["delivery"]> }).map((r) => (r.delivery ? { lines: r.lines, delivery: r.delivery } : { lines: r.lines }));

// IRC nicks as servers allow them (ASCII letters, digits, []\`_^{|}-), up to 30 characters, and
// channel names with anything a server lets through.
const nickChar = fc.constantFrom(..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789[]\\`_^{|}-".split(""));
const nick = fc.array(nickChar, { minLength: 1, maxLength: 30 }).map((a) => a.join("")).filter((n) => !/^[0-9-]/.test(n));
const channel = fc.oneof(fc.constant("#xen-devel"), fc.string({ unit: "grapheme-composite", minLength: 1, maxLength: 40 }).map((s) => `#${s.replace(/[\s,\x07\0]/g, "")}`));
// "> nick" as the core's parser accepts it (src/core/parse.ts): a nick or a Matrix user id.
const pointer = fc.option(fc.oneof(nick, fc.stringMatching(/^@[^\s:]{1,30}:\S{1,30}$/)), { nil: null });
const self: fc.Arbitrary<SelfMask> = fc.record({
  nick,
  user: fc.option(fc.stringMatching(/^~?[a-z]{1,10}$/), { nil: null }),
  host: fc.option(fc.stringMatching(/^[a-z0-9.-]{1,63}$/), { nil: null }),
});

// ---- IRC ----------------------------------------------------------------------------------------

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

function checkIrc(msg: IncomingMessage, outcome: DispatchOutcome, me: SelfMask, members: Set<string>, formatting: boolean, maxRoomLines: number): number {
  const lower = (s: string) => s.toLowerCase();
  const out = ircLinesFor(msg, outcome, {
    selfNick: me.nick,
    maxRoomLines,
    same: (a, b) => lower(a) === lower(b),
    isMember: (_ch, n) => members.has(lower(n)),
    formattingFor: () => formatting,
    budget: (command, target) => textBudget(command, target, me, DEFAULT_LIMITS),
  });
  // The longest prefix the server may put before our line: our nick, the longest user and host.
  const worstPrefix = relayPrefixBytes({ nick: me.nick, user: me.user, host: me.host }, DEFAULT_LIMITS);
  const asker = msg.sender.id;
  let roomLines = 0;
  for (const l of out) {
    const raw = `${l.command} ${l.target} :${l.text}`;
    assert.doesNotMatch(raw, /[\r\n\0]/, `CR/LF/NUL in ${JSON.stringify(raw.slice(0, 120))}`);
    assert.ok(worstPrefix + utf8Length(raw) + 2 <= 512, `line of ${worstPrefix + utf8Length(raw) + 2} bytes: ${JSON.stringify(raw.slice(0, 80))}`);
    // No lone surrogate: it would go out as U+FFFD bytes, not as what the renderer meant.
    assert.doesNotMatch(raw, /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/, "a lone surrogate");
    strictUtf8.decode(Buffer.from(raw, "utf8"));
    assert.ok(safeTarget(l.target), `unsafe target ${JSON.stringify(l.target)}`);
    assert.ok(l.text.length > 0, "empty line");
    // Only the room, the asker, or someone present the answer was pointed at.
    const ok = l.target === (msg.room.isPrivate ? asker : msg.room.id) || lower(l.target) === lower(asker) || (outcome.pointedAt !== null && lower(l.target) === lower(outcome.pointedAt) && members.has(lower(l.target)));
    assert.ok(ok, `line to ${JSON.stringify(l.target)}`);
    if (!formatting) assert.doesNotMatch(l.text, /[\x02\x1d\x1f\x03\x0f\x16]/, "formatting where it is off");
    assert.doesNotMatch(l.text, /[\x00-\x01\x04-\x0e\x10-\x1c\x1e\x7f]/, "a control code the renderer never writes");
    // In what the bot writes; the target is the channel's own name, which the server chose.
    assert.equal(invisibleIn(l.text), null, `an invisible character in ${JSON.stringify(raw.slice(0, 120))}`);
    if (l.command === "PRIVMSG" && !msg.room.isPrivate && l.target === msg.room.id) roomLines++;
  }
  // One public reply is capped as a whole; each private reply adds one "sent you … privately" line.
  const privateReplies = outcome.replies.filter((r) => r.delivery === "private").length;
  if (!msg.room.isPrivate) assert.ok(roomLines <= maxRoomLines + privateReplies, `${roomLines} channel lines (cap ${maxRoomLines} + ${privateReplies})`);
  return out.length;
}

// ---- Matrix -------------------------------------------------------------------------------------

const ENTITIES: Record<string, string> = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#39;": "'" };

interface Parsed {
  text: string;
  hrefs: string[];
}

/**
 * The allow-list parser: text (with only the five entities the renderer writes), <b> <i> <code>
 * </…>, <br>, and <a href="…"> with exactly one double-quoted href. Anything else is a failure.
 * Returns the decoded text (<br> as "\n") and the decoded hrefs, in order; checks nesting.
 */
function parseAllowed(html: string): Parsed {
  let text = "";
  const hrefs: string[] = [];
  const open: string[] = [];
  let i = 0;
  const decode = (s: string) => s.replace(/&(?:amp|lt|gt|quot|#39);/g, (e) => ENTITIES[e]!);
  while (i < html.length) {
    const c = html[i]!;
    if (c === "&") {
      const m = /^&(?:amp|lt|gt|quot|#39);/.exec(html.slice(i, i + 6));
      assert.ok(m, `a bare or unknown entity at ${i}: ${JSON.stringify(html.slice(i, i + 20))}`);
      text += ENTITIES[m[0]]!;
      i += m[0].length;
      continue;
    }
    if (c === ">" || c === '"' || c === "'") assert.fail(`unescaped ${c} in text at ${i}: ${JSON.stringify(html.slice(Math.max(0, i - 20), i + 20))}`);
    if (c !== "<") {
      text += c;
      i++;
      continue;
    }
    const end = html.indexOf(">", i);
    assert.ok(end > i, "unterminated tag");
    const tag = html.slice(i, end + 1);
    let m: RegExpExecArray | null;
    if (tag === "<br>") text += "\n";
    else if ((m = /^<(b|i|code)>$/.exec(tag))) open.push(m[1]!);
    else if ((m = /^<\/(b|i|code|a)>$/.exec(tag))) assert.equal(open.pop(), m[1], `misnested </${m[1]}>`);
    else if ((m = /^<a href="([^"<>]*)">$/.exec(tag))) {
      const url = decode(m[1]!);
      assert.match(url, /^https?:\/\//, `a link that is not http(s): ${url}`);
      hrefs.push(url);
      open.push("a");
    } else assert.fail(`tag not on the allow-list: ${JSON.stringify(tag.slice(0, 80))}`);
    i = end + 1;
  }
  assert.deepEqual(open, [], "unclosed tags");
  return { text, hrefs };
}

function checkMatrix(input: RichLine[], addressee: Addressee | null, mentions: string[]): void {
  const content = renderNotice(input, { addressee, mentions, replyTo: "$event:x" });
  const parsed = parseAllowed(content.formatted_body);
  // The text people see is the input's text, cleaned of controls; the links are the input's http(s) URLs.
  let prefix = "";
  const expectedHrefs: string[] = [];
  if (addressee) {
    if ("userId" in addressee) {
      prefix = `${cleanText(addressee.label)}: `;
      expectedHrefs.push(userPermalink(addressee.userId));
    } else prefix = `${cleanText(addressee.name)}: `;
  }
  const expectedText = prefix + input.map((l) => l.map((s) => cleanText(s.text)).join("")).join("\n");
  assert.equal(parsed.text, expectedText, "the HTML's text is the input's text");
  for (const l of input) for (const s of l) if (s.href && safeHttpUrl(s.href)) expectedHrefs.push(safeHttpUrl(s.href)!);
  assert.deepEqual(parsed.hrefs, expectedHrefs, "the links are the input's http(s) links");
  // The plain body: one line per line, no control characters.
  assert.equal(content.body.split("\n").length, Math.max(1, input.length) + (addressee ? 0 : 0));
  assert.doesNotMatch(content.body, /[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029]/);
  // No bidi control, zero-width or other invisible character, in the plain body or the HTML.
  assert.equal(invisibleIn(content.body), null, `an invisible character in the body ${JSON.stringify(content.body.slice(0, 120))}`);
  assert.equal(invisibleIn(content.formatted_body), null, "an invisible character in the HTML");
  const m = content["m.mentions"] as { user_ids?: string[] };
  for (const id of m.user_ids ?? []) assert.ok(isUserId(id), `mention of ${JSON.stringify(id)}`);
}

// ---- the properties --------------------------------------------------------------------------------

describe("fuzzing the transports' renderers", () => {
  it(`IRC: ${RUNS} hostile replies become clean lines within 512 bytes and the line caps`, { timeout: 10 * 60_000 }, () => {
    let tried = 0;
    let produced = 0;
    const message = fc.record({ asker: nick, chan: channel, isPrivate: fc.boolean() });
    fc.assert(
      fc.property(
        message, fc.array(reply, { maxLength: 3 }), self, fc.array(nick, { maxLength: 4 }), pointer, fc.boolean(), fc.boolean(), fc.integer({ min: 1, max: 6 }),
        (m, replies, me, present, pointedAt, pointedAtPresent, formatting, maxRoomLines) => {
          tried++;
          const msg: IncomingMessage = {
            transport: "irc",
            text: "!x",
            sender: { id: m.asker, displayName: m.asker, account: null },
            room: m.isPrivate ? { id: m.asker, isPrivate: true } : { id: m.chan, isPrivate: false },
            botName: me.nick,
            receivedAt: 0,
          };
          const members = new Set([...present, m.asker].map((n) => n.toLowerCase()));
          // Drawn by fast-check, not Math.random(), so that a failure replays from its seed.
          if (pointedAt && pointedAtPresent) members.add(pointedAt.toLowerCase());
          const outcome: DispatchOutcome = { status: "ok", command: "x", replies, pointedAt, latencyMs: 0 };
          produced += checkIrc(msg, outcome, me, members, formatting, maxRoomLines);
        },
      ),
      { numRuns: RUNS },
    );
    record("IRC renderer fuzzing", `${tried} hostile replies, ${produced} lines, all clean (no bidi or invisible character) and ≤ 512 bytes`);
    tally("inputs tried", tried);
  });

  it(`Matrix: ${RUNS} hostile replies become notices with no tag or attribute from the input`, { timeout: 10 * 60_000 }, () => {
    let tried = 0;
    const userId = fc.oneof(fc.constantFrom("@alice:xen.test", "@bob_1/x=y+z:[::1]:8448"), hostileText.map((t) => `@${t}:x`));
    const addressee: fc.Arbitrary<Addressee | null> = fc.oneof(
      fc.constant(null),
      fc.record({ name: hostileText }),
      fc.record({ userId, label: hostileText }).filter((a) => isUserId(a.userId)),
    );
    fc.assert(
      fc.property(lines, addressee, fc.array(userId, { maxLength: 3 }), fc.integer({ min: 1, max: 10 }), (input, to, mentions, maxRoomLines) => {
        tried++;
        checkMatrix(input, to, mentions);
        // The room/private split the Matrix transport applies before rendering: the cap holds.
        const msg: IncomingMessage = { transport: "matrix", text: "!x", sender: { id: "@a:x", displayName: "a", account: "@a:x" }, room: { id: "!r:x", isPrivate: false }, botName: "xenbot", receivedAt: 0 };
        const plan = planDelivery(msg, { lines: input }, { maxRoomLines });
        assert.ok(plan.roomLines.length <= maxRoomLines);
      }),
      { numRuns: RUNS },
    );
    record("Matrix renderer fuzzing", `${tried} hostile replies, 0 tags or attributes from the input, 0 bidi or invisible characters`);
    tally("inputs tried", tried);
  });
});
