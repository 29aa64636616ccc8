// The IRC transport against a real ngircd, with scripted users on plain sockets and the real
// bot (createBot) behind it.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { CHANNEL, EMOJI_RUN, LONG_TEXT, startIrcBot, handlerErrors, ircStats, waitForJoin, type RunningBot } from "../../support/irc-bot.js";
import { skipUnlessServer, startNgircd, type IrcServer } from "../../support/irc-servers.js";
import { IrcUser, type IrcLine } from "../../support/irc-user.js";
import { captureLogger } from "../../support/matrix-bot.js";

const stripCodes = (s: string) => s.replace(/[\x02\x0f\x1d\x1f]/g, "");
const joined = (r: RunningBot): string[] => (r.transport.status().details?.channels as string[]) ?? [];
let handlerErrorsBefore = 0;
const OPS_CHANNEL = "#xen-ops";
const KEYED = "#keyed";

/** Reads bot lines to `target` until their text, joined by `sep`, is as long as `expected`. */
async function collectUntil(user: IrcUser, from: string, since: number, expectedLength: number, sep: string, filter: (l: IrcLine) => boolean): Promise<IrcLine[]> {
  let got: IrcLine[] = [];
  await user.waitFor(
    () => {
      got = user.messagesFrom(from, since).filter(filter);
      return stripCodes(got.map((l) => l.text).join(sep)).length >= expectedLength;
    },
    { since, timeoutMs: 15_000 },
  );
  return got;
}

function assertWireLines(lines: IrcLine[]): void {
  for (const l of lines) {
    assert.ok(l.bytes <= 512, `a relayed line of ${l.bytes} bytes: ${l.raw.slice(0, 80)}…`);
    assert.ok(l.validUtf8, `invalid UTF-8 on the wire: ${l.raw.slice(0, 80)}…`);
  }
}

