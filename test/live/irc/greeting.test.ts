// Greeting newcomers on a real ngircd: one private NOTICE on a first join, never again (across
// a restart of the bot too), at most the throttle during a mass join, never to other bots.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { CHANNEL, startIrcBot, type RunningBot } from "../../support/irc-bot.js";
import { skipUnlessServer, startNgircd, type IrcServer } from "../../support/irc-servers.js";
import { IrcUser } from "../../support/irc-user.js";

const isGreeting = (l: { nick: string; command: string; text: string }) => l.nick === "xenbot" && l.command === "NOTICE" && /Welcome!.*!start.*!suggest easy/.test(l.text);

describe("IRC greeting on ngircd", { skip: skipUnlessServer("ngircd") }, () => {
  let server: IrcServer;
  let running: RunningBot;
  const stateDir = mkdtempSync(path.join(os.tmpdir(), "xenbot-greet-"));
  const start = () =>
    startIrcBot(server, {
      stateDir,
      irc: { ignore_nicks: ["helperbot"] },
      config: { greeting: { enabled: true, max_per_minute: 3, mass_join_count: 5, mass_join_window_ms: 10_000 } },
    });

  /** Joins and waits until the bot has decided about a welcome; returns the decision. */
  async function joinAndDecide(user: IrcUser): Promise<boolean> {
    const decided = running.log.waitForNext(["greeted a newcomer", "join: no welcome"], (r) => r.user === user.nick);
    const since = user.mark();
    await user.join(CHANNEL);
    const greeted = (await decided).msg === "greeted a newcomer";
    if (greeted) await user.waitFor(isGreeting, { since });
    return greeted;
  }

  before(async () => {
    server = await startNgircd({ noPenalty: true });
    running = await start();
  });

  after(async () => {
    await running?.stop();
    await server?.stop();
    rmSync(stateDir, { recursive: true, force: true });
  });

  it("greets a first join once, privately", async () => {
    const alice = await IrcUser.connect(server, "alice");
    try {
      assert.equal(await joinAndDecide(alice), true);
      alice.send(`PART ${CHANNEL}`);
      assert.equal(await joinAndDecide(alice), false, "second join");
      assert.equal(alice.messagesFrom("xenbot").filter(isGreeting).length, 1);
    } finally {
      await alice.quit();
    }
  });

  it("does not greet again after the bot restarts", async () => {
    await running.stop();
    running = await start();
    const alice = await IrcUser.connect(server, "alice");
    try {
      assert.equal(await joinAndDecide(alice), false);
    } finally {
      await alice.quit();
    }
  });

  it("never greets other bots", async () => {
    for (const nick of ["helperbot", "LogServ"]) {
      const u = await IrcUser.connect(server, nick);
      try {
        assert.equal(await joinAndDecide(u), false, nick);
      } finally {
        u.close();
      }
    }
  });

  it("greets at most the throttle when 20 users join within a second", async () => {
    const users = await Promise.all(Array.from({ length: 20 }, (_, i) => IrcUser.connect(server, `crowd${i}`)));
    try {
      const decisions = await Promise.all(users.map((u) => joinAndDecide(u)));
      const greeted = decisions.filter(Boolean).length;
      assert.ok(greeted <= 3, `${greeted} greeted`);
      const notices = users.filter((u) => u.messagesFrom("xenbot").some(isGreeting)).length;
      assert.equal(notices, greeted);
    } finally {
      users.forEach((u) => u.close());
    }
  });
});
