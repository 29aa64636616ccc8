// Services accounts with real services: InspIRCd linked to Anope (NickServ, SASL). The bot logs
// in with SASL PLAIN; the core gets each asker's services account from account-tag, or, on a
// server without account-tag, from extended-join, account-notify and WHOX.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { IncomingMessage } from "../../../src/core/message.js";
import { CHANNEL, startIrcBot, type RunningBot } from "../../support/irc-bot.js";
import { skipUnlessServer, startInspircdWithAnope, type ServicesNetwork } from "../../support/irc-servers.js";
import { IrcUser } from "../../support/irc-user.js";

const skip = skipUnlessServer("inspircd") || skipUnlessServer("anope");

async function register(user: IrcUser, password: string): Promise<void> {
  const since = user.mark();
  user.say("NickServ", `REGISTER ${password} ${user.nick}@example.org`);
  await user.waitFor((l) => l.command === "900", { since, timeoutMs: 10_000 }); // RPL_LOGGEDIN
}

for (const accountTag of [true, false]) {
  describe(`IRC services accounts on InspIRCd + Anope, ${accountTag ? "with account-tag" : "without account-tag (extended-join, account-notify, WHOX)"}`, { skip }, () => {
    let net: ServicesNetwork;
    let running: RunningBot;
    let admin: IrcUser;
    let newbie: IrcUser;
    const seen: IncomingMessage[] = [];
    let loggedInAs: string | null = null;
    let whoRead: Promise<unknown> = Promise.resolve();

    before(async () => {
      net = await startInspircdWithAnope({ accountTag, commandrate: 100_000, threshold: 50 });
      const owner = await IrcUser.connect(net.ircd, "xenbot");
      await register(owner, "bot-secret-1");
      await owner.quit();
      admin = await IrcUser.connect(net.ircd, "adminuser");
      await register(admin, "admin-secret-1");
      newbie = await IrcUser.connect(net.ircd, "newbie");
      await Promise.all([admin.join(CHANNEL), newbie.join(CHANNEL)]);
      // The admin is logged in before the bot arrives: without account-tag the bot learns it by WHOX.
      running = await startIrcBot(net.ircd, {
        irc: { sasl: { account: "xenbot" } },
        config: { admins: { irc_accounts: ["adminuser"] } },
        env: { XENBOT_IRC_PASSWORD: "bot-secret-1" },
        onTransport: (_t, log) => {
          void log.waitForNext("irc: logged in to services").then((r) => (loggedInAs = String(r.account)), () => undefined);
          whoRead = accountTag ? Promise.resolve() : log.waitForNext("irc: read the channel's WHO reply", (r) => r.channel === CHANNEL).then(() => undefined);
        },
        wrap: (handle) => (msg) => {
          seen.push(msg);
          return handle(msg);
        },
      });
    });

    after(async () => {
      await running?.stop();
      for (const u of [admin, newbie]) u?.close();
      await net?.stop();
    });

    it("logs the bot in with SASL PLAIN before registration completes", () => {
      assert.equal(loggedInAs, "xenbot");
      assert.equal(running.nick(), "xenbot");
    });

    async function ask(user: IrcUser): Promise<IncomingMessage> {
      const since = user.mark();
      const before = seen.length;
      user.say(CHANNEL, "!lines 1");
      await user.waitFor((l) => l.nick === "xenbot" && l.text === `${user.nick}: line 1 of 1`, { since });
      const msg = seen.slice(before).find((m) => m.sender.id === user.nick);
      assert.ok(msg);
      return msg;
    }

    it("gives the core the asker's services account, and null for someone not logged in", async () => {
      await whoRead; // accounts of people already in the channel, when there is no account-tag
      assert.equal((await ask(admin)).sender.account, "adminuser");
      assert.equal((await ask(newbie)).sender.account, null);
    });

    it("names the asker's nick and services account in the command's log line", async () => {
      const handled = (nick: string) => running.log.records.filter((r) => r.msg === "command handled" && r.user === nick).at(-1);
      await ask(admin);
      await ask(newbie);
      assert.deepEqual([handled("adminuser")?.account, handled("adminuser")?.room, handled("adminuser")?.command], ["adminuser", CHANNEL, "lines"]);
      assert.deepEqual([handled("newbie")?.account, handled("newbie")?.command], [null, "lines"]);
    });

    it("follows a login and a logout after the bot joined", async () => {
      await register(newbie, "newbie-secret-1");
      assert.equal((await ask(newbie)).sender.account, "newbie");
      const since = newbie.mark();
      newbie.say("NickServ", "LOGOUT");
      await newbie.waitFor((l) => l.command === "901", { since }); // RPL_LOGGEDOUT
      assert.equal((await ask(newbie)).sender.account, null);
    });

    it("runs an admin command for the admin's account", async () => {
      await whoRead;
      const since = admin.mark();
      admin.say(CHANNEL, "!verify kdd");
      await admin.waitFor((l) => l.nick === "xenbot" && /^adminuser: Verified kdd: verified "Not updated in 2020" → "\d{4}-\d{2}-\d{2}"/.test(l.text), { since });
    });

    it("does not trust a nick: someone taking the admin's nick is not the admin", async () => {
      const since = admin.mark();
      admin.send("NICK notadmin");
      await admin.waitFor((l) => l.command === "NICK", { since });
      admin.nick = "notadmin";
      // still the same login under another nick
      assert.equal((await ask(admin)).sender.account, "adminuser");
      const impostor = await IrcUser.connect(net.ircd, "adminuser");
      try {
        await impostor.join(CHANNEL);
        assert.equal((await ask(impostor)).sender.account, null);
        const since = impostor.mark();
        impostor.say(CHANNEL, "!archive kdd");
        await impostor.waitFor((l) => l.nick === "xenbot" && /^adminuser: !archive is for the bot's admins/.test(l.text), { since });
        assert.equal(running.bot.store.project("kdd")?.archived, false);
      } finally {
        impostor.close();
      }
    });
  });
}
