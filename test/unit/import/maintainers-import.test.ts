// runMaintainersImport end to end, in temp directories: first import, a re-import that changes
// nothing (not a byte), the summary of who changed, a malformed, truncated or shrunken file
// refused with nothing written, and the commit and date always known.
import assert from "node:assert/strict";
import { promises as fs } from "node:fs";
import path from "node:path";
import { before, describe, it } from "node:test";
import { ImportError } from "../../../src/import/errors.js";
import { runMaintainersImport, type MaintainersImportOptions } from "../../../src/import/run-maintainers-import.js";
import { MaintainersFileError, readMaintainersFile } from "../../../src/maintainers/maintainers-file.js";
import { REPO_ROOT } from "../../support/bot.js";
import { tempDir } from "../../support/store-fixture.js";

const SOURCE = path.join(REPO_ROOT, "data/sources/xen-MAINTAINERS");
const TREE = path.join(REPO_ROOT, "data/sources/xen-tree-files.txt");
const PROVENANCE = path.join(REPO_ROOT, "data/sources/provenance.json");

let text: string;
before(async () => {
  text = await fs.readFile(SOURCE, "utf8");
});

function options(out: string, extra: Partial<MaintainersImportOptions> = {}): MaintainersImportOptions {
  return { input: SOURCE, tree: TREE, out, dryRun: false, force: false, provenance: PROVENANCE, now: new Date("2026-09-01T00:00:00Z"), ...extra };
}

async function exists(file: string): Promise<boolean> {
  return fs.stat(file).then(
    () => true,
    () => false,
  );
}

async function importError(run: Promise<unknown>): Promise<ImportError> {
  try {
    await run;
  } catch (err) {
    assert.ok(err instanceof ImportError, `expected ImportError, got ${String(err)}`);
    return err;
  }
  assert.fail("expected the import to fail");
}

/** A copy of the real file with some text replaced, and the options to import it. */
async function variant(dir: string, edit: (t: string) => string, extra: Partial<MaintainersImportOptions> = {}): Promise<MaintainersImportOptions> {
  const input = path.join(dir, `MAINTAINERS-${Math.random().toString(36).slice(2)}`);
  await fs.writeFile(input, edit(text));
  return options(path.join(dir, "maintainers.json"), { input, commit: "0123456789ab", date: "2026-09-01", ...extra });
}

