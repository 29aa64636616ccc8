// The one atomic writer: replace, backup, mode, the non-durable variant for hot state, and the
// stale-temp cleanup recognising every temp name a writer of ours has used.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { promises as fs } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { removeStaleTempFiles, writeFileAtomically } from "../../../src/state/atomic-file.js";
import { tempDir } from "../../support/store-fixture.js";

/** The pid of a process that has exited, so no writer of that pid is alive. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
  return Number(child.stdout);
}

describe("writeFileAtomically", () => {
  it("replaces a file whole, keeps the old one as .bak when asked, and leaves no temp file", async () => {
    const file = path.join(await tempDir(), "nested", "f.json");
    await writeFileAtomically(file, "one\n");
    await writeFileAtomically(file, "two\n", { backup: true });
    assert.equal(await fs.readFile(file, "utf8"), "two\n");
    assert.equal(await fs.readFile(`${file}.bak`, "utf8"), "one\n");
    assert.deepEqual((await fs.readdir(path.dirname(file))).sort(), ["f.json", "f.json.bak"]);
  });

  it("writes with the mode asked for, durable or not", async () => {
    const dir = await tempDir();
    await writeFileAtomically(path.join(dir, "secret.json"), "{}", { mode: 0o600 });
    await writeFileAtomically(path.join(dir, "hot.json"), "{}", { durable: false });
    assert.equal((await fs.stat(path.join(dir, "secret.json"))).mode & 0o777, 0o600);
    assert.equal(await fs.readFile(path.join(dir, "hot.json"), "utf8"), "{}");
  });

  it("removes its temp file when the rename fails", async () => {
    const dir = await tempDir();
    await fs.mkdir(path.join(dir, "taken"));
    await fs.writeFile(path.join(dir, "taken", "x"), "");
    await assert.rejects(writeFileAtomically(path.join(dir, "taken"), "body"));
    assert.deepEqual(await fs.readdir(dir), ["taken"]);
  });
});

describe("removeStaleTempFiles", () => {
  it("removes dead writers' temp files of both names, keeps live ones and other files", async () => {
    const dir = await tempDir();
    const file = path.join(dir, "state.json");
    const dead = deadPid();
    const names = [
      `.state.json.${dead}.1.tmp`, // this writer's name
      `state.json.${dead}.2.tmp`, // the Matrix transport's former writer's name
      `.state.json.${process.pid}.3.tmp`, // ours, still writing
      "state.json",
      "state.json.corrupt-1700000000000",
      `.other.json.${dead}.1.tmp`,
    ];
    for (const n of names) await fs.writeFile(path.join(dir, n), "");
    assert.equal(await removeStaleTempFiles(file), 2);
    assert.deepEqual((await fs.readdir(dir)).sort(), names.slice(2).sort());
  });
});
