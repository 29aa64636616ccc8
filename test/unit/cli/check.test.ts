// `xenbot check` warns about a store or state_dir it cannot write (the config is still ok: exit 0).
// Tests run as root in CI, where a mode stops nothing: the store's directory is a read-only tmpfs
// when this machine lets root mount (else a mode 0555 directory for a non-root run), and the
// state_dir lies below a regular file.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { REAL_STORE } from "../../support/bot.js";
import { runXenbot } from "../../support/cli-run.js";
import { tempDir } from "../../support/store-fixture.js";

function readOnlyDir(dir: string): (() => void) | null {
  mkdirSync(dir);
  if (process.getuid?.() !== 0) {
    return () => chmodSync(dir, 0o555);
  }
  if (spawnSync("mount", ["-t", "tmpfs", "-o", "size=1m", "tmpfs", dir]).status !== 0) return null;
  return () => {
    spawnSync("mount", ["-o", "remount,ro", dir]);
    process.once("exit", () => spawnSync("umount", [dir]));
  };
}

describe("xenbot check and unwritable places", () => {
  it("warns about a state_dir it cannot write, and a store in a read-only directory", async () => {
    const dir = await tempDir();
    writeFileSync(path.join(dir, "a-file"), "");
    const storeDir = path.join(dir, "ro");
    const lock = readOnlyDir(storeDir);
    copyFileSync(REAL_STORE, path.join(storeDir, "projects.json"));
    lock?.();
    const file = path.join(dir, "xenbot.yaml");
    writeFileSync(file, "store: ro/projects.json\nstate_dir: a-file/state\n");
    const r = runXenbot(["check", "--config", file]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^config ok; store .*ro\/projects\.json: 19 projects/);
    assert.match(r.err, /warning: state_dir .*a-file\/state cannot be written \(.*\): the instance lock, Matrix's sync token, the greeted list and the audit log will not be kept/);
    if (lock) assert.match(r.err, /warning: store .*ro\/projects\.json cannot be written \((read-only file system \(EROFS\)|permission denied \(EACCES\))\): admin edits/);
    if (process.getuid?.() !== 0) chmodSync(storeDir, 0o755);
  });

  it("says nothing more when both can be written", () => {
    const r = runXenbot(["check"]);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.err, "");
  });
});
