// Logs that trace: each "command handled" line names who asked (IRC nick and services account,
// Matrix user id), the room and the command; what a private message said never reaches a log
// line beyond the command's name, and a failing command in a channel keeps only a short prefix.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createBot } from "../../../src/app.js";
import { parseConfig } from "../../../src/config.js";
import type { IncomingMessage } from "../../../src/core/message.js";
import type { Plugin } from "../../../src/core/plugin.js";
import { builtinPlugins } from "../../../plugins/index.js";
import { REAL_STORE, REPO_ROOT } from "../../support/bot.js";
import { captureLogs } from "../../support/log-capture.js";
import { RecordingPort } from "../../support/recording-port.js";

const boom: Plugin = {
  name: "boom",
  commands: [{ name: "boom", usage: "boom <words>", help: "Fails.", examples: [{ input: "!boom", expect: "x" }], handler: () => { throw new Error("kaboom"); } }],
};

async function setup() {
  const log = captureLogs();
  const config = parseConfig({ store: REAL_STORE, state_dir: "/nonexistent-state" }, { source: "test", baseDir: REPO_ROOT, env: {} });
  const bot = await createBot({ config, logger: log.logger, plugins: [...builtinPlugins(), boom] });
  const port = new RecordingPort(3, {}, "irc");
  return { log, inbox: bot.conversation.inbox(port) };
}

function msg(text: string, o: { transport?: string; nick: string; account: string | null; room: string; private?: boolean }): IncomingMessage {
  return {
    transport: o.transport ?? "irc",
    text,
    sender: { id: o.nick, displayName: o.nick, account: o.account },
    room: { id: o.room, isPrivate: o.private ?? false },
    botName: "xenbot",
    receivedAt: Date.now(),
  };
}

describe("logs that trace", () => {
  it("names the IRC asker's nick and services account, the room and the command", async () => {
    const { log, inbox } = await setup();
    await (await inbox.message(msg("!project kdd", { nick: "alice", account: "alice-acct", room: "#xen-devel" }))).flush();
    await (await inbox.message(msg("!help", { nick: "bob", account: null, room: "#xen-devel" }))).flush();
    const [a, b] = log.records.filter((r) => r.msg === "command handled");
    assert.deepEqual([a!.transport, a!.room, a!.private, a!.user, a!.account, a!.command, a!.status], ["irc", "#xen-devel", false, "alice", "alice-acct", "project", "ok"]);
    assert.deepEqual([b!.user, b!.account, b!.command], ["bob", null, "help"], "someone not logged in: the nick, and no account");
  });

  it("names the Matrix user id", async () => {
    const { log, inbox } = await setup();
    await (await inbox.message(msg("!about", { transport: "matrix", nick: "@carol:xen.test", account: "@carol:xen.test", room: "!room:xen.test" }))).flush();
    const [line] = log.records.filter((r) => r.msg === "command handled");
    assert.deepEqual([line!.transport, line!.room, line!.user, line!.account, line!.command], ["matrix", "!room:xen.test", "@carol:xen.test", "@carol:xen.test", "about"]);
  });

  it("keeps what a private message said out of every log line, even when the command fails", async () => {
    const { log, inbox } = await setup();
    const secret = "my-home-address-42 and my phone";
    for (const text of [`project ${secret}`, `who mentors ${secret}?`, `!boom ${secret}`, `!nosuchcommand ${secret}`]) {
      await (await inbox.message(msg(text, { nick: "dave", account: "dave", room: "dave", private: true }))).flush();
    }
    const handled = log.records.filter((r) => r.msg === "command handled");
    assert.equal(handled.length, 4);
    assert.deepEqual(handled.map((r) => r.command), ["project", "contact", "boom", null]);
    assert.ok(handled.every((r) => r.user === "dave" && r.private === true));
    const failed = log.records.find((r) => r.msg === "command failed")!;
    assert.equal(failed.command, "boom");
    assert.equal(failed.text, undefined);
    for (const r of log.records) assert.doesNotMatch(JSON.stringify(r), /home-address|phone/, `a log line holds the private text: ${r.msg}`);
  });

  it("keeps a short prefix of a failing channel line", async () => {
    const { log, inbox } = await setup();
    await (await inbox.message(msg(`!boom ${"x".repeat(250)}`, { nick: "erin", account: null, room: "#xen-devel" }))).flush();
    const failed = log.records.find((r) => r.msg === "command failed")!;
    assert.deepEqual([failed.user, failed.room, failed.command], ["erin", "#xen-devel", "boom"]);
    assert.ok(String(failed.text).startsWith("!boom xxx"));
    assert.ok(String(failed.text).length <= 80);
    const handled = log.records.find((r) => r.msg === "command handled")!;
    assert.deepEqual([handled.command, handled.status], ["boom", "error"]);
  });
});
