// Load: 50 IRC users send 1,000 commands within 10 s to the bot on InspIRCd with an 8 KiB
// receive queue (as test/transports/irc-inspircd.test.ts), with the core's default rate limit
// (burst 5, then one per 3 s). The bot runs in its own process. It must never be disconnected for
// flooding; every command is answered, or falls in a run of refused commands whose first got one
// "too fast" notice; every expected line arrives within a bound; the bot's RSS after a full GC
// returns to its level before the load.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { skipUnlessServer, startInspircd, type IrcServer } from "../support/irc-servers.js";
import { testIrcSection } from "../support/irc-bot.js";
import { IrcUser } from "../support/irc-user.js";
import { startChildBot, type ChildBot } from "./support/child-bot.js";
import { arrivedAt, at, probeAnswered, probeCommand, probeToken, stampArrivals, TOO_FAST } from "./support/probes.js";
import { mb, record, tally } from "./support/summary.js";

const CHANNEL = "#xen-devel";
const USERS = 50;
const PER_USER = 20;
const WINDOW_MS = 10_000;
const STEP_MS = WINDOW_MS / PER_USER; // each user: one command every 500 ms
const SENTINEL = 999;
/** Every expected line must arrive within this long of its command. */
const MAX_WAIT_MS = 150_000;