describe("runMaintainersImport", () => {
  it("imports with the bundled commit and date, then re-imports without changing a byte", async () => {
    const out = path.join(await tempDir(), "data", "maintainers.json");
    const dry = await runMaintainersImport(options(out, { dryRun: true }));
    assert.equal(dry.wrote, false);
    assert.equal(await exists(out), false, "a dry run writes nothing");
    const first = await runMaintainersImport(options(out));
    assert.equal(first.wrote, true);
    assert.match(first.summary, /New maintainers data: 57 sections, 49 people, xen\.git c447b7308b13 \(2026-08-20\)/);
    assert.equal(first.data.source.commit, "c447b7308b13");
    assert.equal(first.data.source.formatVersion, "1");
    const bytes = await fs.readFile(out);
    const again = await runMaintainersImport(options(out, { now: new Date("2026-10-01T00:00:00Z") }));
    assert.equal(again.wrote, false);
    assert.match(again.summary, /No change/);
    assert.deepEqual(await fs.readFile(out), bytes);
    assert.equal(await exists(`${out}.bak`), false);
    const read = await readMaintainersFile(out);
    assert.equal(read.source.importedAt, "2026-09-01T00:00:00.000Z");
    // The raw text beside the normalised form.
    const kdd = read.sections.find((s) => s.name === "KDD DEBUGGER")!;
    assert.equal(kdd.raw, "KDD DEBUGGER\nM:\tTim Deegan <tim@xen.org>\nS:\tOdd Fixes\nF:\ttools/debugger/kdd/");
    assert.equal(read.sections.find((s) => s.name === "GOLANG BINDINGS")!.files[0]!.pattern, "tools/golang/");
  });

  it("says who was added, removed or changed, and which sections", async () => {
    const dir = await tempDir();
    const out = path.join(dir, "maintainers.json");
    await runMaintainersImport(options(out));
    const opts = await variant(dir, (t) =>
      t
        .replace("M:\tPaul Durrant <paul@xen.org>", "M:\tPaul Durrant <paul@example.org>\nR:\tNew Person <new@example.org>")
        .replace("KDD DEBUGGER\nM:\tTim Deegan <tim@xen.org>\nS:\tOdd Fixes\nF:\ttools/debugger/kdd/\n\n", "")
        .replace("M:\tElena Ufimtseva <elena.ufimtseva@oracle.com>\n", "M:\tElena Ufimtseva <elena.ufimtseva@oracle.com>\nM:\tTim Deegan <tim@xen.org>\n"),
    );
    const r = await runMaintainersImport(opts);
    assert.equal(r.wrote, true);
    assert.match(r.summary, /People added \(1\): New Person <new@example\.org>, reviewer of X86 VIRIDIAN ENLIGHTENMENTS/);
    assert.match(r.summary, /Paul Durrant: address paul@example\.org \(was paul@xen\.org\)/);
    assert.match(r.summary, /Tim Deegan: now maintainer of GDBSX DEBUGGER; no longer maintainer of KDD DEBUGGER/);
    assert.match(r.summary, /Sections removed \(1\): KDD DEBUGGER/);
    assert.match(r.summary, /Sections changed \(2\): GDBSX DEBUGGER \(people\); X86 VIRIDIAN ENLIGHTENMENTS \(people\)/);
    assert.match(r.summary, /previous version kept as .*\.bak/);
    assert.match(r.summary, /Also changed: source/);
    assert.ok(await exists(`${out}.bak`));
  });

  it("refuses a malformed file with its line, and writes nothing", async () => {
    const dir = await tempDir();
    const out = path.join(dir, "maintainers.json");
    const opts = await variant(dir, (t) => t.replace("M:\tTim Deegan <tim@xen.org>", "M:\tTim Deegan"));
    const err = await importError(runMaintainersImport(opts));
    assert.equal(err.line, 405);
    assert.match(err.message, /MAINTAINERS-\w+:405: "M: Tim Deegan" has no e-mail address/);
    assert.equal(await exists(out), false);
  });

  it("refuses a truncated file, or one that loses more than a quarter of the sections, unless forced", async () => {
    const dir = await tempDir();
    const out = path.join(dir, "maintainers.json");
    await runMaintainersImport(options(out));
    const before = await fs.readFile(out);
    // Cut before THE REST: no THE REST, no V: line.
    const cut = await variant(dir, (t) => t.slice(0, t.indexOf("THE REST\n")));
    const err = await importError(runMaintainersImport(cut));
    assert.match(err.message, /nothing was written/);
    assert.match(err.message, /no "THE REST" section/);
    assert.match(err.message, /--force/);
    assert.deepEqual(await fs.readFile(out), before);
    // Half the sections gone (THE REST kept).
    const half = await variant(dir, (t) => t.slice(0, t.indexOf("LIVEPATCH\n")) + t.slice(t.indexOf("THE REST\n")));
    const shrunk = await importError(runMaintainersImport(half));
    assert.match(shrunk.message, /would remove 30 of the 57 sections the previous import had \(more than 25%\)/);
    assert.deepEqual(await fs.readFile(out), before);
    const forced = await runMaintainersImport({ ...half, force: true });
    assert.equal(forced.wrote, true);
    assert.match(forced.summary, /forced past: it would remove 30/);
    assert.equal((await readMaintainersFile(out)).sections.length, 27);
  });

  it("asks which commit an unknown file is from, and checks what it is told", async () => {
    const dir = await tempDir();
    const opts = await variant(dir, (t) => t.replace("Tim Deegan <tim@xen.org>", "Tim Deegan <tim@example.org>"), { commit: undefined, date: undefined });
    assert.match((await importError(runMaintainersImport(opts))).message, /which xen\.git commit is this file from\? Give --commit <id> --date <YYYY-MM-DD>/);
    assert.match((await importError(runMaintainersImport({ ...opts, commit: "abc" , date: "2026-09-01" }))).message, /not a git commit id/);
    assert.match((await importError(runMaintainersImport({ ...opts, commit: "abcdef12", date: "2026-02-31" }))).message, /not a date/);
    assert.match((await importError(runMaintainersImport({ ...opts, commit: "abcdef12" }))).message, /give both --commit and --date/);
    const ok = await runMaintainersImport({ ...opts, commit: "ABCDEF12", date: "2026-09-01", dryRun: true });
    assert.deepEqual([ok.data.source.commit, ok.data.source.date], ["abcdef12", "2026-09-01"]);
  });

  it("leaves an invalid previous file alone, and names a missing tree list", async () => {
    const dir = await tempDir();
    const out = path.join(dir, "maintainers.json");
    await fs.writeFile(out, '{"version":1,');
    await assert.rejects(runMaintainersImport(options(out)), (err: unknown) => err instanceof MaintainersFileError && /is not valid JSON/.test(err.message));
    assert.equal(await fs.readFile(out, "utf8"), '{"version":1,');
    const missing = await importError(runMaintainersImport(options(path.join(dir, "other.json"), { tree: path.join(dir, "nope.txt") })));
    assert.match(missing.message, /nope\.txt: not found \(the tree's file list/);
  });
});
