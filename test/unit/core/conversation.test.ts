// The one trip from message to reply, through a recording port: what the core plans and sends
// for a channel, a private chat, a pointer and a join, and the one log line per command.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Conversation } from "../../../src/core/conversation.js";
import type { IncomingMessage } from "../../../src/core/message.js";
import type { DispatchOutcome, MessageHandler } from "../../../src/core/outcome.js";
import { plainLine, toReply, type Reply } from "../../../src/core/rich-text.js";
import { captureLogs } from "../../support/log-capture.js";
import { RecordingPort } from "../../support/recording-port.js";

const msg = (text: string, room = "#xen-devel", nick = "alice"): IncomingMessage => ({
  transport: "test",
  text,
  sender: { id: nick, displayName: nick, account: null },
  room: room === nick ? { id: nick, isPrivate: true } : { id: room, isPrivate: false },
  botName: "xenbot",
  eventId: "$ev",
  receivedAt: Date.now(),
});

function answering(replies: Reply[], pointedAt: string | null = null, status: DispatchOutcome["status"] = "ok"): MessageHandler {
  return async () => ({ status, command: status === "ignored" ? null : "x", replies, pointedAt, latencyMs: 0 });
}

function setup(dispatch: MessageHandler, greet: () => Promise<Reply | null> = async () => null) {
  const log = captureLogs();
  const conversation = new Conversation({ dispatch, greet, logger: log.logger });
  const port = new RecordingPort(3, { "#xen-devel": ["alice", "bob"] });
  return { log, port, inbox: conversation.inbox(port) };
}

const lines = (n: number) => toReply(Array.from({ length: n }, (_, i) => `line ${i + 1}`).join("\n"));

describe("the conversation", () => {
  it("plans a short channel answer addressed to the asker, sends it on flush, and logs it once", async () => {
    const { log, port, inbox } = setup(answering([lines(2)]));
    const answer = await inbox.message(msg("!x"));
    assert.equal(port.sent.length, 0, "nothing leaves before flush");
    assert.equal(answer.sends.length, 1);
    assert.equal(await answer.flush(), true);
    await answer.flush();
    assert.equal(port.sent.length, 1, "flush sends once");
    const [out] = port.sent;
    assert.equal(out!.kind, "room");
    assert.equal(out!.addressee?.id, "alice");
    assert.equal(out!.replyTo, "$ev");
    assert.deepEqual(out!.mentions, ["alice"]);
    assert.deepEqual(out!.lines.map(plainLine), ["line 1", "line 2"]);
    const handled = log.records.filter((r) => r.msg === "command handled");
    assert.equal(handled.length, 1);
    assert.equal(handled[0]!.lines, 2);
    assert.equal(typeof handled[0]!.latencyMs, "number");
  });

  it("caps the channel and sends the rest privately, counting every public reply together", async () => {
    const { port, inbox } = setup(answering([lines(2), lines(3)]));
    await (await inbox.message(msg("!x"))).flush();
    assert.deepEqual(port.sent.map((s) => s.kind), ["room", "private"]);
    assert.match(plainLine(port.sent[0]!.lines.at(-1)!), /3 more lines sent to you privately/);
    assert.equal(port.sent[1]!.to.id, "alice");
    // The private part starts with one line naming what it continues ("x" is the command here).
    assert.deepEqual(port.sent[1]!.lines.map(plainLine), ["(the rest of my answer to !x in #xen-devel)", "line 1", "line 2", "line 3"]);
  });

  it("points an answer only at a member the port finds, never in a private chat", async () => {
    let setupPointed = setup(answering([lines(1)], "bob"));
    await (await setupPointed.inbox.message(msg("!x > bob"))).flush();
    assert.equal(setupPointed.port.sent[0]!.to.id, "bob");
    assert.deepEqual(setupPointed.port.sent[0]!.mentions, ["alice", "bob"]);
    setupPointed = setup(answering([lines(1)], "mallory"));
    await (await setupPointed.inbox.message(msg("!x > mallory"))).flush();
    assert.equal(setupPointed.port.sent[0]!.to.id, "alice", "a stranger is not reached");
    setupPointed = setup(answering([lines(1)], "bob"));
    await (await setupPointed.inbox.message(msg("!x > bob", "alice"))).flush();
    assert.equal(setupPointed.port.sent[0]!.kind, "private");
    assert.equal(setupPointed.port.sent[0]!.to.id, "alice");
  });

  it("says nothing and logs nothing for ordinary chat", async () => {
    const { log, port, inbox } = setup(answering([], null, "ignored"));
    const answer = await inbox.message(msg("hello all"));
    await answer.flush();
    assert.equal(answer.status, "ignored");
    assert.equal(port.sent.length, 0);
    assert.equal(log.count("command handled"), 0);
  });

  it("greets a joiner through the same route: a notice to them, one log line", async () => {
    const welcome: Reply = { delivery: "notice", lines: [[{ text: "Welcome!" }]] };
    const { log, port, inbox } = setup(answering([]), async () => welcome);
    const answer = await inbox.joined({ transport: "test", roomId: "#xen-devel", userId: "newbie", account: null, botName: "xenbot" });
    await answer.flush();
    assert.equal(port.sent.length, 1);
    assert.equal(port.sent[0]!.kind, "notice");
    assert.equal(port.sent[0]!.to.id, "newbie");
    assert.equal(port.sent[0]!.replyTo, undefined);
    assert.equal(log.count("greeted a newcomer", (r) => r.user === "newbie"), 1);
  });

  it("logs an answer the port could not deliver at warn, and a failing dispatcher as an error", async () => {
    const { log, port, inbox } = setup(answering([lines(1)]));
    port.failing = true;
    assert.equal(await (await inbox.message(msg("!x"))).flush(), false);
    const handled = log.records.find((r) => r.msg === "command handled");
    assert.equal(handled?.level, 40);
    assert.equal(handled?.dropped, 1);
    const broken = setup(async () => {
      throw new Error("bug");
    });
    const answer = await broken.inbox.message(msg("!x"));
    assert.equal(answer.sends.length, 0);
    assert.equal(broken.log.count("failed to handle a message"), 1);
  });
});