describe("IRC transport on ngircd", { skip: skipUnlessServer("ngircd") }, () => {
  let server: IrcServer;
  let op: IrcUser;
  let alice: IrcUser;
  let bob: IrcUser;
  let running: RunningBot;
  const log = captureLogger();

  before(async () => {
    server = await startNgircd({ noPenalty: true });
    // "op" creates the second channel first, so it (not the bot) is its operator.
    op = await IrcUser.connect(server, "op");
    await op.join(OPS_CHANNEL);
    await op.join(KEYED);
    op.send(`MODE ${KEYED} +k sesame`);
    await op.waitFor((l) => l.command === "MODE" && l.params[1] === "+k");
    running = await startIrcBot(server, {
      log,
      irc: { channels: [{ name: KEYED, key: "sesame" }, OPS_CHANNEL, CHANNEL], ignore_nicks: ["OtherBot"], max_channel_lines: 3 },
      // A handler that breaks its "never rejects" contract, or throws outright, must not hurt.
      wrap: (handle) => (msg) => {
        if (msg.text === "!reject") return Promise.reject(new Error("rejected on purpose"));
        if (msg.text === "!throw") throw new Error("thrown on purpose");
        return handle(msg);
      },
    });
    // Joins are answered in order: once in CHANNEL, the bot is in OPS_CHANNEL too.
    assert.ok(joined(running).includes(OPS_CHANNEL));
    alice = await IrcUser.connect(server, "alice");
    bob = await IrcUser.connect(server, "bob");
    await alice.join(CHANNEL);
    await bob.join(CHANNEL);
  });

  after(async () => {
    await running?.stop();
    for (const u of [op, alice, bob]) u?.close();
    await server?.stop();
  });

  it("answers a command in the channel, addressed to the asker", async () => {
    const since = alice.mark();
    alice.say(CHANNEL, "!help");
    const lines = await alice.waitForMessages("xenbot", 2, { since });
    for (const l of lines) {
      assert.equal(l.command, "PRIVMSG");
      assert.equal(l.params[0], CHANNEL);
      assert.match(l.text, /^alice: /);
    }
    assert.match(lines[0]!.text, /^alice: Commands: /);
    // One structured line per command handled, with what an operator needs to find it.
    const handled = log.records.filter((r) => r.msg === "command handled" && r.command === "help" && r.room === CHANNEL);
    assert.equal(handled.length, 1, JSON.stringify(handled));
    assert.equal(handled[0]!.transport, "irc");
    assert.equal(handled[0]!.status, "ok");
    assert.equal(typeof handled[0]!.latencyMs, "number");
  });

  it("answers !project from the real store, and sends a long card privately with one line in the channel", async () => {
    let since = alice.mark();
    alice.say(CHANNEL, "!project 9p");
    const card = await alice.waitForMessages("xenbot", 3, { since });
    assert.match(card[0]!.text, /^alice: .*9P File System/);
    assert.ok(card.every((l) => l.params[0] === CHANNEL && l.text.startsWith("alice: ")));
    since = alice.mark();
    alice.say(CHANNEL, "!project 9p full");
    const note = await alice.waitFor((l) => l.nick === "xenbot" && l.params[0] === CHANNEL, { since });
    const n = Number(/^alice: sent you the answer privately \((\d+) lines\)\.$/.exec(note.text)?.[1]);
    assert.ok(n >= 5, note.text);
    // In private: one line naming what it answers, then the n lines the channel line counts.
    const all = await alice.waitForMessages("xenbot", n + 2, { since });
    const privately = all.filter((l) => l.params[0] === "alice");
    assert.equal(privately[0]!.text, "(my answer to !project in #xen-devel)");
    assert.equal(privately.length - 1, n, "the count in the channel matches the lines sent");
    assert.match(stripCodes(privately.map((l) => l.text).join("\n")), /Description: VirtIO provides a 9P FS transport/);
    assertWireLines(all);
  });

  it("answers a private question privately, bare command allowed", async () => {
    const since = alice.mark();
    alice.say("xenbot", "help");
    const lines = await alice.waitForMessages("xenbot", 2, { since });
    for (const l of lines) {
      assert.equal(l.params[0], "alice");
      assert.doesNotMatch(l.text, /^alice: /);
    }
    assert.match(lines[0]!.text, /^Commands: /);
  });

  it("points an answer at someone present with > nick, and at the asker when that nick is absent", async () => {
    let since = alice.mark();
    alice.say(CHANNEL, "!help > bob");
    const pointed = await alice.waitForMessages("xenbot", 2, { since });
    assert.ok(pointed.every((l) => l.text.startsWith("bob: ")), pointed.map((l) => l.text).join("\n"));
    since = alice.mark();
    alice.say(CHANNEL, "!help > nobodyhere");
    const back = await alice.waitForMessages("xenbot", 2, { since });
    assert.ok(back.every((l) => l.text.startsWith("alice: ")));
  });

  it("splits a long multi-byte answer at the byte limit: valid UTF-8, ≤ 512 bytes, nothing lost", async () => {
    const since = alice.mark();
    alice.say("xenbot", "!longtext");
    const lines = await collectUntil(alice, "xenbot", since, LONG_TEXT.length, " ", () => true);
    assert.ok(lines.length >= 4, `${lines.length} lines`);
    assertWireLines(lines);
    assert.equal(lines.map((l) => l.text).join(" "), LONG_TEXT);
    // Lines are cut at a space, so a few bytes short of 512; never far short.
    assert.ok(lines.slice(0, -1).every((l) => l.bytes >= 512 - 40), "lines use the byte budget: " + lines.map((l) => l.bytes).join(","));
  });

  it("breaks a run of 4-byte emoji without spaces only between characters", async () => {
    const since = alice.mark();
    alice.say("xenbot", "!longtext emoji");
    const lines = await collectUntil(alice, "xenbot", since, EMOJI_RUN.length, "", () => true);
    assertWireLines(lines);
    assert.equal(lines.map((l) => l.text).join(""), EMOJI_RUN);
  });

  it("carries bold over to the next line of a split answer", async () => {
    const since = alice.mark();
    alice.say("xenbot", "!longtext bold");
    const lines = await collectUntil(alice, "xenbot", since, LONG_TEXT.length, " ", () => true);
    assertWireLines(lines);
    assert.ok(lines.every((l) => l.text.startsWith("\x02")), "every piece opens bold");
    assert.equal(stripCodes(lines.map((l) => l.text).join(" ")), LONG_TEXT);
  });

  it("splits in the channel too, with the addressee on every line, overflow going private", async () => {
    const since = alice.mark();
    alice.say(CHANNEL, "!longtext");
    // channel: 2 pieces + "… N more lines sent to you privately."; private: the rest
    const channel = await alice.waitFor((l) => l.nick === "xenbot" && l.params[0] === CHANNEL && /more lines sent to you privately/.test(l.text), { since });
    const n = Number(/… (\d+) more lines/.exec(channel.text)?.[1]);
    const priv = await alice.waitForMessages("xenbot", 2 + 1 + 1 + n, { since });
    const inChannel = priv.filter((l) => l.params[0] === CHANNEL);
    const opening = priv.filter((l) => l.params[0] === "alice");
    assert.equal(inChannel.length, 3);
    assert.equal(opening[0]!.text, "(the rest of my answer to !longtext in #xen-devel)");
    const privately = opening.slice(1);
    assert.equal(privately.length, n);
    assertWireLines(priv);
    assert.ok(inChannel.every((l) => l.text.startsWith("alice: ")));
    const text = [...inChannel.slice(0, 2).map((l) => l.text.slice("alice: ".length)), ...privately.map((l) => l.text)].join(" ");
    assert.equal(text, LONG_TEXT);
  });

  it("keeps the channel to the line cap: first lines there, a notice line, the rest in private", async () => {
    const since = alice.mark();
    alice.say(CHANNEL, "!lines 7");
    const lines = await alice.waitForMessages("xenbot", 3 + 1 + 5, { since });
    const inChannel = lines.filter((l) => l.params[0] === CHANNEL).map((l) => l.text);
    const privately = lines.filter((l) => l.params[0] === "alice").map((l) => l.text);
    assert.deepEqual(inChannel, ["alice: line 1 of 7", "alice: line 2 of 7", "alice: … 5 more lines sent to you privately."]);
    // The private part starts with one line saying what it continues, then the five lines.
    assert.deepEqual(privately, ["(the rest of my answer to !lines in #xen-devel)", "line 3 of 7", "line 4 of 7", "line 5 of 7", "line 6 of 7", "line 7 of 7"]);
  });

  it("never lets CR, LF or NUL in an answer reach the server as a line of its own", async () => {
    const since = alice.mark();
    const opSince = op.mark();
    alice.say(CHANNEL, "!inject");
    alice.say(CHANNEL, "!lines 1"); // a sentinel: answered after the first
    await alice.waitFor((l) => l.nick === "xenbot" && l.text === "alice: line 1 of 1", { since });
    const fromBot = alice.messagesFrom("xenbot", since);
    assert.equal(fromBot.length, 2, fromBot.map((l) => l.raw).join("\n"));
    assert.equal(fromBot[0]!.params[0], CHANNEL);
    assert.equal(fromBot[0]!.text, "alice: before  PRIVMSG #xen-devel :INJECTED  QUIT :goneafterend lab  el <https://example.org/aQUIT:x>");
    assert.ok(!alice.lines.slice(since).some((l) => l.nick === "xenbot" && (l.command === "QUIT" || l.text.startsWith("INJECTED"))));
    assert.ok(!op.lines.slice(opSince).some((l) => l.nick === "xenbot" && l.command === "QUIT"));
    assert.equal(running.transport.status().state, "registered");
  });

  it("never answers a NOTICE, in the channel or privately", async () => {
    const since = alice.mark();
    alice.notice(CHANNEL, "!help");
    alice.notice("xenbot", "!help");
    alice.say(CHANNEL, "!lines 1");
    await alice.waitFor((l) => l.nick === "xenbot" && l.text === "alice: line 1 of 1", { since });
    assert.equal(alice.messagesFrom("xenbot", since).length, 1);
  });

  it("ignores configured nicks (other bots), case-insensitively", async () => {
    const other = await IrcUser.connect(server, "otherbot");
    try {
      await other.join(CHANNEL);
      const since = alice.mark();
      const otherSince = other.mark();
      other.say(CHANNEL, "!help");
      other.say("xenbot", "!help");
      alice.say(CHANNEL, "!lines 1");
      await alice.waitFor((l) => l.nick === "xenbot" && l.text === "alice: line 1 of 1", { since });
      assert.equal(alice.messagesFrom("xenbot", since).length, 1);
      assert.equal(other.messagesFrom("xenbot", otherSince).filter((l) => l.params[0] === "otherbot").length, 0);
    } finally {
      await other.quit();
    }
  });

  it("rejoins after a kick", async () => {
    const since = op.mark();
    const rejoined = waitForJoin(running.log, OPS_CHANNEL);
    op.send(`KICK ${OPS_CHANNEL} xenbot :testing rejoin`);
    await op.waitFor((l) => l.command === "KICK" && l.params[1] === "xenbot", { since });
    await op.waitFor((l) => l.command === "JOIN" && l.nick === "xenbot", { since, timeoutMs: 10_000 });
    await rejoined;
    assert.ok(joined(running).includes(OPS_CHANNEL));
    assert.ok(joined(running).includes(KEYED), "joined the +k channel with its key");
  });

  it("does not point answers at the bot itself", async () => {
    const since = alice.mark();
    alice.say(CHANNEL, "!lines 1 > xenbot");
    await alice.waitFor((l) => l.nick === "xenbot" && l.text === "alice: line 1 of 1", { since });
  });

  it("survives a handler that throws or rejects", async () => {
    handlerErrorsBefore = handlerErrors(running);
    const since = alice.mark();
    alice.say(CHANNEL, "!throw");
    alice.say(CHANNEL, "!reject");
    alice.say(CHANNEL, "!lines 1");
    await alice.waitFor((l) => l.nick === "xenbot" && l.text === "alice: line 1 of 1", { since });
    assert.equal(alice.messagesFrom("xenbot", since).length, 1);
    assert.equal(handlerErrors(running) - handlerErrorsBefore, 2);
    handlerErrorsBefore = handlerErrors(running);
  });

  it("stayed on one connection through all of the above", () => {
    assert.equal(ircStats(running.transport).registrations, 1, "never reconnected");
    assert.equal(handlerErrors(running) - handlerErrorsBefore, 0);
  });

  it("stop() sends QUIT once, and is idempotent", async () => {
    const since = op.mark();
    await Promise.all([running.transport.stop("see you"), running.transport.stop()]);
    await running.transport.stop();
    const quit = await op.waitFor((l) => l.command === "QUIT" && l.nick === "xenbot", { since });
    assert.match(quit.text, /see you/);
    assert.equal(running.transport.status().state, "stopped");
  });
});

