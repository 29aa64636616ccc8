import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { bold, code, italic, link, text } from "../../../../src/core/rich-text.js";
import { renderIrcLine, safeTarget, sanitizeIrcText, sanitizeUrl } from "../../../../src/transports/irc/render.js";
import { relayPrefixBytes, splitIrcText, textBudget, utf8Length } from "../../../../src/transports/irc/split.js";

const strict = new TextDecoder("utf-8", { fatal: true });
const validUtf8 = (s: string): boolean => {
  try {
    strict.decode(Buffer.from(s, "utf8"));
    return !/[\ud800-\udfff]/.test(s.replace(/[\ud800-\udbff][\udc00-\udfff]/g, ""));
  } catch {
    return false;
  }
};
const stripCodes = (s: string): string => s.replace(/[\x02\x0f\x1d\x1f]/g, "");

/**
 * Checks that `pieces` are `original` cut into consecutive parts, where each cut either drops
 * exactly one space or drops nothing (formatting codes ignored).
 */
function reassembles(original: string, pieces: string[]): boolean {
  const orig = stripCodes(original);
  const parts = pieces.map(stripCodes);
  const go = (pos: number, i: number): boolean => {
    if (i === parts.length) return orig.slice(pos).trim() === "";
    const p = parts[i]!;
    const at = (q: number): boolean => orig.startsWith(p, q) && go(q + p.length, i + 1);
    if (i > 0 && orig[pos] === " " && at(pos + 1)) return true;
    if (at(pos)) return true;
    // leading spaces of the text may be dropped at a cut
    let q = pos;
    while (orig[q] === " ") q++;
    return q !== pos && at(q);
  };
  return go(0, 0);
}

describe("IRC sanitiser", () => {
  it("turns CR, LF, tabs and Unicode line breaks into spaces and drops NUL and other controls", () => {
    assert.equal(sanitizeIrcText("a\r\nQUIT :x\rb\nc\td\u2028e\u0085f"), "a  QUIT :x b c d e f");
    assert.equal(sanitizeIrcText("nul\0here\x01\x07\x1b[2J\x7f\x9b"), "nulhere[2J");
  });

  it("removes formatting codes that came with the text (only the renderer adds codes)", () => {
    assert.equal(sanitizeIrcText("\x02bold\x02 \x0304,05red\x03 \x1ditalic\x1d \x0freset"), "bold red italic reset");
  });

  it("replaces lone surrogates so every string has a UTF-8 encoding", () => {
    assert.equal(sanitizeIrcText("a\ud800b\udc00c😀"), "a\ufffdb\ufffdc😀");
  });

  it("keeps URLs in one token and refuses unusable targets", () => {
    assert.equal(sanitizeUrl("https://example.org/a b\r\nQUIT"), "https://example.org/abQUIT");
    assert.equal(safeTarget("#xen-devel"), "#xen-devel");
    assert.equal(safeTarget("alice"), "alice");
    for (const bad of ["", "a b", "a,b", ":x", "a\r\nQUIT", "a\0", "x\x01"]) assert.equal(safeTarget(bad), null, JSON.stringify(bad));
  });

  it("never lets a CR, LF or NUL through, whatever the input", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (s) => {
        const out = sanitizeIrcText(s);
        return !/[\x00-\x1f\x7f-\x9f\u2028\u2029]/.test(out) && validUtf8(out);
      }),
      { numRuns: 500 },
    );
  });
});

describe("IRC rendering", () => {
  it("renders bold and italic with IRC codes when formatting is allowed, links as label <url>", () => {
    const line = [bold("Title"), text(" – "), italic("note"), text(" "), code("!help"), text(" "), link("https://xenproject.org", "site"), text(" "), link("https://x.org")];
    assert.equal(renderIrcLine(line, { formatting: true }), "\x02Title\x02 – \x1dnote\x1d !help site <https://xenproject.org> https://x.org");
    assert.equal(renderIrcLine(line, { formatting: false }), "Title – note !help site <https://xenproject.org> https://x.org");
  });

  it("styles only the label of a bold link and sanitises every part", () => {
    const line = [{ text: "la\r\nbel", style: "bold" as const, href: "https://e.org/\nQUIT" }];
    assert.equal(renderIrcLine(line, { formatting: true }), "\x02la  bel\x02 <https://e.org/QUIT>");
  });

  it("does not emit empty formatting pairs", () => {
    assert.equal(renderIrcLine([bold(""), bold("\r\n"), text("x")], { formatting: true }), "  x");
  });
});