describe("load: 50 users, 1,000 commands in 10 s, InspIRCd with an 8 KiB recvq", { skip: skipUnlessServer("inspircd") }, () => {
  let server: IrcServer;
  let bot: ChildBot;
  const users: IrcUser[] = [];

  before(async () => {
    // 10 commands a second per client after a burst of 10; fakelag holds the rest in an 8 KiB recvq.
    server = await startInspircd({ recvq: 8192, commandrate: 10_000, threshold: 10 });
    bot = await startChildBot({
      // Below the server's 10 lines a second, as an operator would set it for this server.
      // Answers here may wait up to the test's bound (MAX_WAIT_MS) by design: the point is that
      // none is lost, so they must not expire at the default minute first.
      irc: testIrcSection(server, { flood: { burst: 4, interval_ms: 120, max_age_ms: MAX_WAIT_MS } }),
      // rate_limit: the default (burst 5, one per 3 s)
    });
    for (let i = 0; i < USERS; i += 10) {
      const batch = await Promise.all(Array.from({ length: Math.min(10, USERS - i) }, (_, j) => IrcUser.connect(server, `user${i + j}`)));
      users.push(...batch);
    }
    await Promise.all(users.map((u) => u.join(CHANNEL)));
    for (const u of users) stampArrivals(u);
  });

  after(async () => {
    await bot?.stop();
    for (const u of users) u.close();
    await server?.stop();
  });

  it("stays connected, answers or warns everyone once per refused run, within a bound, and gives its memory back", { timeout: 10 * 60_000 }, async () => {
    const baseline = await bot.probe();
    bot.resetPeak();
    const since = users.map((u) => u.mark());
    const sentAt = new Map<string, number>();
    const started = Date.now();

    // The schedule: user i sends at i*10 ms + k*500 ms, k = 0..19: 1,000 commands in 10 s.
    await Promise.all(
      users.map(async (u, i) => {
        for (let k = 0; k < PER_USER; k++) {
          await at(started + i * 10 + k * STEP_MS - Date.now());
          const token = probeToken(i, k);
          sentAt.set(token, Date.now());
          u.say(CHANNEL, probeCommand(token));
        }
      }),
    );
    const sendMs = Date.now() - started;
    assert.ok(sendMs < WINDOW_MS + 1_000, `sending took ${sendMs} ms`);

    // A last command per user once the limiter has a token again (one per 3 s): its answer is the
    // last line the bot owes that user, as each user's lines leave the bot in order.
    await at(3_500);
    await Promise.all(
      users.map(async (u, i) => {
        const token = probeToken(i, SENTINEL);
        sentAt.set(token, Date.now());
        u.say(CHANNEL, probeCommand(token));
        await u.waitFor((l) => l.nick === "xenbot" && probeAnswered(l.text) === token, { since: since[i], timeoutMs: MAX_WAIT_MS });
      }),
    );
    const peak = await bot.probe();

    let answered = 0;
    let notices = 0;
    let refused = 0;
    let duplicates = 0;
    let lost = 0;
    let maxWait = 0;
    for (const [i, u] of users.entries()) {
      const lines = u.messagesFrom("xenbot", since[i]);
      const answers = new Map<string, number>();
      const noticeTimes: number[] = [];
      for (const l of lines) {
        const arrived = arrivedAt(l);
        const token = probeAnswered(l.text);
        // Everyone in the channel sees every answer: the ones addressed to this user are its own.
        if (l.command === "PRIVMSG" && l.params[0] === CHANNEL && !l.text.startsWith(`${u.nick}: `)) continue;
        if (l.command === "PRIVMSG" && token) {
          assert.ok(token.startsWith(`zq${i.toString(36)}x`), `${u.nick} got another user's answer: ${l.raw}`);
          if (answers.has(token)) duplicates++;
          answers.set(token, arrived);
        } else if (l.command === "NOTICE" && TOO_FAST.test(l.text)) {
          assert.equal(l.params[0], u.nick);
          noticeTimes.push(arrived);
        } else assert.fail(`unexpected line for ${u.nick}: ${l.raw}`);
      }
      // In the order sent: each run of unanswered commands is one refusal streak, owed one notice.
      const streakStarts: string[] = [];
      let inStreak = false;
      for (let k = 0; k < PER_USER; k++) {
        const token = probeToken(i, k);
        if (answers.has(token)) inStreak = false;
        else {
          refused++;
          if (!inStreak) streakStarts.push(token);
          inStreak = true;
        }
      }
      if (!answers.has(probeToken(i, SENTINEL))) lost++;
      assert.ok(answers.size >= 5 + 1, `${u.nick}: only ${answers.size} answers (the burst is 5)`);
      assert.equal(noticeTimes.length, streakStarts.length, `${u.nick}: ${noticeTimes.length} notices for ${streakStarts.length} refused runs`);
      for (const [token, t] of answers) maxWait = Math.max(maxWait, t - sentAt.get(token)!);
      for (const [n, t] of noticeTimes.entries()) maxWait = Math.max(maxWait, t - sentAt.get(streakStarts[n]!)!);
      answered += answers.size;
      notices += noticeTimes.length;
    }

    const end = await bot.probe();
    const irc = end.irc!;
    record("load: commands (50 IRC users, 10 s)", `${USERS * PER_USER} + ${USERS} final; ${answered} answered, ${refused} refused with ${notices} "too fast" notices`);
    record("load: max wait for an expected line", `${(maxWait / 1000).toFixed(1)} s (bound ${MAX_WAIT_MS / 1000} s)`);
    record("load: bot RSS before/peak/after", `${mb(baseline.rss)} / ${mb(peak.peakRss)} / ${mb(end.rss)} (heap ${mb(baseline.heapUsed)} → ${mb(end.heapUsed)})`);
    record("load: bot disconnects", `${irc.disconnects} (registrations ${irc.registrations}, lines sent ${irc.linesSent}, dropped ${irc.linesDropped})`);
    tally("inputs tried", USERS * (PER_USER + 1));
    tally("messages lost", lost);
    tally("duplicates sent", duplicates);
    tally("disconnects for flooding", irc.disconnects);

    assert.equal(irc.disconnects, 0, `the bot was disconnected; its log:\n${bot.stderr().slice(-2000)}`);
    assert.equal(irc.registrations, 1);
    assert.equal(irc.linesDropped, 0);
    assert.equal(irc.handlerErrors, 0);
    assert.equal(duplicates, 0);
    assert.equal(lost, 0);
    assert.ok(maxWait <= MAX_WAIT_MS, `a line waited ${maxWait} ms`);
    // Memory back to its level: within 10 MB or 15% of the baseline, whichever is larger.
    const allowed = Math.max(10 * 1024 * 1024, baseline.rss * 0.15);
    assert.ok(end.rss - baseline.rss <= allowed, `RSS ${mb(baseline.rss)} → ${mb(end.rss)}`);
    assert.ok(users.every((u) => !u.isClosed), "a user was disconnected");
  });
});
