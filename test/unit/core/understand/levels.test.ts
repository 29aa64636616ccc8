import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { readLevel } from "../../../../src/core/understand/levels.js";

const level = (phrase: string) => readLevel(phrase.split(" "), 0);

describe("readLevel", () => {
  it("reads level words and their synonyms", () => {
    assert.deepEqual(level("beginner"), { levels: ["easy"], length: 1 });
    assert.deepEqual(level("easiest"), { levels: ["easy"], length: 1 });
    assert.deepEqual(level("intermediate"), { levels: ["medium"], length: 1 });
    assert.deepEqual(level("challenging"), { levels: ["hard"], length: 1 });
  });

  it("reads phrases before their words: not too hard is easy to medium", () => {
    assert.deepEqual(level("not too hard"), { levels: ["easy", "medium"], length: 3 });
    assert.deepEqual(level("not very difficult"), { levels: ["easy", "medium"], length: 3 });
    assert.deepEqual(level("not too easy"), { levels: ["medium", "hard"], length: 3 });
    assert.deepEqual(level("entry level"), { levels: ["easy"], length: 2 });
  });

  it("forgives one slip in a long word only", () => {
    assert.deepEqual(level("beginer")?.levels, ["easy"]);
    assert.deepEqual(level("intermidiate")?.levels, ["medium"]);
    assert.equal(level("card"), null, "short words are not guessed");
    assert.equal(level("kdd"), null);
  });

  it("reads no level from the names of Object's own properties", () => {
    for (const word of ["constructor", "__proto__", "tostring", "hasownproperty", "valueof"]) assert.equal(level(word), null, word);
  });
});
