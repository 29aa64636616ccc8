import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { UsageError, UserError } from "../../../src/core/errors.js";
import type { Plugin } from "../../../src/core/plugin.js";
import { ask, testBot } from "../../support/bot.js";
import { writeFixtureStore } from "../../support/store-fixture.js";

const seen: string[] = [];
const testPlugin: Plugin = {
  name: "test",
  commands: [
    { name: "echo", aliases: ["say"], usage: "echo <text>", help: "Echoes.", examples: [{ input: "!echo hi", expect: "hi" }], handler: (ctx) => { seen.push(ctx.args); if (!ctx.args) throw new UsageError("Say what?"); ctx.reply(`echo: ${ctx.args}`); } },
    { name: "boom", usage: "boom", help: "Fails.", examples: [{ input: "!boom", expect: "x" }], handler: () => { throw new Error("kaboom"); } },
    { name: "nope", usage: "nope", help: "Refuses.", examples: [{ input: "!nope", expect: "x" }], handler: () => { throw new UserError("Not today."); } },
    { name: "secret", usage: "secret", help: "Admins.", admin: true, examples: [{ input: "!secret", expect: "x" }], handler: (ctx) => ctx.reply("the secret") },
    { name: "many", usage: "many", help: "Long.", examples: [{ input: "!many", expect: "x" }], handler: (ctx) => ctx.reply(Array.from({ length: 10 }, (_, i) => `l${i}`).join("\n")) },
  ],
};

async function bot(config: Record<string, unknown> = {}) {
  return testBot({ store: await writeFixtureStore(), plugins: [testPlugin], config });
}