describe("IRC transport nick handling on ngircd", { skip: skipUnlessServer("ngircd") }, () => {
  let server: IrcServer;
  const users: IrcUser[] = [];
  let running: RunningBot | undefined;

  before(async () => {
    server = await startNgircd({ noPenalty: true });
  });

  after(async () => {
    await running?.stop();
    for (const u of users) u.close();
    await server?.stop();
  });

  it("falls back to alt nicks, then nick + digits, and regains its nick when the holder quits", async () => {
    const holder = await IrcUser.connect(server, "helper");
    const holder2 = await IrcUser.connect(server, "helper_");
    users.push(holder, holder2);
    await holder.join("#nicks");
    running = await startIrcBot(server, { irc: { nick: "helper", alt_nicks: ["helper_"], channels: ["#nicks"] }, waitFor: "#nicks" });
    assert.equal(running.nick(), "helper1");
    const since = holder.mark();
    holder2.say("#nicks", "!lines 1");
    await holder.waitFor((l) => l.nick === "helper1" && l.text === "helper_: line 1 of 1", { since });
    // "helper1: lines 1" works too: the core knows the bot's current nick.
    holder.say("#nicks", "helper1: lines 1");
    await holder.waitFor((l) => l.nick === "helper1" && l.text === "helper: line 1 of 1", { since });
    const regained = running.log.waitForNext("irc: nick changed", (r) => r.to === "helper");
    await holder.quit();
    await regained; // seen the holder's QUIT in the shared channel, took the nick back
    assert.equal(running.nick(), "helper");
    const watcher = await IrcUser.connect(server, "watcher");
    users.push(watcher);
    await watcher.join("#nicks");
    const s2 = watcher.mark();
    watcher.say("#nicks", "!lines 1");
    await watcher.waitFor((l) => l.nick === "helper" && l.text === "watcher: line 1 of 1", { since: s2 });
  });
});

