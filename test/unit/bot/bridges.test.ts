import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseConfig } from "../../../src/config.js";
import { ask, message, testBot } from "../../support/bot.js";
import { writeFixtureStore } from "../../support/store-fixture.js";

const bridges = [{ irc_channel: "#xen-devel", matrix_room: "#xen-devel:example.org" }];

describe("bridged rooms", () => {
  it("answer the original of a command, not the bridge's copy on the other side", async () => {
    const bot = await testBot({ store: await writeFixtureStore(), config: { bridges } });
    // Written on IRC by alice; the bridge's puppet posts it on Matrix as @irc_alice.
    assert.equal((await ask(bot, "!help", { transport: "irc", nick: "alice" })).status, "ok");
    const matrixCopy = await bot.handle({
      transport: "matrix",
      text: "!help",
      sender: { id: "@irc_alice:example.org", displayName: "alice", account: "@irc_alice:example.org" },
      room: { id: "!abc:example.org", isPrivate: false, names: ["#xen-devel:example.org"] },
      botName: "xenbot",
      receivedAt: Date.now(),
    });
    assert.equal(matrixCopy.status, "ignored");
    assert.deepEqual(matrixCopy.replies, []);
    // Written on Matrix by bob; the bridge's puppet posts it on IRC as bob[m].
    assert.equal((await ask(bot, "!help", { transport: "irc", nick: "bob[m]" })).status, "ignored");
    // Outside the bridged channel, and in private, puppets are people like any other.
    const other = await bot.handle({ ...message("!help", { transport: "irc", nick: "bob[m]" }), room: { id: "#other", isPrivate: false } });
    assert.equal(other.status, "ok");
    assert.equal((await ask(bot, "!help", { transport: "irc", nick: "bob[m]", private: true })).status, "ok");
  });

  it("refuses a bridge rule whose pattern does not compile", () => {
    assert.throws(() => parseConfig({ bridges: [{ ...bridges[0], irc_puppets: "([" }] }, { source: "t.yaml", baseDir: "/", env: {} }), /bridges\[0\]\.irc_puppets: a valid regular expression/);
  });
});
