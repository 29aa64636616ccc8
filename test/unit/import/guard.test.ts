// Imports that refuse harm: a cut-off page, a block pasted twice, a block missing its fields, or
// a page that removes most projects fails naming the line, and writes nothing unless forced. The
// guard's checks are generic (counts, keys, lines), for the MAINTAINERS importer too.
import assert from "node:assert/strict";
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, describe, it } from "node:test";
import { duplicateKeys, ImportRefused, missingRequired, refuseUnlessForced, tooManyRemoved } from "../../../src/import/guard.js";
import { runImport } from "../../../src/import/run-import.js";

const PAGE = fileURLToPath(new URL("../../../data/sources/xen-development-projects.txt", import.meta.url));
let dir: string;
let page: string;
let out: string;
let storeBytes: Buffer;

before(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "xenbot-guard-"));
  page = await fs.readFile(PAGE, "utf8");
  out = path.join(dir, "projects.json");
  await runImport({ input: PAGE, format: "text", out, dryRun: false });
  storeBytes = await fs.readFile(out);
});
after(() => fs.rm(dir, { recursive: true, force: true }));

/** The page cut right after `marker` (its first occurrence after `from`). */
function cutAfter(marker: string, from = 0): string {
  const at = page.indexOf(marker, from);
  assert.ok(at >= 0, marker);
  return page.slice(0, at + marker.length);
}

async function input(name: string, text: string): Promise<string> {
  const file = path.join(dir, name);
  await fs.writeFile(file, text);
  return file;
}

async function refused(file: string): Promise<ImportRefused> {
  let caught: unknown;
  await runImport({ input: file, format: "auto", out, dryRun: false }).catch((err: unknown) => (caught = err));
  assert.ok(caught instanceof ImportRefused, `refused, got ${String(caught)}`);
  assert.deepEqual(await fs.readFile(out), storeBytes, "the store is left as it was");
  return caught;
}