describe("IRC transport reconnects on ngircd", { skip: skipUnlessServer("ngircd") }, () => {
  let server: IrcServer;
  let running: RunningBot | undefined;
  const users: IrcUser[] = [];

  after(async () => {
    await running?.stop();
    for (const u of users) u.close();
    await server?.stop();
  });

  it("keeps trying when the first connection fails, and connects once the server is up", async () => {
    server = await startNgircd({ noPenalty: true });
    await server.kill();
    const startedAt = Date.now();
    const log = captureLogger();
    const disconnected = () => log.waitForNext("irc connection", (r) => r.state === "disconnected");
    const failedTwice = disconnected().then(disconnected);
    const pending = startIrcBot(server, { log, irc: { reconnect: { min_delay_ms: 100, max_delay_ms: 400 } } });
    await failedTwice; // refused twice, and still trying
    await server.restart();
    running = await pending;
    assert.ok(ircStats(running.transport).connects! >= 2, `connects: ${ircStats(running.transport).connects}`);
    assert.ok(Date.now() - startedAt < 15_000);
  });

  it("comes back into the channel and answers after a server restart", async () => {
    assert.ok(running, "previous test started the bot");
    const t = running.transport;
    const rejoined = running.log.waitForNext("irc: joined channel", () => true, 30_000);
    const startedAt = Date.now();
    await server.restart();
    await rejoined;
    const user = await IrcUser.connect(server, "carol");
    users.push(user);
    await user.join(CHANNEL);
    const since = user.mark();
    user.say(CHANNEL, "!help");
    await user.waitForMessages("xenbot", 2, { since, timeoutMs: 30_000 });
    const elapsed = Date.now() - startedAt;
    assert.ok(elapsed < 30_000, `back after ${elapsed} ms`);
    assert.ok(ircStats(t).registrations! >= 2);
  });
});
