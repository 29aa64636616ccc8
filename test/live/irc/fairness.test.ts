// Limits and the output queue follow people, against a real ngircd: the command limit is the
// person's (user@host here: ngircd has no services), queued lines follow a nick change and go
// when their reader does, old lines give way to one note, a person's share is capped, and a
// newcomer's line goes before a flooder's. Pacing is slowed per test so the queue holds lines
// long enough to watch; no assertion is on speed.
import assert from "node:assert/strict";
import { after, afterEach, before, describe, it } from "node:test";
import { CHANNEL, startIrcBot, type RunningBot } from "../../support/irc-bot.js";
import { skipUnlessServer, startNgircd, type IrcServer } from "../../support/irc-servers.js";
import { IrcUser, type IrcLine } from "../../support/irc-user.js";

const fromBot = (l: IrcLine) => (l.command === "PRIVMSG" || l.command === "NOTICE") && l.nick === "xenbot";
const numbered = (l: IrcLine) => /line \d+ of \d+/.exec(l.text)?.[0];

describe("IRC fairness on ngircd: limits per person, lines that follow people", { skip: skipUnlessServer("ngircd") }, () => {
  let server: IrcServer;
  /** What a test started: stopped at its end, so the next test's bot gets the nick "xenbot". */
  let cleanup: Array<() => Promise<void> | void> = [];

  before(async () => {
    server = await startNgircd({ noPenalty: true });
  });

  afterEach(async () => {
    for (const fn of cleanup.reverse()) await fn();
    cleanup = [];
  });

  after(async () => {
    await server?.stop();
  });

  async function bot(irc: Record<string, unknown>, rateLimit?: { burst: number; interval_ms: number }): Promise<RunningBot> {
    const running = await startIrcBot(server, { irc, ...(rateLimit ? { rateLimit } : {}) });
    cleanup.push(() => running.stop());
    return running;
  }

  async function user(nick: string, channel = true): Promise<IrcUser> {
    const u = await IrcUser.connect(server, nick);
    cleanup.push(() => u.close());
    if (channel) await u.join(CHANNEL);
    return u;
  }

  it("a nick change keeps the command limit: the person is refused, not given a fresh budget", async () => {
    const running = await bot({}, { burst: 2, interval_ms: 600_000 });
    const u = await user("limited", false);
    let since = u.mark();
    u.say("xenbot", "!help");
    u.say("xenbot", "!about");
    await u.waitForMessages("xenbot", 4, { since });
    u.send("NICK limited2");
    await u.waitFor((l) => l.command === "NICK" && l.text === "limited2");
    since = u.mark();
    u.say("xenbot", "!help");
    const refusal = await u.waitFor(fromBot, { since });
    assert.equal(refusal.command, "NOTICE");
    assert.match(refusal.text, /too fast/);
    assert.equal(running.log.count("command handled", (r) => r.status === "rate-limited"), 1);
  });

  it("queued private lines follow a nick change to the new nick", async () => {
    const running = await bot({ flood: { burst: 1, interval_ms: 400 } });
    const u = await user("mover"); // in the channel: the bot sees the NICK of those it shares one with
    const since = u.mark();
    u.say("xenbot", "!lines 5");
    await u.waitFor(fromBot, { since });
    u.send("NICK mover2");
    const lines = await u.waitForMessages("xenbot", 5, { since, timeoutMs: 10_000 });
    assert.deepEqual(lines.map(numbered), ["line 1 of 5", "line 2 of 5", "line 3 of 5", "line 4 of 5", "line 5 of 5"]);
    assert.equal(lines[0]!.params[0], "mover");
    assert.ok(lines.slice(2).every((l) => l.params[0] === "mover2"), lines.map((l) => l.raw).join("\n"));
    assert.equal(running.log.count("irc: dropped an outgoing line"), 0);
  });

  it("queued channel lines are addressed to the new nick", async () => {
    await bot({ flood: { burst: 1, interval_ms: 400 }, max_channel_lines: 5 });
    const u = await user("chanmover");
    const since = u.mark();
    u.say(CHANNEL, "!lines 4");
    await u.waitFor(fromBot, { since });
    u.send("NICK chanmover2");
    const lines = await u.waitForMessages("xenbot", 4, { since, timeoutMs: 10_000 });
    assert.match(lines[0]!.text, /^chanmover: line 1 of 4/);
    assert.match(lines[3]!.text, /^chanmover2: line 4 of 4/);
  });

  it("lines for someone who quit or parted are dropped", async () => {
    const running = await bot({ flood: { burst: 1, interval_ms: 300 }, max_channel_lines: 10 });
    const watcher = await user("watcher");
    const quitter = await user("quitter"); // in the channel: the bot sees the QUIT of those it shares one with
    quitter.say("xenbot", "!lines 10");
    await quitter.waitFor(fromBot);
    const quitDrops = running.log.waitForNext("irc: dropped lines for someone who left", (r) => r.nick === "quitter" && r.channel === null && Number(r.dropped) > 5);
    await quitter.quit();
    await quitDrops;

    const parter = await user("parter");
    const since = watcher.mark();
    parter.say(CHANNEL, "!lines 10");
    await watcher.waitFor((l) => fromBot(l) && l.text.startsWith("parter: "), { since });
    const partDrops = running.log.waitForNext("irc: dropped lines for someone who left", (r) => r.nick === "parter" && r.channel === CHANNEL);
    parter.send(`PART ${CHANNEL}`);
    await partDrops;
    await new Promise((r) => setTimeout(r, 1_000)); // three more slots: nothing more for parter
    const seen = watcher.messagesFrom("xenbot", since).filter((l) => l.text.startsWith("parter: "));
    assert.ok(seen.length <= 2, `the watcher saw ${seen.length} lines for parter after the part`);
  });

  it("lines older than the configured age are dropped, with one note to the asker", async () => {
    await bot({ flood: { burst: 1, interval_ms: 1_500, max_age_ms: 1_000 } });
    const u = await user("patient", false);
    const since = u.mark();
    u.say("xenbot", "!lines 4");
    const got = await u.waitForMessages("xenbot", 2, { since, timeoutMs: 10_000 });
    assert.equal(numbered(got[0]!), "line 1 of 4");
    assert.equal(got[1]!.command, "NOTICE");
    assert.equal(got[1]!.text, "Sorry, 3 lines of my answer waited over 1 s and were dropped; ask again when it is quieter.");
    await new Promise((r) => setTimeout(r, 2_000));
    assert.equal(u.messagesFrom("xenbot", since).length, 2, "nothing after the note");
  });

  it("a person's share of the queue is capped; one line says how to get the rest", async () => {
    await bot({ flood: { burst: 1, interval_ms: 100, max_lines_per_person: 5 } });
    const u = await user("greedy", false);
    const since = u.mark();
    u.say("xenbot", "!lines 12");
    const got = await u.waitForMessages("xenbot", 5, { since, timeoutMs: 10_000 });
    assert.deepEqual(got.slice(0, 4).map(numbered), ["line 1 of 12", "line 2 of 12", "line 3 of 12", "line 4 of 12"]);
    assert.equal(got[4]!.text, "(8 more lines not sent: I am answering many people at once; ask me again in a minute.)");
    await new Promise((r) => setTimeout(r, 800));
    assert.equal(u.messagesFrom("xenbot", since).length, 5);
  });

  it("a newcomer's line goes before a flooder's waiting lines", async () => {
    await bot({ flood: { burst: 1, interval_ms: 500 } });
    const flooder = await user("flooder", false);
    const newcomer = await user("newcomer", false);
    const fSince = flooder.mark();
    flooder.say("xenbot", "!lines 3");
    flooder.say("xenbot", "!lines 8");
    await flooder.waitFor(fromBot, { since: fSince });
    const nSince = newcomer.mark();
    newcomer.say("xenbot", "!lines 1");
    await newcomer.waitFor(fromBot, { since: nSince, timeoutMs: 10_000 });
    const flooderSoFar = flooder.messagesFrom("xenbot", fSince).length;
    assert.ok(flooderSoFar <= 3, `the flooder had ${flooderSoFar} of 11 lines when the newcomer got its first`);
    await flooder.waitForMessages("xenbot", 11, { since: fSince, timeoutMs: 15_000 });
  });
});
