// What a line asks for, through the real dispatcher on the real store: a command as typed, a
// sentence understood (in private, at the console, or addressed by name in a channel), a
// question back, or "did you mean" — never for a sentence, never offering a hidden alias.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ask, testBot } from "../../support/bot.js";

describe("routing a line", async () => {
  const bot = await testBot();

  it("leaves ordinary channel chat alone, questions included", async () => {
    for (const line of ["who mentors kdd?", "any easy projects for a beginner?", "hello", "I know C", "how do I send a patch"]) {
      const a = await ask(bot, line);
      assert.equal(a.status, "ignored", line);
      assert.deepEqual(a.replies, [], line);
    }
  });

  it("understands a sentence addressed to the bot by name in a channel", async () => {
    const a = await ask(bot, "xenbot: who mentors kdd?");
    assert.equal(a.status, "ok", a.text);
    assert.equal(a.command, "contact");
    assert.equal(a.understood, "contact");
    assert.match(a.text, /Paul Durrant/);
    const chat = await ask(bot, "xenbot, which irc channel should I join? > alice");
    assert.equal(chat.command, "start");
    assert.equal(chat.pointedAt, "alice", "a pointer works on a sentence too");
  });

  it("understands sentences in private and at the console", async () => {
    const priv = await ask(bot, "I know C and want an easy project", { private: true });
    assert.equal(priv.command, "suggest");
    assert.match(priv.text, /No easy project lists C; nearest: kdd \(medium\)/);
    const console = await ask(bot, "how do I get started", { private: true, transport: "console" });
    assert.match(console.text, /^Getting started/);
  });

  it("keeps a bare command word working in private, and reads a sentence after one", async () => {
    assert.match((await ask(bot, "project 9p", { private: true })).text, /9P File System/);
    assert.match((await ask(bot, "suggest easy", { private: true })).text, /Suggestions for easy/);
    const helpMe = await ask(bot, "help me", { private: true });
    assert.equal(helpMe.status, "ok");
    assert.match(helpMe.text, /^Commands:/);
    assert.match((await ask(bot, "list the skills", { private: true })).text, /^Skills:/);
  });

  it("never answers a sentence with 'did you mean', nor offers the hidden !who", async () => {
    for (const line of ["what is the contact for numa tmem", "!what is the contact for numa tmem", "whta is kdd", "what"]) {
      const a = await ask(bot, line, { private: true });
      assert.doesNotMatch(a.text, /Did you mean !|Unknown command|!who/, line);
    }
    assert.match((await ask(bot, "!what is the contact for numa tmem", { private: true })).text, /Konrad/);
    assert.equal((await ask(bot, "!what is xen")).status, "ignored", "in a channel, a sentence after ! is chat");
    // A slip of a command word still gets "did you mean"; !who still works typed in full.
    assert.match((await ask(bot, "porject 9p", { private: true })).text, /Did you mean !project/);
    assert.match((await ask(bot, "!who kdd")).text, /Paul Durrant/);
    assert.doesNotMatch((await ask(bot, "!whoo kdd", { private: true })).text, /!who\b/);
  });

  it("asks back with the commands it hesitates between", async () => {
    const a = await ask(bot, "kdd", { private: true });
    assert.equal(a.status, "ask-back");
    assert.match(a.text, /^Did you mean: (!project kdd, !contact kdd|!contact kdd, !project kdd)\?$/);
  });

  it("answers a maintainers question with !maintainers, without a project search", async () => {
    const a = await ask(bot, "who should I cc on a patch to xen/common/kexec.c", { private: true });
    assert.equal(a.command, "maintainers");
    assert.match(a.text, /Andrew Cooper/);
    assert.doesNotMatch(a.text, /Difficulty|Several projects/);
    const arm = await ask(bot, "who maintains the arm port?", { private: true });
    assert.equal(arm.command, "maintainers");
    assert.match(arm.text, /Stefano Stabellini/);
  });

  it("gives bad input a short clear answer", async () => {
    const huge = await ask(bot, `who is ${"wei ".repeat(500)}`, { private: true });
    assert.equal(huge.status, "usage");
    assert.match(huge.text, /too long/);
    assert.ok(huge.text.length < 200);
    const dirty = await ask(bot, "who is\r\nwei\x00 liu\x02?", { private: true });
    assert.match(dirty.text, /Wei Liu/);
    const html = await ask(bot, "<script>alert(1)</script> who is <b>wei liu</b>?", { private: true });
    assert.match(html.text, /Wei Liu/);
    const nothing = await ask(bot, "¯\\_(ツ)_/¯", { private: true });
    assert.equal(nothing.status, "not-understood");
    assert.match(nothing.text, /!help/);
  });
});
