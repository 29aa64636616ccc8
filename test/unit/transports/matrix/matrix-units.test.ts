// The Matrix transport's pure parts and small machines: rendering, reading events, failure
// classification, the per-room send queue, and the state file.
import assert from "node:assert/strict";
import { promises as fs } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { bold, code, italic, link, text } from "../../../../src/core/rich-text.js";
import { silentLogger } from "../../../../src/log.js";
import { inviterAllowed, lastOwnJoin, readInvite, readMessage } from "../../../../src/transports/matrix/events.js";
import { escapeHtml, isUserId, localpart, renderLines, renderNotice, safeHttpUrl, stripReplyFallback } from "../../../../src/transports/matrix/render.js";
import { backoffMs, classifyFailure, MatrixHttpError } from "../../../../src/transports/matrix/retry.js";
import { RoomSendQueues } from "../../../../src/transports/matrix/send-queue.js";
import { HANDLED_LIMIT, MatrixState } from "../../../../src/transports/matrix/state.js";
import { captureLogger, tempStateDir } from "../../../support/matrix-bot.js";

describe("matrix rendering", () => {
  it("renders styles, links and lines to HTML and plain text", () => {
    const r = renderLines([[bold("Title"), text(" ("), code("id"), text(") "), italic("new")], [text("See "), link("https://xenproject.org/a b", "the site")]]);
    assert.equal(r.html, "<b>Title</b> (<code>id</code>) <i>new</i><br>See <a href=\"https://xenproject.org/a%20b\">the site</a>");
    assert.equal(r.body, "Title (id) new\nSee the site <https://xenproject.org/a%20b>");
  });

  it("escapes every string and keeps only http(s) links", () => {
    const r = renderLines([[bold("<script>x</script>"), text(' & "q" \'s'), link("javascript:alert(1)", "<click>"), link('https://e.org/?a="1"&b=<2>', "ok")]]);
    assert.equal(r.html, '<b>&lt;script&gt;x&lt;/script&gt;</b> &amp; &quot;q&quot; &#39;s&lt;click&gt;<a href="https://e.org/?a=%221%22&amp;b=%3C2%3E">ok</a>');
    assert.ok(!r.body.includes("javascript:"));
    assert.equal(safeHttpUrl("ftp://x.org"), null);
    assert.equal(safeHttpUrl("  https://x.org  "), "https://x.org/");
    assert.equal(escapeHtml(`<>&"'`), "&lt;&gt;&amp;&quot;&#39;");
  });

  it("turns control characters into spaces so a string cannot break a line", () => {
    const r = renderLines([[text("a\nb\r\u2028c\u0000d")]]);
    assert.equal(r.body, "a b  c d");
    assert.equal(r.html, "a b  c d");
  });

  it("builds rich replies, thread replies and mention pills", () => {
    const reply = renderNotice([[text("hi")]], { replyTo: "$ev", mentions: ["@a:x.org"] });
    assert.deepEqual(reply["m.relates_to"], { "m.in_reply_to": { event_id: "$ev" } });
    assert.deepEqual(reply["m.mentions"], { user_ids: ["@a:x.org"] });
    assert.equal(reply.msgtype, "m.notice");
    const thread = renderNotice([[text("hi")]], { replyTo: "$ev", threadId: "$root" });
    assert.deepEqual(thread["m.relates_to"], { rel_type: "m.thread", event_id: "$root", is_falling_back: false, "m.in_reply_to": { event_id: "$ev" } });
    // With no event to reply to, m.in_reply_to is only the fallback for unthreaded clients.
    const threadOnly = renderNotice([[text("hi")]], { threadId: "$root" });
    assert.deepEqual(threadOnly["m.relates_to"], { rel_type: "m.thread", event_id: "$root", is_falling_back: true, "m.in_reply_to": { event_id: "$root" } });
    const pointed = renderNotice([[text("hi")]], { addressee: { userId: "@bob:x.org", label: "bob" } });
    assert.equal(pointed.body, "bob: hi");
    assert.equal(pointed.formatted_body, '<a href="https://matrix.to/#/@bob:x.org">bob</a>: hi');
    const named = renderNotice([[text("hi")]], { addressee: { name: "<b>eve</b>" } });
    assert.equal(named.formatted_body, "&lt;b&gt;eve&lt;/b&gt;: hi");
  });

  it("accepts real user ids only", () => {
    assert.ok(isUserId("@alice:example.org"));
    assert.ok(isUserId("@a.b_c=d-e/f+g:matrix.example.org:8448"));
    assert.ok(!isUserId('@a"><script>:x'));
    assert.ok(!isUserId("@a:b c"));
    assert.ok(!isUserId("alice"));
    assert.equal(localpart("@alice:example.org"), "alice");
  });

  it("strips the quoted fallback of a rich reply", () => {
    assert.equal(stripReplyFallback("> <@a:b> old\n> more\n\n!help"), "!help");
    assert.equal(stripReplyFallback("!help"), "!help");
  });
});