describe("the import guard on the wiki page", () => {
  it("refuses a page cut in the middle of the third project's Skills Needed line, naming the lines", async () => {
    const file = await input("cut.txt", cutAfter("Skills Needed: Unk"));
    const err = await refused(file);
    const lines = err.problems.map((p) => p.line);
    assert.ok(lines.includes(62), `the cut field's line: ${err.message}`);
    assert.ok(lines.includes(55), `the cut project's title line: ${err.message}`);
    assert.match(err.message, /ends in the middle of "Skills Needed" of project "OVMF Compatibility Support Module support in Xen" \("…Skills Needed: Unk"|\("…Unk"\)/);
    assert.match(err.message, /would remove 16 of the 19 projects/);
    assert.match(err.message, /nothing was written/);
    assert.match(err.message, /--force/);
    assert.ok(err.message.includes(`${file}:62: `), err.message);
  });

  it("refuses a page cut inside the last field of its last project, from what the store holds", async () => {
    // Cut within DRBD's "Outcomes", past the end of its Description, with the projects all there.
    const at = page.indexOf("Outcomes: Not specified, project outcomes", page.indexOf("DRBD Integration"));
    const file = await input("cut-last.txt", page.slice(0, at + "Outcomes: Not specified, proj".length));
    const err = await refused(file);
    assert.equal(err.problems.length, 1, err.message);
    assert.match(err.message, /ends in the middle of "Outcomes" of project "DRBD Integration".*the store has it longer/);
  });

  it("refuses a project block pasted twice, naming both lines", async () => {
    const start = page.indexOf("Enabling the 9P File System transport");
    const end = page.indexOf("OVMF Compatibility Support Module support in Xen");
    const file = await input("twice.txt", page.slice(0, end) + page.slice(start, end) + page.slice(end));
    const err = await refused(file);
    assert.equal(err.problems.length, 1, err.message);
    assert.match(err.message, /project "Enabling the 9P File System transport as a paravirt device" appears twice: the first is above \(line 41\)/);
    assert.equal(err.problems[0]!.line, 55);
  });

  it("refuses a block missing its required fields", async () => {
    // The 9P block loses its Difficulty and Skills labels (the text left reads as the IRC line's continuation).
    const half = await refused(await input("half.txt", page.replace("Difficulty: Unknown\nSkills Needed: Required skills include", "Required skills include")));
    assert.match(half.message, /:41: project "Enabling the 9P File System transport as a paravirt device" has no "Difficulty", "Skills Needed"/);
    const bare = await input("bare.txt", page.replace(/(Enabling the 9P File System transport as a paravirt device\n\n)Date[\s\S]*?(\n\n\nOVMF)/, "$1Date of insert: 01/20/2014; Verified: Not updated in 2020; GSoC: Yes$2"));
    const err = await refused(bare);
    assert.match(err.message, /:41: project "Enabling the 9P File System transport as a paravirt device" has no "Technical contact", "Difficulty", "Skills Needed", "Description"/);
  });

  it("refuses removing more than a quarter of the projects, allows a quarter", async () => {
    const titles = ["DRBD Integration", "Fuzz testing Xen with Mirage", "Towards a multi-language unikernel substrate for Xen", "From simulation to emulation to production: self-scaling apps", "Create a tiny VM for easy load testing"];
    const without = (n: number) => {
      let text = page;
      for (const t of titles.slice(0, n)) {
        const start = text.indexOf(`\n${t}`);
        assert.ok(start >= 0, t);
        const next = text.indexOf("Outcomes:", start);
        text = text.slice(0, start) + text.slice(text.indexOf("\n\n", next));
      }
      return text;
    };
    const five = await input("minus5.txt", without(5));
    const err = await refused(five);
    assert.match(err.message, /would remove 5 of the 19 projects the previous import had \(more than 25%\)/);
    const four = await runImport({ input: await input("minus4.txt", without(4)), format: "auto", out, dryRun: true });
    assert.equal(four.diff.removed.length, 4);
  });

  it("imports anyway with --force, saying what it forced past", async () => {
    const file = await input("cut-forced.txt", cutAfter("Skills Needed: Unk"));
    const forcedOut = path.join(dir, "forced.json");
    await fs.copyFile(out, forcedOut);
    const result = await runImport({ input: file, format: "auto", out: forcedOut, dryRun: false, force: true });
    assert.equal(result.wrote, true);
    assert.equal(result.store.projects.length, 3);
    assert.match(result.summary, /line 62: forced past: the page ends in the middle of "Skills Needed"/);
    assert.match(result.summary, /forced past: it would remove 16 of the 19 projects/);
  });
});

describe("the guard's checks, over keys and counts alone (for any importer)", () => {
  it("duplicateKeys names each repeat at its line", () => {
    const problems = duplicateKeys(
      [
        { key: "XEN HYPERVISOR INTERFACE", line: 10 },
        { key: "ARM", line: 20 },
        { key: "xen  hypervisor interface", line: 30 },
      ],
      "section",
    );
    assert.deepEqual(problems, [{ line: 30, fault: 'section "xen  hypervisor interface" appears twice: the first is above (line 10); was a block pasted twice?' }]);
  });

  it("tooManyRemoved: more than a quarter, never on a first import", () => {
    assert.equal(tooManyRemoved(0, [], "sections"), null);
    assert.equal(tooManyRemoved(8, ["a", "b"], "sections"), null);
    assert.match(tooManyRemoved(8, ["a", "b", "c"], "sections")!.fault, /remove 3 of the 8 sections/);
  });

  it("missingRequired lists what a record lacks", () => {
    const problems = missingRequired([{ key: "ARM", line: 5, has: ["M"] }], ["M", "F"], (r, what) => r.has.includes(what), "section");
    assert.deepEqual(problems, [{ line: 5, fault: 'section "ARM" has no "F": is the source cut off here, or the block incomplete?' }]);
  });

  it("refuseUnlessForced throws with every line, or returns warnings when forced", () => {
    const problems = [{ line: 7, fault: "x" }, { line: null, fault: "y" }];
    assert.throws(() => refuseUnlessForced("MAINTAINERS", problems, { force: false, wouldChange: "" }), (err: unknown) => err instanceof ImportRefused && /MAINTAINERS:7: x/.test(err.message) && /MAINTAINERS: y/.test(err.message));
    assert.deepEqual(refuseUnlessForced("MAINTAINERS", problems, { force: true, wouldChange: "" }), ["forced past: y", "line 7: forced past: x"]);
    assert.deepEqual(refuseUnlessForced("MAINTAINERS", [], { force: false, wouldChange: "" }), []);
  });
});