describe("IRC line splitter", () => {
  it("leaves short text alone and drops empty text", () => {
    assert.deepEqual(splitIrcText("hello world", 100), ["hello world"]);
    assert.deepEqual(splitIrcText("", 100), []);
    assert.deepEqual(splitIrcText("\x02\x02", 100), []);
  });

  it("breaks at the last space that fits and drops that space", () => {
    assert.deepEqual(splitIrcText("aaa bbb ccc ddd", 8), ["aaa bbb", "ccc ddd"]);
    assert.deepEqual(splitIrcText("aaaa bbbb", 4), ["aaaa", "bbbb"]);
  });

  it("breaks a word longer than the budget between characters", () => {
    assert.deepEqual(splitIrcText("abcdefghij", 8), ["abcdefgh", "ij"]);
  });

  it("never cuts a multi-byte character, a 4-byte emoji or a ZWJ sequence", () => {
    const emoji = "😀".repeat(10); // 40 bytes
    const pieces = splitIrcText(emoji, 10);
    assert.deepEqual(pieces, ["😀😀", "😀😀", "😀😀", "😀😀", "😀😀"]);
    const family = "👩‍💻".repeat(6); // 11 bytes each
    const p2 = splitIrcText(family, 24);
    assert.ok(p2.every((p) => p === "👩‍💻👩‍💻"), JSON.stringify(p2));
    assert.deepEqual(splitIrcText("ééééééééé", 9), ["éééé", "éééé", "é"]); // 9 bytes: 4 two-byte letters, never 4.5
  });

  it("splits a grapheme cluster bigger than a whole piece at code points, still valid UTF-8", () => {
    const zalgo = "a" + "\u0301".repeat(40); // one grapheme, 81 bytes
    const pieces = splitIrcText(zalgo, 16);
    assert.ok(pieces.every((p) => utf8Length(p) <= 16 && validUtf8(p)));
    assert.equal(pieces.join(""), zalgo);
  });

  it("reopens bold and italic on the next piece", () => {
    const pieces = splitIrcText("\x02aaaa bbbb\x02 \x1dcccc dddd\x1d", 10);
    assert.deepEqual(pieces, ["\x02aaaa", "\x02bbbb\x02", "\x1dcccc", "\x1ddddd\x1d"]);
  });

  it("property: every piece fits, is valid UTF-8, is visible, and the pieces reassemble", () => {
    const word = fc.oneof(
      fc.string({ unit: "grapheme", minLength: 1, maxLength: 12 }),
      fc.constantFrom("😀", "👩‍💻", "日本語", "Ελληνικά", "naïve", "\x02bold\x02", "\x1dit\x1d", "x".repeat(40)),
    );
    fc.assert(
      fc.property(fc.array(word, { minLength: 0, maxLength: 60 }), fc.integer({ min: 8, max: 120 }), (words, budget) => {
        const input = sanitizeForTest(words.join(" "));
        const pieces = splitIrcText(input, budget);
        for (const p of pieces) {
          if (utf8Length(p) > budget) return false;
          if (!validUtf8(p)) return false;
          if (stripCodes(p).length === 0) return false;
        }
        return reassembles(input, pieces);
      }),
      { numRuns: 400 },
    );
  });
});

function sanitizeForTest(s: string): string {
  // Keep only the codes the renderer emits, as the splitter only ever sees rendered text.
  return s.replace(/[\x00-\x01\x03-\x1c\x1e\x7f-\x9f\u2028\u2029]/g, "").replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "");
}

describe("IRC byte budget", () => {
  it("counts the relay prefix the server adds, conservatively until the host is known", () => {
    const unknown = relayPrefixBytes({ nick: "xenbot", user: null, host: null });
    assert.equal(unknown, 1 + 6 + 1 + 11 + 1 + 63 + 1);
    const known = relayPrefixBytes({ nick: "xenbot", user: "~xenbot", host: "127.0.0.1" });
    assert.equal(known, ":xenbot!~xenbot@127.0.0.1 ".length);
    // 512 - CRLF - ":xenbot!~xenbot@127.0.0.1 " - "PRIVMSG #xen-devel :"
    assert.equal(textBudget("PRIVMSG", "#xen-devel", { nick: "xenbot", user: "~xenbot", host: "127.0.0.1" }), 510 - 26 - 20);
    assert.ok(textBudget("PRIVMSG", "#xen-devel", { nick: "xenbot", user: null, host: null }) < 510 - 26 - 20);
  });
});
