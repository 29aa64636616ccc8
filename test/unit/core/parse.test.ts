import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { MAX_INPUT_CHARS, parseLine } from "../../../src/core/parse.js";

const channel = { prefix: "!", botName: "xenbot", isPrivate: false };
const privately = { ...channel, isPrivate: true };

describe("parseLine", () => {
  it("recognises !cmd with arguments", () => {
    assert.deepEqual(parseLine("!project 9p", channel), { form: "prefixed", name: "project", args: "9p", text: "project 9p", pointedAt: null, addressed: false });
    assert.deepEqual(parseLine("  !PROJECT   9p   fs ", channel), { form: "prefixed", name: "project", args: "9p fs", text: "PROJECT 9p fs", pointedAt: null, addressed: false });
  });

  it("recognises the bot addressed by name", () => {
    assert.equal(parseLine("xenbot: help", channel)?.name, "help");
    assert.equal(parseLine("XenBot, project kdd", channel)?.args, "kdd");
    assert.equal(parseLine("@xenbot: start", channel)?.name, "start");
    // Said to the bot by name, a line is certainly meant for it; "!cmd" in a channel may not be.
    assert.equal(parseLine("xenbot: what is xen?", channel)?.addressed, true);
    assert.equal(parseLine("xenbot: what is xen?", channel)?.form, "by-name");
    assert.equal(parseLine("!what is xen", channel)?.addressed, false);
  });

  it("takes bare lines only in private", () => {
    assert.equal(parseLine("project 9p", channel), null);
    assert.deepEqual(parseLine("project 9p", privately), { form: "bare", name: "project", args: "9p", text: "project 9p", pointedAt: null, addressed: true });
  });

  it("keeps a sentence whose first word cannot be a command, for the understanding step", () => {
    assert.deepEqual(parseLine("I'm new here", privately), { form: "bare", name: null, args: "", text: "I'm new here", pointedAt: null, addressed: true });
    assert.equal(parseLine("xenbot, 9p?", channel)?.text, "9p?");
    assert.equal(parseLine("I'm new here", channel), null);
  });

  it("ignores ordinary chat and things that only look like commands", () => {
    for (const line of ["hello all", "!!!", "! project", "!123", "", "   ", "xenbotty: help", "I said !project"]) {
      assert.equal(parseLine(line, channel), null, line);
    }
  });

  it("parses a pointer to another user", () => {
    assert.equal(parseLine("!project 9p > alice", channel)?.pointedAt, "alice");
    assert.equal(parseLine("!project 9p > alice", channel)?.args, "9p");
    assert.deepEqual(parseLine("!start | new_user", channel), { form: "prefixed", name: "start", args: "", text: "start", pointedAt: "new_user", addressed: false });
    assert.equal(parseLine("!project kdd > @bob:example.org", channel)?.pointedAt, "@bob:example.org");
    assert.equal(parseLine("xenbot: who mentors kdd? > alice", channel)?.text, "who mentors kdd?");
    // no space before ">" is not a pointer
    assert.equal(parseLine("!project a>b", channel)?.pointedAt, null);
  });

  it("removes control characters, CR/LF and IRC formatting codes", () => {
    assert.deepEqual(parseLine("!proj\x02ect\x02 \x0304,019p\x0f\r\nPRIVMSG #x :evil\x00", channel), {
      form: "prefixed",
      name: "project",
      args: "9p PRIVMSG #x :evil",
      text: "project 9p PRIVMSG #x :evil",
      pointedAt: null,
      addressed: false,
    });
    assert.equal(parseLine("\x02!help\x02", channel)?.name, "help");
  });

  it("caps how much of a huge line it looks at", () => {
    const parsed = parseLine(`!project ${"a".repeat(100_000)}`, channel);
    assert.ok(parsed);
    assert.ok(parsed.args.length <= MAX_INPUT_CHARS);
  });

  it("works with another prefix", () => {
    assert.equal(parseLine(".project 9p", { ...channel, prefix: "." })?.name, "project");
    assert.equal(parseLine("!project 9p", { ...channel, prefix: "." }), null);
  });
});
