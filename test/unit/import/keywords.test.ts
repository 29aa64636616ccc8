import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { deriveKeywords, spells } from "../../../src/import/keywords.js";

describe("spells", () => {
  it("matches an acronym to word prefixes in order", () => {
    assert.equal(spells(["Non-Uniform", "Memory", "Access"], "NUMA"), true);
    assert.equal(spells(["Trascendent", "memory"], "Tmem"), true);
    assert.equal(spells(["Last", "Level", "Cache"], "LLC"), true);
    assert.equal(spells(["Level", "Cache"], "LLC"), false);
    assert.equal(spells(["Department", "of", "Defense"], "DoD"), true);
    assert.equal(spells(["Memory"], "M"), false);
  });
});

describe("deriveKeywords", () => {
  it("takes expansions written after and before an acronym", () => {
    assert.deepEqual(deriveKeywords("Integrating NUMA and Tmem", ["NUMA (Non-Uniform Memory Access) systems … Trascendent memory (Tmem) can be seen"]), [
      "Non-Uniform Memory Access",
      "Trascendent memory",
    ]);
  });
  it("takes 'also known as' names", () => {
    assert.deepEqual(deriveKeywords("QuickPath", ["The Intel QuickPath, also known as Direct Cache Access, is the chipset"]), ["Direct Cache Access"]);
  });
  it("takes a capitalised run whose initials the text uses as an acronym", () => {
    assert.deepEqual(deriveKeywords("OVMF Compatibility Support Module support in Xen", ["• figure out how CSM works"]), ["Compatibility Support Module"]);
  });
  it("takes an aside in the title", () => {
    assert.deepEqual(deriveKeywords("KDD (Windows Debugger Stub) enhancements", []), ["Windows Debugger Stub"]);
  });
  it("takes an acronym spelled out inside a longer aside", () => {
    assert.deepEqual(deriveKeywords("Rewrite the OSSTest summariser", ["OSSTest (the Open Source Software Testing framework) writes logs"]), ["Open Source Software Testing"]);
  });
  it("adds nothing for ordinary parentheses", () => {
    assert.deepEqual(deriveKeywords("Tiny VM", ["small memory footprint (16 MiB or less)", "Windows 8 (x86, x64)", "a backtrace (NB it's not required)"]), []);
  });
});
