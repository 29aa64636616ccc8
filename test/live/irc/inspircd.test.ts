// The IRC transport against a real InspIRCd 3 with its IRCv3 modules: channel mode +c,
// echo-message, account-tag, MONITOR, frequent server PINGs, and a small receive queue under a
// flood of requests.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { IncomingMessage } from "../../../src/core/message.js";
import { CHANNEL, startIrcBot, ircStats, type RunningBot } from "../../support/irc-bot.js";
import { skipUnlessServer, startInspircd, type IrcServer } from "../../support/irc-servers.js";
import { IrcUser } from "../../support/irc-user.js";

const PLAIN = "#plain";

describe("IRC transport on InspIRCd", { skip: skipUnlessServer("inspircd") }, () => {
  let server: IrcServer;
  let op: IrcUser;
  let alice: IrcUser;
  let running: RunningBot;
  const seen: IncomingMessage[] = [];
  let firstPing: Promise<unknown>;

  before(async () => {
    // The server PINGs every client every 2 s: a client that does not answer is dropped.
    server = await startInspircd({ pingfreq: 2, commandrate: 100_000, threshold: 50 });
    [op, alice] = await Promise.all([IrcUser.connect(server, "op"), IrcUser.connect(server, "alice")]);
    await op.join(PLAIN);
    op.send(`MODE ${PLAIN} +c`);
    await op.waitFor((l) => l.command === "MODE" && l.params[1] === "+c");
    running = await startIrcBot(server, {
      irc: { channels: [PLAIN, CHANNEL] },
      caps: ["echo-message"],
      onTransport: (_t, log) => {
        firstPing = log.waitForNext("irc: answered the server's PING", () => true, 20_000);
      },
      wrap: (handle) => (msg) => {
        seen.push(msg);
        return handle(msg);
      },
    });
    await alice.join(CHANNEL);
    await alice.join(PLAIN);
  });

  after(async () => {
    await running?.stop();
    for (const u of [op, alice]) u?.close();
    await server?.stop();
  });

  it("sends bold where the channel allows it and plain text where +c forbids it (mode seen at join)", async () => {
    let since = alice.mark();
    alice.say(CHANNEL, "!help suggest");
    const formatted = await alice.waitForMessages("xenbot", 3, { since });
    assert.match(formatted[0]!.text, /^alice: \x02!suggest/);
    since = alice.mark();
    alice.say(PLAIN, "!help suggest");
    const plain = await alice.waitForMessages("xenbot", 3, { since });
    assert.equal(plain[0]!.params[0], PLAIN);
    assert.match(plain[0]!.text, /^alice: !suggest/);
    assert.ok(plain.every((l) => !/[\x02\x1d]/.test(l.text)));
  });

  it("follows MODE -c / +c changes", async () => {
    let since = alice.mark();
    op.send(`MODE ${PLAIN} -c`);
    await alice.waitFor((l) => l.command === "MODE" && l.params[1] === "-c", { since });
    alice.say(PLAIN, "!help suggest");
    const bold = await alice.waitForMessages("xenbot", 3, { since });
    assert.match(bold[0]!.text, /^alice: \x02!suggest/);
    since = alice.mark();
    op.send(`MODE ${PLAIN} +c`);
    await alice.waitFor((l) => l.command === "MODE" && l.params[1] === "+c", { since });
    alice.say(PLAIN, "!help suggest");
    const plain = await alice.waitForMessages("xenbot", 3, { since });
    assert.match(plain[0]!.text, /^alice: !suggest/);
  });

  it("ignores its own messages echoed back (echo-message), and gives no account without services", async () => {
    const since = alice.mark();
    alice.say(CHANNEL, "!lines 2");
    await alice.waitForMessages("xenbot", 2, { since });
    assert.ok(ircStats(running.transport).ownMessagesIgnored! >= 2, `echoes ignored: ${ircStats(running.transport).ownMessagesIgnored}`);
    assert.ok(seen.length > 0);
    assert.ok(seen.every((m) => m.sender.id !== "xenbot"), "the core never saw the bot's own lines");
    assert.ok(seen.every((m) => m.sender.account === null && m.transport === "irc" && m.botName === "xenbot"));
    assert.ok(seen.some((m) => !m.room.isPrivate && m.room.id === PLAIN));
  });

  it("answers the server's PINGs (every 2 s here) and stays on one connection", async () => {
    await firstPing;
    assert.ok(ircStats(running.transport).serverPings! >= 1);
    assert.equal(ircStats(running.transport).registrations, 1);
    assert.equal(ircStats(running.transport).handlerErrors, 0);
  });

  it("regains its nick through MONITOR when the holder, in no shared channel, quits", async () => {
    const holder = await IrcUser.connect(server, "helperm");
    let second: RunningBot | undefined;
    try {
      second = await startIrcBot(server, { irc: { nick: "helperm", alt_nicks: ["helperm_"], channels: ["#monitor"] }, waitFor: "#monitor" });
      assert.equal(second.nick(), "helperm_");
      const regained = second.log.waitForNext("irc: nick changed", (r) => r.to === "helperm");
      await holder.quit();
      await regained;
    } finally {
      holder.close();
      await second?.stop();
    }
  });
});