describe("matrix events", () => {
  const me = "@bot:x.org";
  const msg = (content: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ type: "m.room.message", event_id: "$1", sender: "@a:x.org", origin_server_ts: 5, content, ...extra });

  it("reads m.text questions and skips everything else", () => {
    assert.deepEqual(readMessage(msg({ msgtype: "m.text", body: "!help" }), me), { eventId: "$1", sender: "@a:x.org", text: "!help", ts: 5 });
    assert.equal(readMessage(msg({ msgtype: "m.notice", body: "!help" }), me), "not-text");
    assert.equal(readMessage(msg({ msgtype: "m.text", body: "!help" }, { sender: me }), me), "own");
    assert.equal(readMessage(msg({ msgtype: "m.text", body: "* !help", "m.relates_to": { rel_type: "m.replace", event_id: "$0" } }), me), "edit");
    assert.equal(readMessage(msg({}, { unsigned: { redacted_because: {} } }), me), "redacted");
    assert.equal(readMessage({ type: "m.room.redaction", event_id: "$2", sender: "@a:x.org", content: {} }, me), "not-a-message");
    assert.equal(readMessage(msg({ msgtype: "m.text", body: 5 }), me), "malformed");
  });

  it("reads threads and strips reply fallbacks", () => {
    const inThread = readMessage(msg({ msgtype: "m.text", body: "!about", "m.relates_to": { rel_type: "m.thread", event_id: "$root" } }), me);
    assert.equal(typeof inThread === "object" && inThread.threadId, "$root");
    const reply = readMessage(msg({ msgtype: "m.text", body: "> <@b:x.org> hi\n\n!help", "m.relates_to": { "m.in_reply_to": { event_id: "$0" } } }), me);
    assert.equal(typeof reply === "object" && reply.text, "!help");
  });

  it("reads invites and matches allowed inviters", () => {
    const invite = readInvite("!r:x.org", {
      invite_state: {
        events: [
          { type: "m.room.encryption", state_key: "", content: { algorithm: "m.megolm.v1.aes-sha2" } },
          { type: "m.room.canonical_alias", state_key: "", content: { alias: "#xen:x.org" } },
          { type: "m.room.member", state_key: me, sender: "@a:x.org", content: { membership: "invite", is_direct: true } },
        ],
      },
    }, me);
    assert.deepEqual(invite, { roomId: "!r:x.org", inviter: "@a:x.org", isDirect: true, encrypted: true });
    assert.ok(inviterAllowed("@a:x.org", ["@a:x.org"]));
    assert.ok(inviterAllowed("@a:x.org", ["*:x.org"]));
    assert.ok(inviterAllowed("@a:x.org", ["@*:x.org"]));
    assert.ok(!inviterAllowed("@a:x.org.evil", ["*:x.org"]));
    assert.ok(!inviterAllowed("@b:x.org", ["@a:x.org"]));
  });

  it("finds the bot's own join in a timeline, not a display name change", () => {
    const join = (prev?: string) => ({ type: "m.room.member", state_key: me, sender: me, content: { membership: "join" }, unsigned: prev ? { prev_content: { membership: prev } } : {} });
    assert.equal(lastOwnJoin([msg({}), join("invite"), msg({})], me), 1);
    assert.equal(lastOwnJoin([msg({}), join("join"), msg({})], me), -1);
    assert.equal(lastOwnJoin([join(), msg({})], me), 0);
  });
});

