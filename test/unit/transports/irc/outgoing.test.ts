import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { IrcConfigSchema } from "../../../../src/config.js";
import type { IncomingMessage } from "../../../../src/core/message.js";
import { bold, text, type Reply } from "../../../../src/core/rich-text.js";
import type { DispatchOutcome } from "../../../../src/core/outcome.js";
import { ircLinesFor, type IrcContext } from "../../../support/irc-plan.js";
import { DEFAULT_IRC_TIMINGS, ircClientOptions, nickCandidate } from "../../../../src/transports/irc/options.js";

const msg = (room: "#xen" | "private", nick = "alice"): IncomingMessage => ({
  transport: "irc",
  text: "!x",
  sender: { id: nick, displayName: nick, account: null },
  room: room === "private" ? { id: nick, isPrivate: true } : { id: room, isPrivate: false },
  botName: "xenbot",
  receivedAt: 0,
});

const outcome = (replies: Reply[], pointedAt: string | null = null): DispatchOutcome => ({ status: "ok", command: "x", replies, pointedAt, latencyMs: 0 });

function ctx(over: Partial<IrcContext> = {}): IrcContext {
  return {
    selfNick: "xenbot",
    maxRoomLines: 3,
    same: (a, b) => a.toLowerCase() === b.toLowerCase(),
    isMember: (_c, n) => ["alice", "bob", "xenbot"].includes(n.toLowerCase()),
    formattingFor: () => true,
    budget: () => 400,
    ...over,
  };
}

const lines = (n: number) => Array.from({ length: n }, (_, i) => [text(`l${i + 1}`)]);