describe("IRC transport under a flood on InspIRCd (8 KiB receive queue)", { skip: skipUnlessServer("inspircd") }, () => {
  let server: IrcServer;
  let running: RunningBot | undefined;
  const users: IrcUser[] = [];

  before(async () => {
    // 10 commands a second after a burst of 10; fakelag holds the rest in an 8 KiB recvq.
    server = await startInspircd({ recvq: 8192, commandrate: 10_000, threshold: 10 });
  });

  after(async () => {
    await running?.stop();
    for (const u of users) u.close();
    await server?.stop();
  });

  it("the server really kills a client that dumps what the bot is about to send", async () => {
    const flooder = await IrcUser.connect(server, "flooder");
    users.push(flooder);
    await flooder.join(CHANNEL);
    let burst = "";
    for (let i = 0; i < 44; i++) burst += `PRIVMSG ${CHANNEL} :user${i % 4}: bulk one ${"x".repeat(380)}\r\n`;
    (flooder as unknown as { socket: { write(s: string): void } }).socket.write(burst);
    const err = await flooder.waitFor((l) => l.command === "ERROR");
    assert.match(err.text, /RecvQ exceeded/);
  });

  it("40 requests at once from 4 users: the bot stays connected, each user gets answers and one rate-limit notice", async () => {
    running = await startIrcBot(server, {
      rateLimit: { burst: 5, interval_ms: 60_000 },
      irc: { flood: { burst: 4, interval_ms: 120 }, max_channel_lines: 3 },
    });
    const crowd = await Promise.all(["ann", "ben", "cat", "dan", "zed"].map((n) => IrcUser.connect(server, n)));
    users.push(...crowd);
    await Promise.all(crowd.map((u) => u.join(CHANNEL)));
    const zed = crowd.pop()!;
    const since = crowd.map((u) => u.mark());
    for (let i = 0; i < 10; i++) for (const u of crowd) u.say(CHANNEL, "!bulk");
    // Each user: 5 answers of 2 lines in the channel, then one notice; the other 4 requests are dropped silently.
    await Promise.all(
      crowd.map((u, i) =>
        u.waitFor(
          () => {
            const mine = u.messagesFrom("xenbot", since[i]);
            return mine.filter((l) => l.command === "PRIVMSG" && l.text.startsWith(`${u.nick}: bulk`)).length >= 10 && mine.some((l) => l.command === "NOTICE");
          },
          { since: since[i], timeoutMs: 45_000 },
        ),
      ),
    );
    // A sentinel from someone else: answered after everything already queued.
    const zs = zed.mark();
    zed.say(CHANNEL, "!lines 1");
    await zed.waitFor((l) => l.nick === "xenbot" && l.text === "zed: line 1 of 1", { since: zs, timeoutMs: 20_000 });
    for (const [i, u] of crowd.entries()) {
      const mine = u.messagesFrom("xenbot", since[i]);
      const notices = mine.filter((l) => l.command === "NOTICE" && l.params[0] === u.nick);
      const answers = mine.filter((l) => l.command === "PRIVMSG" && l.params[0] === CHANNEL && l.text.startsWith(`${u.nick}: bulk`));
      assert.equal(notices.length, 1, `${u.nick}: one notice`);
      assert.match(notices[0]!.text, /too fast/);
      assert.equal(answers.length, 10, `${u.nick}: five two-line answers`);
    }
    const t = running.transport;
    assert.equal(t.status().state, "registered");
    assert.equal(ircStats(t).registrations, 1, "never dropped");
    assert.equal(ircStats(t).linesDropped, 0);
  });
});