describe("matrix failures and backoff", () => {
  it("classifies errors from matrix-bot-sdk, request and fetch", () => {
    assert.deepEqual(classifyFailure({ statusCode: 429, errcode: "M_LIMIT_EXCEEDED", retryAfterMs: 300, body: {} }), { kind: "rate-limited", retryAfterMs: 300 });
    assert.deepEqual(classifyFailure(new MatrixHttpError(429, { errcode: "M_LIMIT_EXCEEDED" }, "2")), { kind: "rate-limited", retryAfterMs: 2000 });
    assert.deepEqual(classifyFailure({ statusCode: 502, body: "<html>" }), { kind: "transient" });
    assert.deepEqual(classifyFailure(Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" })), { kind: "transient" });
    assert.deepEqual(classifyFailure({ statusCode: 403, errcode: "M_FORBIDDEN", body: {} }), { kind: "refused", status: 403, errcode: "M_FORBIDDEN" });
    assert.deepEqual(classifyFailure(new MatrixHttpError(401, { errcode: "M_UNKNOWN_TOKEN" })), { kind: "unauthorized", errcode: "M_UNKNOWN_TOKEN" });
  });

  it("backs off exponentially within bounds", () => {
    const o = { minMs: 100, maxMs: 5_000 };
    assert.equal(backoffMs(0, o, () => 0), 125);
    assert.equal(backoffMs(0, o, () => 1), 250);
    assert.equal(backoffMs(3, o, () => 1), 2_000);
    assert.equal(backoffMs(30, o, () => 1), 5_000);
    assert.ok(backoffMs(30, o, () => 0) >= 2_500);
  });
});

describe("matrix send queue", () => {
  const fast = { minMs: 10, maxMs: 20 };

  it("keeps one order per room and the same transaction id through 429s", async () => {
    const calls: Array<{ room: string; txn: string; body: unknown }> = [];
    let limited = 2;
    const q = new RoomSendQueues({
      logger: silentLogger(),
      backoff: fast,
      maxAgeMs: 60_000,
      put: async (room, _type, txn, content) => {
        calls.push({ room, txn, body: content.body });
        if (room === "!a" && limited > 0) {
          limited -= 1;
          throw new MatrixHttpError(429, { errcode: "M_LIMIT_EXCEEDED", retry_after_ms: 20 });
        }
        return `$${txn}`;
      },
    });
    const results = await Promise.all([q.send("!a", "m.room.message", { body: "a1" }), q.send("!a", "m.room.message", { body: "a2" }), q.send("!b", "m.room.message", { body: "b1" })]);
    assert.ok(results.every((r) => typeof r === "string"));
    const a = calls.filter((c) => c.room === "!a");
    assert.deepEqual(a.map((c) => c.body), ["a1", "a1", "a1", "a2"]);
    assert.equal(new Set(a.slice(0, 3).map((c) => c.txn)).size, 1);
    assert.notEqual(a[3]!.txn, a[0]!.txn);
  });

  it("drops refused events and events too old, and drops the rest at stop", async () => {
    const { logger, records } = captureLogger();
    let now = 0;
    let release: () => void = () => undefined;
    const q = new RoomSendQueues({
      logger,
      backoff: fast,
      maxAgeMs: 1_000,
      now: () => now,
      put: async (room) => {
        if (room === "!forbidden") throw new MatrixHttpError(403, { errcode: "M_FORBIDDEN" });
        if (room === "!down") {
          now += 2_000; // the homeserver stays away past the answer's age limit
          throw Object.assign(new Error("refused"), { code: "ECONNREFUSED" });
        }
        await new Promise<void>((r) => (release = r));
        return "$ok";
      },
    });
    assert.equal(await q.send("!forbidden", "m.room.message", {}), null);
    assert.equal(await q.send("!down", "m.room.message", {}), null);
    assert.ok(records.some((r) => String(r.msg).includes("could not be sent in time")));
    const inFlight = q.send("!slow", "m.room.message", {});
    const waiting = q.send("!slow", "m.room.message", {});
    const stopping = q.stop(50);
    assert.equal(await waiting, null);
    release();
    assert.equal(await inFlight, "$ok");
    await stopping;
    assert.equal(await q.send("!x", "m.room.message", {}), null, "nothing is queued after stop");
  });
});

describe("matrix state file", () => {
  it("keeps the sync token, handled ids (bounded), DMs and notices across reopen", async () => {
    const dir = await tempStateDir();
    const s = await MatrixState.open(dir, silentLogger());
    s.bindUser("@bot:x.org");
    s.setSyncToken("s42");
    for (let i = 0; i < HANDLED_LIMIT + 5; i++) s.markHandled(`$e${i}`);
    s.setDmRoom("@a:x.org", "!dm:x.org");
    s.markEncryptionNoticed("!enc:x.org");
    await s.save();
    const again = await MatrixState.open(dir, silentLogger());
    again.bindUser("@bot:x.org");
    assert.equal(again.syncToken, "s42");
    assert.ok(!again.isHandled("$e0"), "the oldest ids are forgotten");
    assert.ok(again.isHandled(`$e${HANDLED_LIMIT + 4}`));
    assert.equal(again.dmRoom("@a:x.org"), "!dm:x.org");
    assert.ok(again.isDmRoom("!dm:x.org"));
    assert.ok(again.encryptionNoticed("!enc:x.org"));
    const saved = JSON.parse(await fs.readFile(path.join(dir, "state.json"), "utf8")) as { handled: string[] };
    assert.equal(saved.handled.length, HANDLED_LIMIT);
    again.bindUser("@other:x.org");
    assert.equal(again.syncToken, null, "another account starts afresh");
  });

  it("moves a corrupt file aside and starts empty", async () => {
    const dir = await tempStateDir();
    await fs.writeFile(path.join(dir, "state.json"), "{ not json");
    const { logger, records } = captureLogger();
    const s = await MatrixState.open(dir, logger);
    assert.equal(s.syncToken, null);
    assert.ok(records.some((r) => String(r.msg).includes("not valid JSON")));
    assert.ok((await fs.readdir(dir)).some((f) => f.startsWith("state.json.corrupt-")));
  });
});