describe("IRC delivery", () => {
  it("addresses channel lines to the asker, with bold where allowed", () => {
    const out = ircLinesFor(msg("#xen"), outcome([{ lines: [[bold("T"), text(" x")]] }]), ctx());
    assert.deepEqual(out, [{ command: "PRIVMSG", target: "#xen", text: "alice: \x02T\x02 x", address: "alice: " }]);
    const plain = ircLinesFor(msg("#xen"), outcome([{ lines: [[bold("T"), text(" x")]] }]), ctx({ formattingFor: () => false }));
    assert.equal(plain[0]!.text, "alice: T x");
  });

  it("answers privately without an addressee", () => {
    assert.deepEqual(ircLinesFor(msg("private"), outcome([{ lines: lines(2) }]), ctx()), [
      { command: "PRIVMSG", target: "alice", text: "l1" },
      { command: "PRIVMSG", target: "alice", text: "l2" },
    ]);
  });

  it("counts several public replies together against the channel cap", () => {
    const out = ircLinesFor(msg("#xen"), outcome([{ lines: lines(2) }, { lines: lines(2) }]), ctx());
    assert.deepEqual(
      out.map((l) => `${l.target} ${l.text}`),
      ["#xen alice: l1", "#xen alice: l2", "#xen alice: … 2 more lines sent to you privately.", "alice (the rest of my answer to !x in #xen)", "alice l1", "alice l2"],
    );
  });

  it("re-cuts a line split for the channel when it goes to a target with less room", () => {
    // Budgets as a server gives them: a one-letter channel and pointer leave more room than a
    // NOTICE or PRIVMSG to the asker's longer nick (found by test/reliability/fuzz-render.test.ts).
    const budget = (command: string, target: string) => 120 - Buffer.byteLength(`${command} ${target} :`);
    const long = [[bold(`\u0800\u00a0${"é".repeat(80)}`), text("x")]];
    const asker = msg("#xen", "aaaaaaaaaaaa");
    const context = ctx({ budget, isMember: () => true });
    for (const delivery of ["notice", "private"] as const) {
      const out = ircLinesFor({ ...asker, room: { id: "#", isPrivate: false } }, outcome([{ lines: long, delivery }], "U"), context);
      assert.ok(out.length >= 2, `${delivery}: split into ${out.length} line(s)`);
      for (const l of out) assert.ok(Buffer.byteLength(l.text) <= budget(l.command, l.target), `${delivery}: ${Buffer.byteLength(l.text)} bytes to ${l.target}`);
      // The private part starts with the line naming what it answers; the answer follows whole.
      const answer = out.filter((l) => l.target !== "#" && !l.text.startsWith("(my answer to !x in #"));
      assert.equal(answer.map((l) => l.text.replace(/\x02/g, "")).join(""), `\u0800\u00a0${"é".repeat(80)}x`);
    }
  });

  it("points at someone present, privately too; ignores a pointer at an absent nick or at the bot", () => {
    const pointed = ircLinesFor(msg("#xen"), outcome([{ lines: lines(1), delivery: "private" }], "bob"), ctx());
    assert.deepEqual(
      pointed.map((l) => `${l.target} ${l.text}`),
      ["#xen bob: sent you the answer privately (1 line).", "bob (my answer to !x in #xen, which alice pointed at you)", "bob l1"],
    );
    for (const who of ["carol", "XENBOT", "bad nick", "a\r\nQUIT"]) {
      const out = ircLinesFor(msg("#xen"), outcome([{ lines: lines(1) }], who), ctx());
      assert.deepEqual(out, [{ command: "PRIVMSG", target: "#xen", text: "alice: l1", address: "alice: " }], who);
    }
  });

  it("sends notices (the rate-limit warning) as NOTICE to the asker, in a channel or not", () => {
    const r: Reply = { lines: [[text("slow down")]], delivery: "notice" };
    assert.deepEqual(ircLinesFor(msg("#xen"), outcome([r]), ctx()), [{ command: "NOTICE", target: "alice", text: "slow down" }]);
  });

  it("counts split pieces as lines for the cap, and keeps every piece within the budget", () => {
    const long = "word ".repeat(90).trim(); // 449 bytes: 5 pieces of ≤ 100
    const out = ircLinesFor(msg("#xen"), outcome([{ lines: [[text(long)]] }]), ctx({ budget: () => 107 }));
    const inChannel = out.filter((l) => l.target === "#xen");
    assert.equal(inChannel.length, 3);
    assert.match(inChannel[2]!.text, /^alice: … \d more lines sent to you privately\.$/);
    for (const l of out) assert.ok(Buffer.byteLength(l.text) <= 107, l.text);
    const privately = out.filter((l) => l.target === "alice");
    assert.equal(privately[0]!.text, "(the rest of my answer to !x in #xen)");
    const rebuilt = [...inChannel.slice(0, 2).map((l) => l.text.slice(7)), ...privately.slice(1).map((l) => l.text)].join(" ");
    assert.equal(rebuilt, long);
  });

  it("sends nothing for an empty answer", () => {
    assert.deepEqual(ircLinesFor(msg("#xen"), outcome([]), ctx()), []);
    assert.deepEqual(ircLinesFor(msg("#xen"), outcome([{ lines: [[text("")]] }]), ctx()), []);
  });
});

describe("IRC client options and nicks", () => {
  const base = IrcConfigSchema.parse({ host: "irc.example.org", nick: "xenbot", alt_nicks: ["xenbot_", "xen-bot"] });

  it("turns irc-framework's reconnect off, verifies TLS, and never offers SASL unless configured", () => {
    const o = ircClientOptions(base, DEFAULT_IRC_TIMINGS);
    assert.equal(o.auto_reconnect, false);
    assert.equal(o.tls, true);
    assert.equal(o.rejectUnauthorized, true);
    assert.deepEqual(o.account, {});
    assert.equal(o.password, undefined);
    assert.equal(o.version, "");
    const sasl = ircClientOptions({ ...base, sasl: { account: "xenbot", password: "pw" } }, DEFAULT_IRC_TIMINGS);
    assert.deepEqual(sasl.account, { account: "xenbot", password: "pw" });
  });

  it("tries the nick, the alt nicks, then the nick with a number", () => {
    assert.deepEqual([0, 1, 2, 3, 4, 12].map((i) => nickCandidate(base, i)), ["xenbot", "xenbot_", "xen-bot", "xenbot1", "xenbot2", "xenbot10"]);
    assert.equal(nickCandidate({ nick: "abcdefghi", alt_nicks: [] }, 1), "abcdefgh1", "stays within 9 characters");
  });
});
