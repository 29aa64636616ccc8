import assert from "node:assert/strict";
import { promises as fs } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { ProjectStore } from "../../../src/store/project-store.js";
import { StoreError, readStoreFile } from "../../../src/store/store-file.js";
import { fixtureStore, tempDir, writeFixtureStore } from "../../support/store-fixture.js";

async function expectStoreError(file: string, fault: RegExp): Promise<void> {
  const before = await fs.readFile(file).catch(() => null);
  await assert.rejects(ProjectStore.open(file), (err: unknown) => {
    assert.ok(err instanceof StoreError, `expected StoreError, got ${String(err)}`);
    assert.ok(err.message.includes(file), `message names the file: ${err.message}`);
    assert.match(err.message, fault);
    return true;
  });
  const after = await fs.readFile(file).catch(() => null);
  assert.deepEqual(after, before, "the file is left untouched");
}

describe("ProjectStore: loading", () => {
  it("loads a valid file and serves its records", async () => {
    const store = await ProjectStore.open(await writeFixtureStore());
    assert.equal(store.projects().length, 2);
    assert.equal(store.project("ALPHA")?.title, "Alpha scheduler work");
    assert.deepEqual(store.contactsOf(store.project("alpha")!).map((p) => p.name), ["Ada Lovelace"]);
  });

  it("reports a missing file", async () => {
    await expectStoreError(path.join(await tempDir(), "nope.json"), /not found/);
  });

  it("reports an empty file", async () => {
    const file = path.join(await tempDir(), "projects.json");
    await fs.writeFile(file, "  \n");
    await expectStoreError(file, /is empty/);
  });

  it("reports corrupt JSON", async () => {
    const file = path.join(await tempDir(), "projects.json");
    await fs.writeFile(file, '{"version": 1, "projects": [');
    await expectStoreError(file, /not valid JSON/);
  });

  it("reports a truncated file", async () => {
    const full = JSON.stringify(fixtureStore());
    const file = path.join(await tempDir(), "projects.json");
    await fs.writeFile(file, full.slice(0, Math.floor(full.length / 2)));
    await expectStoreError(file, /not valid JSON/);
  });

  it("reports a schema-invalid file with the path of the fault", async () => {
    const data = fixtureStore() as unknown as { projects: Array<Record<string, unknown>> };
    (data.projects[1]!.difficulty as Record<string, unknown>).min = "trivial";
    const file = await writeFixtureStore(data as never);
    await expectStoreError(file, /projects\[1\]\.difficulty\.min/);
  });

  it("reports duplicate ids and dangling contacts", async () => {
    const data = fixtureStore();
    data.projects[1]!.id = "alpha";
    await expectStoreError(await writeFixtureStore(data), /duplicate project id "alpha"/);
    const dangling = fixtureStore();
    dangling.projects[0]!.contacts.people = ["nobody"];
    await expectStoreError(await writeFixtureStore(dangling), /unknown person "nobody"/);
  });

  it("reports a directory where the file should be", async () => {
    const dir = await tempDir();
    await assert.rejects(readStoreFile(dir), /is a directory/);
  });
});

describe("ProjectStore: writing", () => {
  it("writes atomically, keeps a backup, and serves the change", async () => {
    const file = await writeFixtureStore();
    const original = await fs.readFile(file, "utf8");
    const store = await ProjectStore.open(file);
    const revision = store.revision;
    await store.update((d) => {
      d.projects[0]!.archived = true;
    });
    assert.equal(store.project("alpha")?.archived, true);
    assert.equal(store.projects().length, 1, "archived projects are hidden from the default list");
    assert.ok(store.revision > revision);
    assert.equal((await readStoreFile(file)).projects[0]!.archived, true);
    assert.equal(await fs.readFile(`${file}.bak`, "utf8"), original);
    const leftovers = (await fs.readdir(path.dirname(file))).filter((f) => f.endsWith(".tmp"));
    assert.deepEqual(leftovers, []);
  });

  it("refuses an invalid change and changes nothing", async () => {
    const file = await writeFixtureStore();
    const before = await fs.readFile(file, "utf8");
    const store = await ProjectStore.open(file);
    await assert.rejects(
      store.update((d) => {
        d.projects[0]!.id = "Not An Id";
      }),
      StoreError,
    );
    assert.equal(store.project("alpha")?.id, "alpha");
    assert.equal(await fs.readFile(file, "utf8"), before);
  });

  it("loses nothing when two changes run at once", async () => {
    const store = await ProjectStore.open(await writeFixtureStore());
    await Promise.all([
      store.update((d) => void (d.projects[0]!.keywords = ["one"])),
      store.update((d) => void (d.projects[1]!.keywords = ["two"])),
      store.update((d) => void d.projects[0]!.keywords.push("three")),
    ]);
    const onDisk = await readStoreFile(store.file);
    assert.deepEqual(onDisk.projects[0]!.keywords, ["one", "three"]);
    assert.deepEqual(onDisk.projects[1]!.keywords, ["two"]);
  });

  it("keeps serving the old data when a reload finds a broken file", async () => {
    const file = await writeFixtureStore();
    const store = await ProjectStore.open(file);
    await fs.writeFile(file, "{ broken");
    await assert.rejects(store.reload(), /not valid JSON/);
    assert.equal(store.projects().length, 2);
  });
});
