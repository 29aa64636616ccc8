import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { MAX_INPUT_CHARS, parseCommand } from "../../../src/core/parse.js";

const channel = { prefix: "!", botName: "xenbot", isPrivate: false };
const privately = { ...channel, isPrivate: true };

describe("parseCommand", () => {
  it("recognises !cmd with arguments", () => {
    assert.deepEqual(parseCommand("!project 9p", channel), { name: "project", args: "9p", pointedAt: null, addressed: false });
    assert.deepEqual(parseCommand("  !PROJECT   9p   fs ", channel), { name: "project", args: "9p fs", pointedAt: null, addressed: false });
  });

  it("recognises the bot addressed by name", () => {
    assert.equal(parseCommand("xenbot: help", channel)?.name, "help");
    assert.equal(parseCommand("XenBot, project kdd", channel)?.args, "kdd");
    assert.equal(parseCommand("@xenbot: start", channel)?.name, "start");
    // Said to the bot by name, a line is certainly meant for it; "!cmd" in a channel may not be.
    assert.equal(parseCommand("xenbot: what is xen?", channel)?.addressed, true);
    assert.equal(parseCommand("!what is xen", channel)?.addressed, false);
  });

  it("takes bare commands only in private", () => {
    assert.equal(parseCommand("project 9p", channel), null);
    assert.deepEqual(parseCommand("project 9p", privately), { name: "project", args: "9p", pointedAt: null, addressed: true });
  });

  it("ignores ordinary chat and things that only look like commands", () => {
    for (const line of ["hello all", "!!!", "! project", "!123", "", "   ", "xenbotty: help", "I said !project"]) {
      assert.equal(parseCommand(line, channel), null, line);
    }
  });

  it("parses a pointer to another user", () => {
    assert.deepEqual(parseCommand("!project 9p > alice", channel), { name: "project", args: "9p", pointedAt: "alice", addressed: false });
    assert.deepEqual(parseCommand("!start | new_user", channel), { name: "start", args: "", pointedAt: "new_user", addressed: false });
    assert.deepEqual(parseCommand("!project kdd > @bob:example.org", channel), { name: "project", args: "kdd", pointedAt: "@bob:example.org", addressed: false });
    // no space before ">" is not a pointer
    assert.equal(parseCommand("!project a>b", channel)?.pointedAt, null);
  });

  it("removes control characters, CR/LF and IRC formatting codes", () => {
    assert.deepEqual(parseCommand("!proj\x02ect\x02 \x0304,019p\x0f\r\nPRIVMSG #x :evil\x00", channel), {
      name: "project",
      args: "9p PRIVMSG #x :evil",
      pointedAt: null,
      addressed: false,
    });
    assert.equal(parseCommand("\x02!help\x02", channel)?.name, "help");
  });

  it("caps how much of a huge line it looks at", () => {
    const parsed = parseCommand(`!project ${"a".repeat(100_000)}`, channel);
    assert.ok(parsed);
    assert.ok(parsed.args.length <= MAX_INPUT_CHARS);
  });

  it("works with another prefix", () => {
    assert.equal(parseCommand(".project 9p", { ...channel, prefix: "." })?.name, "project");
    assert.equal(parseCommand("!project 9p", { ...channel, prefix: "." }), null);
  });
});
