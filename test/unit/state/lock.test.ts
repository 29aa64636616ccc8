// The state_dir lock: one live holder refuses the next, naming the directory and the pid; a lock
// whose holder is dead, reused or from another boot is taken over with a warning; release removes
// only our own lock.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { acquireStateLock, LOCK_FILE, StateDirLocked } from "../../../src/state/lock.js";
import { captureLogs } from "../../support/log-capture.js";
import { tempDir } from "../../support/store-fixture.js";

async function writeHolder(dir: string, holder: Record<string, unknown>): Promise<void> {
  await fs.mkdir(dir, { recursive: true });
  await fs.writeFile(path.join(dir, LOCK_FILE), JSON.stringify({ host: os.hostname(), startedAt: "2026-01-01T00:00:00.000Z", ...holder }));
}

/** A process that runs until killed. */
function sleeper() {
  return spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"], { stdio: "ignore" });
}

/** The pid of a process that has just been killed (not running, not reused yet). */
async function deadPid(): Promise<number> {
  const child = sleeper();
  await new Promise((resolve) => {
    child.once("exit", resolve);
    child.kill("SIGKILL");
  });
  return child.pid!;
}

describe("the state_dir lock", () => {
  it("is created in a new state_dir with our pid, and removed on release", async () => {
    const dir = path.join(await tempDir(), "state");
    const lock = await acquireStateLock(dir, captureLogs().logger);
    const holder = JSON.parse(await fs.readFile(lock.file, "utf8"));
    assert.equal(holder.pid, process.pid);
    assert.equal(holder.host, os.hostname());
    assert.match(holder.startedAt, /^\d{4}-\d\d-\d\dT/);
    await lock.release();
    await assert.rejects(fs.stat(lock.file));
  });

  it("leaves no temp file behind, and clears one a killed bot left while writing the lock", async () => {
    const dir = await tempDir();
    const dead = await deadPid();
    const leftover = path.join(dir, `${LOCK_FILE}.${dead}.1764590000000.tmp`);
    await fs.writeFile(leftover, "{\"pid\":");
    const lock = await acquireStateLock(dir, captureLogs().logger);
    assert.deepEqual((await fs.readdir(dir)).sort(), [LOCK_FILE]);
    await lock.release();
  });

  it("refuses while a live process holds it, naming the directory and the pid", async () => {
    const dir = await tempDir();
    const child = sleeper();
    try {
      await writeHolder(dir, { pid: child.pid });
      await assert.rejects(acquireStateLock(dir, captureLogs().logger), (err: unknown) => {
        assert.ok(err instanceof StateDirLocked);
        assert.ok(err.message.startsWith(`state_dir ${dir} is in use by another xenbot (pid ${child.pid}, since 2026-01-01T00:00:00.000Z)`), err.message);
        return true;
      });
      assert.equal(JSON.parse(await fs.readFile(path.join(dir, LOCK_FILE), "utf8")).pid, child.pid, "the holder's lock is untouched");
    } finally {
      child.kill("SIGKILL");
    }
  });

  it("takes over a lock whose pid is dead, with a warning naming it", async () => {
    const dir = await tempDir();
    const dead = await deadPid();
    await writeHolder(dir, { pid: dead });
    const log = captureLogs();
    const lock = await acquireStateLock(dir, log.logger);
    const warn = log.records.find((r) => r.msg === "took over a stale state_dir lock");
    assert.ok(warn, "a warning");
    assert.equal(warn.level, 40);
    assert.equal(warn.stalePid, dead);
    assert.equal(warn.reason, `pid ${dead} is not running`);
    assert.equal(JSON.parse(await fs.readFile(lock.file, "utf8")).pid, process.pid);
    assert.deepEqual(await fs.readdir(dir), [LOCK_FILE], "nothing left aside");
    await lock.release();
  });

  it("takes over a lock whose pid now belongs to another process, or from before a reboot, or unreadable", async () => {
    const child = sleeper();
    try {
      for (const [holder, reason] of [
        [{ pid: child.pid, procStart: 1 }, `pid ${child.pid} is now another process`],
        [{ pid: child.pid, bootId: "00000000-0000-0000-0000-000000000000" }, "the machine has rebooted since"],
      ] as const) {
        if (process.platform !== "linux") continue;
        const dir = await tempDir();
        await writeHolder(dir, holder);
        const log = captureLogs();
        const lock = await acquireStateLock(dir, log.logger);
        assert.equal(log.records.find((r) => r.msg === "took over a stale state_dir lock")?.reason, reason);
        await lock.release();
      }
    } finally {
      child.kill("SIGKILL");
    }
    const dir = await tempDir();
    await fs.writeFile(path.join(dir, LOCK_FILE), '{"pid": 12');
    const log = captureLogs();
    const lock = await acquireStateLock(dir, log.logger);
    assert.match(String(log.records.find((r) => r.msg === "took over a stale state_dir lock")?.reason), /unreadable/);
    await lock.release();
  });

  it("counts a holder on another host as live (it cannot be checked from here)", async () => {
    const dir = await tempDir();
    await writeHolder(dir, { pid: 4242, host: "elsewhere.example" });
    await assert.rejects(acquireStateLock(dir, captureLogs().logger), /pid 4242 on host elsewhere\.example.*remove .*xenbot\.lock/);
  });

  it("release leaves a lock that is no longer ours", async () => {
    const dir = await tempDir();
    const lock = await acquireStateLock(dir, captureLogs().logger);
    await writeHolder(dir, { pid: 4242, host: "elsewhere.example" });
    await lock.release();
    assert.equal(JSON.parse(await fs.readFile(path.join(dir, LOCK_FILE), "utf8")).pid, 4242);
  });

  it("a state_dir that cannot be written does not stop the bot: an error line, and no lock", async () => {
    const root = await tempDir();
    await fs.writeFile(path.join(root, "file"), "");
    const log = captureLogs();
    const lock = await acquireStateLock(path.join(root, "file", "state"), log.logger);
    const line = log.records.find((r) => String(r.msg).startsWith("cannot take the state_dir lock"));
    assert.equal(line?.level, 50);
    assert.match(String(line?.reason), /ENOTDIR|EEXIST|cannot write/);
    await lock.release();
  });
});
