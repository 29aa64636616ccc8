// Whether the bot can write where it must, as `xenbot check` asks: a real file is tried, so a
// path below a regular file (what a read-only state_dir looks like to tests run as root) is caught.
import assert from "node:assert/strict";
import { promises as fs } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { directoryUnwritable, fileUnwritable } from "../../../src/state/writable.js";
import { tempDir } from "../../support/store-fixture.js";

describe("writable checks", () => {
  it("a writable directory, and one still to be made in a writable parent, pass and are left as they were", async () => {
    const dir = await tempDir();
    assert.equal(await directoryUnwritable(dir), null);
    assert.equal(await directoryUnwritable(path.join(dir, "state", "deeper")), null);
    assert.deepEqual(await fs.readdir(dir), []);
    assert.equal(await fileUnwritable(path.join(dir, "projects.json")), null);
  });

  it("a path below a regular file, and a file where a directory should be, are named", async () => {
    const dir = await tempDir();
    await fs.writeFile(path.join(dir, "file"), "");
    assert.match(String(await directoryUnwritable(path.join(dir, "file", "state"))), /a file, not a directory|ENOTDIR/);
    assert.match(String(await directoryUnwritable(path.join(dir, "file"))), /is not a directory/);
    assert.match(String(await fileUnwritable(path.join(dir, "file", "projects.json"))), /not a directory|ENOTDIR/);
  });
});
