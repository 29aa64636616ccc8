// One bot per state_dir, as operators meet it: a second `xenbot start` on the same state_dir exits
// 1 naming the directory and the first one's pid; `ask` and `check` do not take the lock (and `ask` makes no edit while a bot runs); the lock
// goes at stop; a lock left by a dead bot is taken over with a warning.
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, promises as fs, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { REAL_STORE, REPO_ROOT } from "../../support/bot.js";
import { freePort } from "../../support/irc-servers.js";
import { tempDir } from "../../support/store-fixture.js";

const CLI = path.join(REPO_ROOT, "src/cli.ts");
const env = { ...process.env, XENBOT_CONFIG: "", XENBOT_LOG_LEVEL: "info" };

/** A config whose IRC server never answers: the bot runs, retrying, until stopped. */
async function config(): Promise<{ dir: string; file: string; lockFile: string }> {
  const dir = await tempDir();
  copyFileSync(REAL_STORE, path.join(dir, "projects.json"));
  const file = path.join(dir, "xenbot.yaml");
  const port = await freePort();
  await fs.writeFile(file, ["store: projects.json", "state_dir: state", "irc:", "  host: 127.0.0.1", `  port: ${port}`, "  tls: false", "  reconnect: { min_delay_ms: 1000, max_delay_ms: 2000 }", ""].join("\n"));
  return { dir, file, lockFile: path.join(dir, "state", "xenbot.lock") };
}

function start(file: string) {
  const child = spawn(process.execPath, ["--import", "tsx", CLI, "start", "--config", file], { cwd: REPO_ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  let err = "";
  child.stderr.on("data", (d: Buffer) => (err += d.toString("utf8")));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, exited, stderr: () => err };
}

async function until(what: string, ok: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("one xenbot per state_dir", () => {
  it("refuses a second start, lets ask and check run, and frees the lock at stop", { timeout: 90_000 }, async () => {
    const { dir, file, lockFile } = await config();
    const storeFile = path.join(dir, "projects.json");
    const before = readFileSync(storeFile, "utf8");
    const first = start(file);
    try {
      await until("the first bot's lock", () => existsSync(lockFile) && first.stderr().includes('"msg":"irc connection"'));
      const holder = JSON.parse(await fs.readFile(lockFile, "utf8"));
      assert.equal(holder.pid, first.child.pid);
      assert.equal(holder.host, os.hostname());

      const second = spawnSync(process.execPath, ["--import", "tsx", CLI, "start", "--config", file], { cwd: REPO_ROOT, env, encoding: "utf8", timeout: 60_000 });
      assert.equal(second.status, 1, second.stderr);
      const lines = second.stderr.trim().split("\n");
      assert.equal(lines.length, 1, second.stderr);
      assert.ok(lines[0]!.startsWith(`xenbot: state_dir ${path.join(dir, "state")} is in use by another xenbot (pid ${first.child.pid}, since `), lines[0]);

      for (const args of [["check", "--config", file], ["ask", "!project kdd", "--config", file]]) {
        const r = spawnSync(process.execPath, ["--import", "tsx", CLI, ...args], { cwd: REPO_ROOT, env, encoding: "utf8", timeout: 60_000 });
        assert.equal(r.status, 0, `${args[0]}: ${r.stderr}`);
      }
      // An edit through `ask` would be overwritten by the running bot's next save: refused, store untouched.
      const edit = spawnSync(process.execPath, ["--import", "tsx", CLI, "ask", "!verify kdd", "--config", file], { cwd: REPO_ROOT, env, encoding: "utf8", timeout: 60_000 });
      assert.match(edit.stdout, new RegExp(`a running xenbot \\(pid ${first.child.pid}, since .*\\) holds state_dir .* and serves this store`), edit.stdout + edit.stderr);
      assert.equal(readFileSync(storeFile, "utf8"), before, "the store is unchanged");
      assert.equal(first.child.exitCode, null, "the first bot still runs");
    } finally {
      first.child.kill("SIGTERM");
    }
    assert.equal(await first.exited, 0, first.stderr());
    assert.equal(existsSync(lockFile), false, "the lock is released at stop");
    // With the bot stopped, the same edit goes through.
    const edit = spawnSync(process.execPath, ["--import", "tsx", CLI, "ask", "!verify kdd", "--config", file], { cwd: REPO_ROOT, env, encoding: "utf8", timeout: 60_000 });
    assert.match(edit.stdout, /Verified kdd/, edit.stdout + edit.stderr);
    assert.notEqual(readFileSync(storeFile, "utf8"), before, "the edit is in the store");
  });

  it("takes over the lock of a bot that died, saying so at warn", { timeout: 90_000 }, async () => {
    const { file, lockFile } = await config();
    const killed = start(file);
    await until("the lock", () => existsSync(lockFile));
    killed.child.kill("SIGKILL");
    await killed.exited;
    assert.equal(existsSync(lockFile), true, "SIGKILL leaves the lock behind");

    const next = start(file);
    try {
      await until("the take-over line", () => next.stderr().includes("took over a stale state_dir lock"));
      const line = JSON.parse(next.stderr().split("\n").find((l) => l.includes("took over a stale state_dir lock"))!);
      assert.equal(line.level, 40);
      assert.equal(line.stalePid, killed.child.pid);
      await until("the new lock", () => existsSync(lockFile) && readFileSync(lockFile, "utf8").includes(`"pid":${next.child.pid},`));
      await until("the bot running", () => next.stderr().includes('"msg":"irc connection"'));
    } finally {
      next.child.kill("SIGTERM");
    }
    assert.equal(await next.exited, 0, next.stderr());
  });
});
