import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { readSentence } from "../../../../src/core/understand/words.js";

const norms = (line: string) => readSentence(line).words.map((w) => w.norm);

describe("readSentence", () => {
  it("folds words for matching and keeps what was typed", () => {
    const s = readSentence("Who is Roger Pau Monné?");
    assert.deepEqual(s.words.map((w) => w.norm), ["who", "is", "roger", "pau", "monne"]);
    assert.deepEqual(s.words.map((w) => w.typed).slice(2), ["Roger", "Pau", "Monné"]);
    assert.equal(s.question, true);
  });

  it("opens contractions and drops possessives", () => {
    assert.deepEqual(norms("I'm new, what's this?"), ["i", "am", "new", "what", "is", "this"]);
    assert.deepEqual(norms("I don’t know, can't say"), ["i", "do", "not", "know", "can", "not", "say"]);
    assert.deepEqual(norms("Paul Durrant's email"), ["paul", "durrant", "email"]);
  });

  it("keeps a file path one word, and marks it", () => {
    const s = readSentence("cc on xen/common/kexec.c, please");
    const path = s.words.find((w) => w.path);
    assert.equal(path?.typed, "xen/common/kexec.c");
    assert.equal(s.words.filter((w) => w.path).length, 1);
    assert.equal(readSentence("the cpu/ram/pci tool").words.some((w) => w.path), false);
  });

  it("reads markup as text and survives control characters", () => {
    assert.deepEqual(norms("<b>who</b> is <i>wei</i>"), ["who", "is", "wei"]);
    assert.deepEqual(norms("kdd\x00\r\nQUIT"), ["kdd", "quit"]);
    assert.deepEqual(norms("?!... ,,"), []);
  });
});
