// The one table of characters cleaned from text, applied by every cleaner: bidi controls,
// zero-width and other invisible characters go, in what users type and in what the bot writes
// on each wire; emoji joined with ZWJ, and flags made of tags, stay whole.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { cleanLine, controlsToSpaces, removeInvisible, terminalText, terminalUrl, wireText } from "../../../src/core/hygiene.js";
import { parseLine } from "../../../src/core/parse.js";
import { plainText } from "../../../src/core/rich-text.js";
import { sanitizeIrcText } from "../../../src/transports/irc/render.js";
import { renderNotice } from "../../../src/transports/matrix/render.js";
import { renderLine } from "../../../src/transports/console/render.js";
import { ask, testBot } from "../../support/bot.js";
import { invisibleIn } from "../../support/invisible.js";

const BIDI = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\u200e", "\u200f", "\u061c"];
const ZERO_WIDTH = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u180e", "\u2061", "\u206a", "\u3164", "\ufff9", "\u{e0041}"];
/** Emoji that need their ZWJ (woman technologist, rainbow flag, man technologist with a skin tone, pirate flag) or tags (Scotland). */
const EMOJI = ["👩‍💻", "🏳️‍🌈", "👨🏽‍💻", "🏴‍☠️", "🏴󠁧󠁢󠁳󠁣󠁴󠁿", "🧑‍🤝‍🧑"];
const CLEANERS = { cleanLine, controlsToSpaces, wireText, terminalText, terminalUrl, sanitizeIrcText } as const;

describe("text hygiene", () => {
  for (const [name, clean] of Object.entries(CLEANERS)) {
    it(`${name} removes every bidi control and invisible character, and keeps emoji whole`, () => {
      for (const c of [...BIDI, ...ZERO_WIDTH]) assert.equal(clean(`a${c}b`), "ab", `${name} kept U+${c.codePointAt(0)!.toString(16)}`);
      for (const e of EMOJI) assert.equal(clean(`x${e}y`), `x${e}y`, `${name} broke ${e}`);
    });
  }

  it("leaves no invisible character, whichever code point comes between two letters", () => {
    for (let cp = 0; cp < 0x110000; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      const c = String.fromCodePoint(cp);
      for (const clean of [wireText, controlsToSpaces]) {
        const left = invisibleIn(clean(`a${c}b`));
        if (left) assert.fail(`${clean.name} left ${left}`);
      }
    }
  });

  it("keeps a ZWJ only between two pictographs", () => {
    assert.equal(removeInvisible("a\u200d💻"), "a💻");
    assert.equal(removeInvisible("👩\u200d"), "👩");
    assert.equal(removeInvisible("👩\u200d\u200d💻"), "👩💻", "two joiners in a row are no emoji");
    assert.equal(removeInvisible("\u200d"), "");
  });

  it("keeps tags only in a flag's tag sequence", () => {
    assert.equal(removeInvisible("ignore\u{e0069}\u{e0067}\u{e006e}"), "ignore");
    assert.equal(removeInvisible("🏴\u{e0067}\u{e0062}\u{e007f}"), "🏴\u{e0067}\u{e0062}\u{e007f}");
  });

  it("reads a command with a zero-width space or a bidi control in it as the command", () => {
    const opts = { prefix: "!", botName: "xenbot", isPrivate: false };
    assert.equal(parseLine("!pro\u200bject kdd", opts)?.name, "project");
    assert.equal(parseLine("!\u202eproject kdd", opts)?.name, "project");
    assert.equal(parseLine("!project \u202eevil\u2066 name", opts)?.args, "evil name");
    assert.equal(parseLine("\u200b\u202e", { ...opts, isPrivate: true }), null, "a line of nothing visible is no line");
  });

  it("answers `!pro\\u200bject kdd` with the card, and echoes `!project \\u202eevil name` without the override", async () => {
    const bot = await testBot();
    const card = await ask(bot, "!pro\u200bject kdd");
    assert.equal(card.status, "ok");
    assert.match(card.text, /^KDD/);
    const evil = await ask(bot, "!project \u202eevil name");
    assert.equal(evil.status, "ok");
    assert.match(evil.text, /"evil name"/);
    assert.doesNotMatch(evil.text, /[\u202a-\u202e\u2066-\u2069\u200b]/);
  });

  it("each transport's renderer drops a bidi control from store text", () => {
    const line = [{ text: "title \u202eevil\u2069 \u200bname" }];
    assert.equal(sanitizeIrcText(line[0]!.text), "title evil name");
    const notice = renderNotice([line]);
    assert.equal(notice.body, "title evil name");
    assert.equal(notice.formatted_body, "title evil name");
    assert.equal(renderLine(line, { color: false }), "title evil name");
    assert.equal(plainText({ lines: [line] }), "title \u202eevil\u2069 \u200bname", "the neutral text is the store's; renderers clean it");
  });
});
