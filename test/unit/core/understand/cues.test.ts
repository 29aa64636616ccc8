import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { compileCues, findCues } from "../../../../src/core/understand/cues.js";

const cues = [
  ...compileCues("contact", [{ phrase: "who", weight: 2 }, { phrase: "mentor*", weight: 3 }]),
  ...compileCues("suggest", [{ phrase: "who? know|knows", weight: 2 }]),
  ...compileCues("project", [{ phrase: "tell me more? about", weight: 3 }]),
];
const found = (line: string) => findCues(cues, line.split(" ")).map((h) => `${h.intent}@${h.start}+${h.length}`);

describe("cue phrases", () => {
  it("reads choices, word starts and optional words", () => {
    assert.deepEqual(found("who mentors kdd"), ["contact@0+1", "contact@1+1"]);
    assert.deepEqual(found("tell me about kdd"), ["project@0+3"]);
    assert.deepEqual(found("tell me more about kdd"), ["project@0+4"]);
    assert.deepEqual(found("i know c"), ["suggest@1+1"]);
  });

  it("takes the longest phrase at a place, so its words are not read twice", () => {
    assert.deepEqual(found("someone who knows linux"), ["suggest@1+2"]);
  });

  it("finds nothing in words it does not list", () => {
    assert.deepEqual(found("tell us"), []);
    assert.deepEqual(found(""), []);
  });
});
