import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { planDelivery } from "../../../src/core/delivery.js";
import type { IncomingMessage } from "../../../src/core/message.js";
import { plainLine, toReply } from "../../../src/core/rich-text.js";

const msg = (isPrivate: boolean): IncomingMessage => ({
  transport: "test",
  text: "!x",
  sender: { id: "alice", displayName: "alice", account: null },
  room: { id: isPrivate ? "alice" : "#xen-devel", isPrivate },
  botName: "xenbot",
  receivedAt: 0,
});
const lines = (n: number) => toReply(Array.from({ length: n }, (_, i) => `line ${i + 1}`).join("\n"));

describe("planDelivery", () => {
  it("keeps a short answer in the channel, addressed to the asker", () => {
    const plan = planDelivery(msg(false), lines(3), { maxRoomLines: 3 });
    assert.equal(plan.addressee, "alice");
    assert.deepEqual(plan.roomLines.map(plainLine), ["line 1", "line 2", "line 3"]);
    assert.deepEqual(plan.privateLines, []);
  });

  it("sends the rest of a long answer privately with one line saying so, and one saying what it continues", () => {
    const plan = planDelivery(msg(false), lines(7), { maxRoomLines: 3, asked: "!start" });
    assert.deepEqual(plan.roomLines.map(plainLine), ["line 1", "line 2", "… 5 more lines sent to you privately."]);
    assert.deepEqual(plan.privateLines.map(plainLine), ["(the rest of my answer to !start in #xen-devel)", "line 3", "line 4", "line 5", "line 6", "line 7"]);
  });

  it("names the room by its label, the pointer's author, and no command when none was recognised", () => {
    const labelled = { ...msg(false), room: { id: "!abc:xen.test", isPrivate: false, label: "#XenDevel:matrix.org" } };
    assert.equal(plainLine(planDelivery(labelled, lines(7), { maxRoomLines: 3, asked: "!start" }).privateLines[0]!), "(the rest of my answer to !start in #XenDevel:matrix.org)");
    const pointed = planDelivery(msg(false), { ...lines(2), delivery: "private" }, { maxRoomLines: 3, asked: "!project", pointedAt: "bob" });
    assert.equal(plainLine(pointed.privateLines[0]!), "(my answer to !project in #xen-devel, which alice pointed at you)");
    assert.equal(plainLine(planDelivery(msg(false), lines(7), { maxRoomLines: 3 }).privateLines[0]!), "(the rest of my answer in #xen-devel)");
  });

  it("answers everything in a private chat", () => {
    const plan = planDelivery(msg(true), lines(7), { maxRoomLines: 3 });
    assert.equal(plan.privateLines.length, 7);
    assert.equal(plan.roomLines.length, 0);
    assert.equal(plan.addressee, null);
  });

  it("addresses the pointed-at user", () => {
    assert.equal(planDelivery(msg(false), lines(1), { maxRoomLines: 3, pointedAt: "bob" }).addressee, "bob");
  });

  it("routes private and notice replies", () => {
    const priv = planDelivery(msg(false), { ...lines(2), delivery: "private" }, { maxRoomLines: 3 });
    assert.equal(priv.privateLines.length, 3, "the answer's two lines after the line naming it");
    assert.equal(plainLine(priv.roomLines[0]!), "sent you the answer privately (2 lines).");
    const notice = planDelivery(msg(false), { ...lines(1), delivery: "notice" }, { maxRoomLines: 3 });
    assert.equal(notice.noticeLines.length, 1);
    assert.equal(notice.roomLines.length, 0);
  });

  it("drops empty lines and empty replies", () => {
    const plan = planDelivery(msg(false), toReply(""), { maxRoomLines: 3 });
    assert.deepEqual(plan, { roomLines: [], privateLines: [], noticeLines: [], addressee: null });
  });
});
