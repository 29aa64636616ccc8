// Property-based fuzzing of the parser and dispatcher with generated hostile messages: no
// exception escapes, no crash answer, and every answer stays clean and bounded.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { parseLine } from "../../src/core/parse.js";
import { plainLine } from "../../src/core/rich-text.js";
import { message, testBot } from "../support/bot.js";
import { invisibleIn } from "../support/invisible.js";
import { record, tally } from "./support/summary.js";

const RUNS = Number(process.env.XENBOT_FUZZ_RUNS ?? 100_000);

const nasty = fc.constantFrom(
  "\r", "\n", "\r\n", "\0", "\x01ACTION\x01", "\x02", "\x03", "\x0304,12", "\x0f", "\x16", "\x1d", "\x1f", "\x7f", "\u2028", "\ufeff", "\u202e",
  "<script>alert(1)</script>", "<b>", "&amp;", "\"'><img src=x onerror=1>", ".*", "^", "$", "(", ")", "[", "]", "{", "}", "|", "\\", "'", "=", "!", "~",
  " PRIVMSG #xen-devel :pwned\r\nQUIT :x", "@bob:server", " > ", " | ", "😀", "𝕏", "e\u0301", "ǅ", "\ud800",
  // Invisible characters, in and between command words: bidi controls, zero-width ones, tags, and emoji that need their ZWJ.
  "\u202a", "\u2066", "\u2069", "\u200e", "\u200f", "\u061c", "\u200b", "\u200c", "\u200d", "\u2060", "\u00ad", "\u{e0041}", "👩‍💻", "🏴󠁧󠁢󠁳󠁣󠁴󠁿",
);
const commandWord = fc.constantFrom("project", "projects", "suggest", "contact", "start", "newcomer", "help", "about", "skills", "categories", "porject", "sugest", "reload", "set", "verify", "x", "", "pro\u200bject", "\u202eproject", "sug\u00adgest");
const prefix = fc.constantFrom("!", "xenbot: ", "XENBOT, ", "", " !", "!!");
const chunk = fc.oneof(fc.string({ unit: "binary", maxLength: 30 }), nasty, fc.constantFrom("9p", "easy", "ocaml", "cooper", "kdd", "full", "gsoc", "2", "hard c"));
const body = fc.array(chunk, { maxLength: 12 }).map((parts) => parts.join(" "));
const huge = fc.constantFrom(64 * 1024, 10 * 1024, 513).chain((n) => fc.constant("!project " + "é9p<".repeat(Math.ceil(n / 4)).slice(0, n)));
const line = fc.oneof({ weight: 20, arbitrary: fc.tuple(prefix, commandWord, body).map(([p, c, b]) => `${p}${c} ${b}`) }, { weight: 1, arbitrary: huge });

describe("fuzzing the core", () => {
  it(`survives ${RUNS} hostile messages with clean, bounded answers`, { timeout: 20 * 60_000 }, async () => {
    const bot = await testBot();
    let tried = 0;
    let answered = 0;
    await fc.assert(
      fc.asyncProperty(line, fc.boolean(), fc.nat(50), async (text, isPrivate, user) => {
        tried++;
        parseLine(text, { prefix: "!", botName: "xenbot", isPrivate });
        const outcome = await bot.handle(message(text, { private: isPrivate, nick: `u${user}`, account: user % 3 ? null : `acct${user}` }));
        assert.notEqual(outcome.status, "error", `crash on ${JSON.stringify(text.slice(0, 200))}`);
        if (outcome.replies.length) answered++;
        assert.ok(outcome.replies.length <= 3);
        for (const reply of outcome.replies) {
          assert.ok(reply.lines.length <= 40, "bounded number of lines");
          for (const l of reply.lines) {
            const plain = plainLine(l);
            assert.doesNotMatch(plain, /[\r\n\0]/, `control character in ${JSON.stringify(plain.slice(0, 200))}`);
            // What users typed is echoed cleaned: no bidi control or invisible character comes back.
            assert.equal(invisibleIn(plain), null, `an invisible character in ${JSON.stringify(plain.slice(0, 200))}`);
            assert.ok(plain.length <= 2_000, `line of ${plain.length} characters`);
          }
        }
      }),
      { numRuns: RUNS },
    );
    record("hostile messages through the core", `${tried} tried, ${answered} answered, 0 crashes, 0 bidi or invisible characters echoed`);
    tally("inputs tried", tried);
  });
});
