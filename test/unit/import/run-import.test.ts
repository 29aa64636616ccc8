// runImport end to end, in temp directories: first import, re-import (nothing changes, not even a
// byte), ids kept when the page changes, dry runs, and a broken store left alone.
import assert from "node:assert/strict";
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, describe, it } from "node:test";
import { ImportError } from "../../../src/import/errors.js";
import { runImport } from "../../../src/import/run-import.js";
import { StoreError, readStoreFile, writeStoreFile } from "../../../src/store/store-file.js";

const PAGE = fileURLToPath(new URL("../../../data/sources/xen-development-projects.txt", import.meta.url));
const WIKI = fileURLToPath(new URL("../../fixtures/projects.wiki", import.meta.url));

let dir: string;
let pageText: string;
before(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "xenbot-import-"));
  pageText = await fs.readFile(PAGE, "utf8");
});
after(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

async function exists(file: string): Promise<boolean> {
  return fs.stat(file).then(
    () => true,
    () => false,
  );
}
async function sub(name: string): Promise<string> {
  const d = path.join(dir, name);
  await fs.mkdir(d, { recursive: true });
  return d;
}

describe("runImport", () => {
  it("imports, then re-imports the same page without changing a byte", async () => {
    const d = await sub("idempotent");
    const out = path.join(d, "data", "projects.json");
    const first = await runImport({ input: PAGE, format: "auto", out, dryRun: false, now: new Date("2025-01-01T00:00:00Z") });
    assert.equal(first.wrote, true);
    assert.equal(first.diff.added.length, 19);
    assert.match(first.summary, /New store: 19 projects, 12 people/);
    assert.match(first.summary, /Wrote /);
    const bytes = await fs.readFile(out);
    const stat = await fs.stat(out);

    const second = await runImport({ input: PAGE, format: "text", out, dryRun: false, now: new Date("2025-06-01T00:00:00Z") });
    assert.equal(second.wrote, false);
    assert.deepEqual(second.diff, { added: [], changed: [], removed: [], moved: [], other: [] });
    assert.match(second.summary, /No change/);
    assert.deepEqual(await fs.readFile(out), bytes);
    assert.equal((await fs.stat(out)).mtimeMs, stat.mtimeMs);
    assert.equal(await exists(`${out}.bak`), false);
    assert.equal(second.store.source.importedAt, "2025-01-01T00:00:00.000Z");
    // What was written reads back as a valid store.
    assert.equal((await readStoreFile(out)).projects.length, 19);

    // The same page under another name or path is the same source: still no change.
    const copy = path.join(d, "saved elsewhere.txt");
    await fs.copyFile(PAGE, copy);
    const third = await runImport({ input: copy, format: "auto", out, dryRun: false, now: new Date("2025-07-01T00:00:00Z") });
    assert.equal(third.wrote, false);
    assert.deepEqual(third.diff.other, []);
    assert.deepEqual(await fs.readFile(out), bytes);
  });

  it("keeps ids when a title changes slightly and a project is added before the others", async () => {
    const d = await sub("stable-ids");
    const out = path.join(d, "projects.json");
    await runImport({ input: PAGE, format: "text", out, dryRun: false });
    const before = await fs.readFile(out, "utf8");

    const edited = pageText
      .replace("Fuzz testing Xen with Mirage\n", "Fuzz-testing Xen using MirageOS\n")
      .replace(
        "Domain support\n\n",
        "Domain support\n\nUtilize Intel QuickPath on the storage path\n\nDate of insert: 03/03/2021; Verified: 2021; GSoC: No\nTechnical contact: Konrad Rzeszutek Wilk <konrad.wilk@oracle.com>\nDifficulty: Medium\nSkills Needed: C\nDescription: Like the network one.\nOutcomes: Patches.\n\n\n",
      );
    const input = path.join(d, "edited.txt");
    await fs.writeFile(input, edited);
    const result = await runImport({ input, format: "auto", out, dryRun: false });
    assert.equal(result.wrote, true);
    assert.deepEqual(result.diff.added, ["quickpath-2"]);
    assert.deepEqual(result.diff.removed, []);
    assert.deepEqual(result.diff.changed, [{ id: "fuzz-testing", fields: ["title", "sourceLine"] }]);
    assert.equal(result.diff.moved.length, 18);
    const ids = result.store.projects.map((p) => p.id);
    assert.deepEqual(ids.slice(0, 2), ["quickpath-2", "quickpath"]);
    assert.equal(result.store.projects.find((p) => p.id === "fuzz-testing")?.title, "Fuzz-testing Xen using MirageOS");
    assert.deepEqual(result.store.people.find((p) => p.id === "konrad-rzeszutek-wilk")?.projects, ["quickpath-2", "quickpath", "numa-tmem"]);
    // The previous file is kept as the backup.
    assert.equal(await fs.readFile(`${out}.bak`, "utf8"), before);
    assert.match(result.summary, /Added 1: quickpath-2/);
    assert.match(result.summary, /fuzz-testing: title, sourceLine/);
  });

  it("keeps what a maintainer set by hand: archived and extra keywords", async () => {
    const d = await sub("curated");
    const out = path.join(d, "projects.json");
    await runImport({ input: PAGE, format: "text", out, dryRun: false });
    const store = JSON.parse(await fs.readFile(out, "utf8"));
    const drbd = store.projects.find((p: { id: string }) => p.id === "drbd");
    drbd.archived = true;
    drbd.keywords.push("Distributed Replicated Block Device");
    await fs.writeFile(out, JSON.stringify(store, null, 2) + "\n");
    const curated = await fs.readFile(out);
    const result = await runImport({ input: PAGE, format: "text", out, dryRun: false });
    assert.equal(result.wrote, false);
    assert.deepEqual(await fs.readFile(out), curated);
  });

  it("writes nothing on a dry run", async () => {
    const d = await sub("dry");
    const out = path.join(d, "projects.json");
    const result = await runImport({ input: PAGE, format: "auto", out, dryRun: true });
    assert.equal(result.wrote, false);
    assert.equal(result.diff.added.length, 19);
    assert.match(result.summary, /Dry run: .* was not written/);
    assert.equal(await exists(out), false);
    assert.deepEqual(await fs.readdir(d), []);

    await runImport({ input: PAGE, format: "auto", out, dryRun: false });
    const bytes = await fs.readFile(out);
    // The 7-project fixture over the 19-project store removes 12: refused, dry run or not, unless forced.
    await assert.rejects(runImport({ input: WIKI, format: "auto", out, dryRun: true }), /would remove 12 of the 19 projects/);
    const wiki = await runImport({ input: WIKI, format: "auto", out, dryRun: true, force: true });
    assert.equal(wiki.wrote, false);
    assert.ok(wiki.diff.removed.length > 0);
    assert.deepEqual(await fs.readFile(out), bytes);
    assert.equal(await exists(`${out}.bak`), false);
  });

  it("does not overwrite an invalid store, and says why", async () => {
    const d = await sub("invalid");
    const out = path.join(d, "projects.json");
    for (const content of ["{ not json", JSON.stringify({ version: 1, projects: "nope" }), ""]) {
      await fs.writeFile(out, content);
      await assert.rejects(runImport({ input: PAGE, format: "text", out, dryRun: false }), (err: unknown) => {
        assert.ok(err instanceof StoreError, String(err));
        assert.equal(err.file, out);
        return true;
      });
      assert.equal(await fs.readFile(out, "utf8"), content);
      assert.equal(await exists(`${out}.bak`), false);
    }
  });

  it("imports the wikitext form", async () => {
    const d = await sub("wikitext");
    const out = path.join(d, "projects.json");
    const result = await runImport({ input: WIKI, format: "wikitext", out, dryRun: false });
    assert.equal(result.wrote, true);
    assert.equal((await readStoreFile(out)).projects.length, 7);
    assert.match(result.summary, /\(wikitext, "Archived\/Xen Development Projects"\)/);
    assert.match(result.summary, /Warnings \(\d+\):/);
  });

  it("fails clearly on a missing input, and on a broken page without writing", async () => {
    const d = await sub("broken");
    const out = path.join(d, "projects.json");
    await assert.rejects(runImport({ input: path.join(d, "nope.txt"), format: "auto", out, dryRun: false }), (err: unknown) => {
      return err instanceof ImportError && /nope\.txt: not found/.test(err.message);
    });
    const input = path.join(d, "broken.txt");
    await fs.writeFile(input, pageText.replace("Difficulty: Low to medium", "Difficulty: Low-ish"));
    await assert.rejects(runImport({ input, format: "text", out, dryRun: false }), (err: unknown) => {
      return err instanceof ImportError && err.line === 212 && err.message.startsWith(`${input}:212: `);
    });
    assert.equal(await exists(out), false);
  });
});

describe("re-import after an admin's !verify", () => {
  it("keeps the later verification date from the store", async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "xenbot-verify-"));
    const out = path.join(dir, "projects.json");
    const input = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../data/sources/xen-development-projects.txt");
    await runImport({ input, format: "auto", out, dryRun: false });
    const store = await readStoreFile(out);
    const kdd = store.projects.find((p) => p.id === "kdd")!;
    kdd.verified = { raw: "2026-11-20", iso: "2026-11-20", readings: ["2026-11-20"], ambiguous: false, year: 2026, stale: false };
    await writeStoreFile(out, store);
    await runImport({ input, format: "auto", out, dryRun: false });
    const after = await readStoreFile(out);
    assert.equal(after.projects.find((p) => p.id === "kdd")!.verified.iso, "2026-11-20");
    assert.equal(after.projects.find((p) => p.id === "drbd")!.verified.raw, "Not updated in 2020");
  });
});
