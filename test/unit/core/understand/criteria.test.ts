import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { readCriteria } from "../../../../src/core/understand/criteria.js";

const TAGS = ["C", "OCaml", "functional programming", "Linux kernel", "Linux", "file systems", "kernel debuggers", "QEMU"];
const read = (line: string) => readCriteria(line.toLowerCase().split(" "), TAGS);

describe("readCriteria", () => {
  it("reads levels, skills and GSoC, and never politeness or filler", () => {
    const c = read("something not too hard in C for gsoc please");
    assert.deepEqual(c.levels, ["easy", "medium"]);
    assert.deepEqual(c.skills.map((s) => s.tags), [["C"]]);
    assert.equal(c.gsoc, true);
    assert.deepEqual(c.roles, ["filler", "level", "level", "level", "filler", "skill", "filler", "gsoc", "filler"]);
  });

  it("reads two-word skills first", () => {
    assert.deepEqual(read("ocaml and functional programming").skills.map((s) => s.asked), ["ocaml", "functional programming"]);
    assert.deepEqual(read("linux kernel").skills.map((s) => s.tags), [["Linux kernel"]]);
  });

  it("takes linux for both Linux and the Linux kernel, and looks for it in the text too", () => {
    const [linux] = read("linux").skills;
    assert.deepEqual(linux?.tags.sort(), ["Linux", "Linux kernel"]);
    assert.deepEqual(linux?.mentions, ["linux"]);
  });

  it("turns a skill no project carries into words to look for in the text", () => {
    const [net] = read("networking").skills;
    assert.deepEqual(net?.tags, []);
    assert.ok(net?.mentions.includes("network"));
    const [storage] = read("storage").skills;
    assert.deepEqual(storage?.tags, ["file systems"]);
    assert.ok(storage?.mentions.includes("block"));
    assert.ok(read("security").skills[0]?.mentions.includes("fuzz"));
  });

  it("leaves names and unknown words unread", () => {
    const c = read("kdd cobol");
    assert.deepEqual(c.roles, [null, null]);
    assert.deepEqual(c.skills, []);
  });

  it("does not take general words of a tag for the tag", () => {
    assert.deepEqual(read("programming").skills, []);
    assert.deepEqual(read("kernel").skills[0]?.tags.sort(), ["Linux kernel", "kernel debuggers"]);
  });
});