describe("Dispatcher", () => {
  it("runs a command by name, alias, botnick prefix and bare in private", async () => {
    const b = await bot();
    assert.equal((await ask(b, "!echo hello")).text, "echo: hello");
    assert.equal((await ask(b, "!say hello")).text, "echo: hello");
    assert.equal((await ask(b, "xenbot: echo hello")).text, "echo: hello");
    assert.equal((await ask(b, "echo hello", { private: true })).text, "echo: hello");
    const outcome = await ask(b, "!echo hi > alice");
    assert.equal(outcome.pointedAt, "alice");
    assert.equal(outcome.command, "echo");
  });

  it("says nothing at all to ordinary chat", async () => {
    const b = await bot();
    for (const line of ["hello everyone", "echo hello", "!!!", "", "!xyzzyplugh"]) {
      const outcome = await ask(b, line);
      assert.equal(outcome.status, "ignored", line);
      assert.deepEqual(outcome.replies, []);
    }
  });

  it("offers 'did you mean' for a mistyped command", async () => {
    const b = await bot();
    const outcome = await ask(b, "!ecoh hi");
    assert.equal(outcome.status, "unknown-command");
    assert.match(outcome.text, /Did you mean !echo\?/);
    // A word that is no command and no question gets a pointer to what the bot does answer.
    const priv = await ask(b, "fnord", { private: true });
    assert.equal(priv.status, "not-understood");
    assert.match(priv.text, /!help/);
    assert.equal((await ask(b, "!fnord", { private: true })).status, "unknown-command");
  });

  it("in a channel, leaves other bots' commands alone and offers only near-certain slips", async () => {
    const b = await bot();
    // Another bot's "!seen", "!tell", "!e" are within two edits of ours: not ours to answer.
    for (const line of ["!seen bob", "!tell bob hi", "!e", "!ek x", "!ecxx x"]) assert.equal((await ask(b, line)).status, "ignored", line);
    assert.match((await ask(b, "!ehco hi")).text, /Did you mean !echo\?/);
    // Said to the bot by name, a sentence it cannot read gets a pointer to what it does answer.
    const byName = await ask(b, "xenbot: what is xen?");
    assert.equal(byName.status, "not-understood");
    assert.match(byName.text, /!help/);
    // In private, a wider net is fine: nobody else is being answered there.
    assert.match((await ask(b, "ecxx x", { private: true })).text, /Did you mean/);
  });

  it("never offers an admin command to someone who is not an admin", async () => {
    const b = testBot({ store: await writeFixtureStore(), plugins: [testPlugin], config: { admins: { irc_accounts: ["boss"] } } });
    const stranger = await ask(await b, "!secrte", { private: true });
    assert.doesNotMatch(stranger.text, /!secret/);
    const admin = await ask(await b, "!secrte", { private: true, transport: "irc", account: "boss" });
    assert.match(admin.text, /Did you mean !secret\?/);
  });

  it("turns UsageError into the usage line and UserError into its message", async () => {
    const b = await bot();
    assert.equal((await ask(b, "!echo")).text, "Say what? Usage: !echo <text>");
    const nope = await ask(b, "!nope");
    assert.equal(nope.status, "user-error");
    assert.equal(nope.text, "Not today.");
  });

  it("logs a crash and answers with a short apology", async () => {
    const outcome = await ask(await bot(), "!boom");
    assert.equal(outcome.status, "error");
    assert.match(outcome.text, /^Sorry, something went wrong/);
    assert.doesNotMatch(outcome.text, /kaboom/);
  });

  it("refuses a huge argument with a short answer, and never calls the handler", async () => {
    const b = await bot();
    seen.length = 0;
    const outcome = await ask(b, `!echo ${"x".repeat(10 * 1024)}`);
    assert.equal(outcome.status, "usage");
    assert.match(outcome.text, /too long/);
    assert.ok(outcome.text.length < 200);
    assert.deepEqual(seen, []);
  });

  it("says how long a too-long argument really is: its length, or over 2,000 characters for a line cut there", async () => {
    const b = await bot();
    assert.match((await ask(b, `!echo ${"x".repeat(400)}`)).text, /^That is too long \(400 characters; the limit is 300\)/);
    // The line is cut at 2,000 characters before it is read: the 64 KB paste is not "1994 characters".
    const paste = await ask(b, `!echo ${"x".repeat(64 * 1024)}`);
    assert.match(paste.text, /^That is too long \(your message is over 2,000 characters; the limit is 300\)/);
    const sentence = await ask(b, `what is ${"y ".repeat(32 * 1024)}?`, { private: true });
    assert.match(sentence.text, /^That is too long for me to read \(your message is over 2,000 characters; the limit is 300\)/);
  });

  it("hands handlers clean arguments: no control characters, CR/LF or formatting", async () => {
    const b = await bot();
    const outcome = await ask(b, "!echo a\r\nQUIT :bye\x00\x02b\x03");
    assert.equal(outcome.text, "echo: a QUIT :bye b");
  });

  it("refuses admin commands to users without an admin account, even with the right nick", async () => {
    const b = await bot({ admins: { irc_accounts: ["boss"], matrix_users: ["@boss:example.org"] } });
    assert.equal((await ask(b, "!secret", { transport: "irc", nick: "boss", account: null })).status, "user-error");
    assert.equal((await ask(b, "!secret", { transport: "irc", nick: "boss", account: "someoneelse" })).status, "user-error");
    assert.equal((await ask(b, "!secret", { transport: "irc", nick: "whatever", account: "Boss" })).text, "the secret");
    assert.equal((await ask(b, "!secret", { transport: "matrix", nick: "@boss:example.org", account: "@boss:example.org" })).text, "the secret");
    assert.equal((await ask(b, "!secret", { transport: "matrix", nick: "@eve:example.org", account: "@eve:example.org" })).status, "user-error");
  });

  it("rate-limits per user: one notice, then silence", async () => {
    const b = await bot({ rate_limit: { burst: 2, interval_ms: 60_000 } });
    assert.equal((await ask(b, "!echo 1")).status, "ok");
    assert.equal((await ask(b, "!echo 2")).status, "ok");
    const third = await ask(b, "!echo 3");
    assert.equal(third.status, "rate-limited");
    assert.equal(third.replies[0]?.delivery, "notice");
    assert.match(third.text, /too fast/);
    const fourth = await ask(b, "!echo 4");
    assert.equal(fourth.status, "rate-limited");
    assert.deepEqual(fourth.replies, []);
    assert.equal((await ask(b, "!echo 1", { nick: "other" })).status, "ok", "other users are not affected");
  });

  it("never rate-limits the operator's own terminal (console and xenbot ask)", async () => {
    const b = await bot({ rate_limit: { burst: 1, interval_ms: 60_000 } });
    for (const transport of ["console", "cli"]) {
      for (let i = 0; i < 20; i++) assert.equal((await ask(b, `!echo ${i}`, { transport, private: true })).status, "ok", `${transport} #${i}`);
    }
    assert.equal((await ask(b, "!echo 1", { transport: "irc" })).status, "ok");
    assert.equal((await ask(b, "!echo 2", { transport: "irc" })).status, "rate-limited", "a network user still is");
  });

  it("keeps all reply lines for the transport to place", async () => {
    const outcome = await ask(await bot(), "!many");
    assert.equal(outcome.replies[0]?.lines.length, 10);
    assert.ok(outcome.latencyMs >= 0);
  });
});
