// Hostile input through a live ngircd to the real bot: a few thousand generated messages (commands
// with control codes, CTCP, formatting, pointers at people and channels, lines longer than the
// protocol allows, every kind of Unicode), each followed by a probe whose answer marks the end of
// what the bot said to it. Everything the IRC users receive from the bot is checked: only PRIVMSG
// or NOTICE, only to the channel, the asker or a present user it was pointed at, valid UTF-8, no
// NUL, CR, CTCP, bidi control or invisible character, at most 512 bytes, at most the channel's
// line cap; someone elsewhere hears nothing.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import fc from "fast-check";
import { CHANNEL, handlerErrors, ircStats, startIrcBot, type RunningBot } from "../support/irc-bot.js";
import { skipUnlessServer, startNgircd, type IrcServer } from "../support/irc-servers.js";
import { IrcUser, type IrcLine } from "../support/irc-user.js";
import { invisibleIn } from "../support/invisible.js";
import { probeAnswered, probeCommand, probeToken } from "./support/probes.js";
import { record, tally } from "./support/summary.js";

const COUNT = Number(process.env.XENBOT_LIVE_FUZZ ?? 3_000);
const MAX_CHANNEL_LINES = 3;

const nasty = fc.constantFrom(
  "\x01ACTION waves\x01", "\x01VERSION\x01", "\x02", "\x03", "\x0304,12red", "\x0f", "\x16", "\x1d", "\x1f", "\x7f", "\x85", "\u2028", "\ufeff", "\u202e",
  " PRIVMSG #victim :pwned", " :QUIT :x", "\tJOIN #victim", "<script>alert(1)</script>", "&amp;", "%s%n", "$(reboot)", "'; DROP TABLE projects; --",
  "> victim", "> bob", "> xenbot", "| #victim", "> #xen-devel", "| ChanServ", "> @evil:matrix.org",
  "😀", "👩‍💻", "𝕏", "e\u0301", "日本語", "\u200b", "Ελληνικά", "é".repeat(200), "x".repeat(600), "😀".repeat(150),
);
const word = fc.constantFrom("project", "projects", "suggest", "contact", "start", "help", "about", "skills", "categories", "porject", "sugest", "p", "longtext", "lines", "inject", "bulk", "reload", "set", "verify", "archive");
const prefix = fc.constantFrom("!", "xenbot: ", "XENBOT, ", "", " !", "!!", "\x02!");
const chunk = fc.oneof(fc.string({ unit: "grapheme", maxLength: 30 }), fc.string({ unit: "binary-ascii", maxLength: 20 }), nasty, fc.constantFrom("9p", "easy", "hard c", "cooper", "kdd", "full", "gsoc", "2", "50", "emoji", "bold"));
/** Cut to what one protocol line can carry (a client cannot send more; ngircd drops the sender of a longer line). */
function fitLine(text: string): string {
  const budget = 510 - Buffer.byteLength(`PRIVMSG ${CHANNEL} :`);
  let out = "";
  for (const cp of text) {
    if (Buffer.byteLength(out + cp) > budget) break;
    out += cp;
  }
  return out;
}
const message = fc.tuple(prefix, word, fc.array(chunk, { maxLength: 8 })).map(([p, w, parts]) => fitLine(`${p}${w} ${parts.join(" ")}`.replace(/[\r\n\0]/g, " ")));

describe("hostile input through a live ngircd", { skip: skipUnlessServer("ngircd") }, () => {
  let server: IrcServer;
  let running: RunningBot;
  let mallory: IrcUser;
  let bob: IrcUser;
  let victim: IrcUser;

  before(async () => {
    server = await startNgircd({ noPenalty: true });
    running = await startIrcBot(server, { irc: { max_channel_lines: MAX_CHANNEL_LINES, flood: { burst: 50, interval_ms: 0 } } });
    [mallory, bob, victim] = (await Promise.all(["mallory", "bob", "victim"].map((n) => IrcUser.connect(server, n)))) as [IrcUser, IrcUser, IrcUser];
    await Promise.all([mallory.join(CHANNEL), bob.join(CHANNEL), victim.join("#victim")]);
  });

  after(async () => {
    await running?.stop();
    for (const u of [mallory, bob, victim]) u?.close();
    await server?.stop();
  });

  it(`${COUNT} hostile messages: every line the bot sends is clean, bounded and goes where it should`, { timeout: 10 * 60_000 }, async () => {
    const inputs = fc.sample(message, { numRuns: COUNT, seed: Number(process.env.XENBOT_SEED ?? 20_260_101) });
    const since = { mallory: mallory.mark(), bob: bob.mark(), victim: victim.mark() };
    let botLines = 0;
    let answered = 0;
    let maxChannel = 0;
    const check = (l: IrcLine, me: string) => {
      botLines++;
      assert.ok(l.command === "PRIVMSG" || l.command === "NOTICE", `the bot sent ${l.raw}`);
      assert.ok([CHANNEL, me].includes(l.params[0]!), `a line to ${l.params[0]}: ${l.raw}`);
      assert.ok(l.bytes <= 512, `${l.bytes} bytes: ${l.raw.slice(0, 100)}`);
      assert.ok(l.validUtf8, `invalid UTF-8: ${l.raw.slice(0, 100)}`);
      assert.doesNotMatch(l.raw, /[\0\r\n\x01]/, `NUL/CR/LF/CTCP: ${JSON.stringify(l.raw.slice(0, 100))}`);
      assert.equal(invisibleIn(l.raw), null, `a bidi or invisible character: ${JSON.stringify(l.raw.slice(0, 100))}`);
    };

    for (const [k, text] of inputs.entries()) {
      const mark = mallory.mark();
      mallory.say(CHANNEL, text);
      const token = probeToken(0, k);
      mallory.say(CHANNEL, probeCommand(token));
      await mallory.waitFor((l) => l.nick === "xenbot" && probeAnswered(l.text) === token, { since: mark, timeoutMs: 15_000 });
      // What the bot said to this message: everything before the probe's answer.
      const lines = mallory.messagesFrom("xenbot", mark);
      const reply = lines.slice(0, lines.findIndex((l) => probeAnswered(l.text) === token));
      for (const l of reply) check(l, "mallory");
      const inChannel = reply.filter((l) => l.params[0] === CHANNEL).length;
      maxChannel = Math.max(maxChannel, inChannel);
      assert.ok(inChannel <= MAX_CHANNEL_LINES + 1, `${inChannel} channel lines for ${JSON.stringify(text.slice(0, 100))}`);
      if (reply.length > 0) answered++;
    }
    for (const l of bob.messagesFrom("xenbot", since.bob)) if (l.params[0] !== CHANNEL) check(l, "bob");
    assert.deepEqual(victim.messagesFrom("xenbot", since.victim), [], "someone in another channel heard from the bot");
    assert.ok(victim.lines.slice(since.victim).every((l) => l.nick !== "xenbot"), "the bot did something to #victim");
    const stats = ircStats(running.transport);
    assert.equal(stats.disconnects, 0);
    assert.equal(stats.registrations, 1);
    assert.equal(handlerErrors(running), 0);
    assert.equal(running.nick(), "xenbot");
    record("hostile messages through ngircd to the bot", `${COUNT} sent (+${COUNT} probes), ${answered} answered in ${botLines} lines, all clean, ≤ 512 bytes, ≤ ${maxChannel} channel lines each; 0 to bystanders`);
    tally("inputs tried", COUNT);
  });
});
