// SIGKILL in the middle of store writes, 200 times: the store file is valid afterwards every
// time, and holds at least the last change the writer acknowledged.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { promises as fs } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { ProjectStore } from "../../src/store/project-store.js";
import { readStoreFile } from "../../src/store/store-file.js";
import { REAL_STORE, REPO_ROOT } from "../support/bot.js";
import { tempDir } from "../support/store-fixture.js";
import { record, tally } from "./support/summary.js";

const ROUNDS = Number(process.env.XENBOT_CRASH_ROUNDS ?? 200);

async function crashOnce(file: string, killAfterMs: number): Promise<number> {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(REPO_ROOT, "test/reliability/support/store-writer.ts"), file], { stdio: ["ignore", "pipe", "inherit"] });
  let lastAck = 0;
  let buffered = "";
  let timer: NodeJS.Timeout | undefined;
  child.stdout.on("data", (chunk: Buffer) => {
    buffered += chunk.toString("utf8");
    const lines = buffered.split("\n");
    buffered = lines.pop()!;
    for (const line of lines) {
      const n = /^ack (\d+)$/.exec(line);
      if (n) lastAck = Number(n[1]);
    }
    // Start the clock at the first acknowledged write, so the kill lands among writes.
    timer ??= setTimeout(() => child.kill("SIGKILL"), killAfterMs);
  });
  await new Promise<void>((resolve) => child.on("exit", () => resolve()));
  clearTimeout(timer);
  return lastAck;
}

describe("store under SIGKILL", () => {
  it(`stays valid and keeps the last acknowledged change, ${ROUNDS} kills`, { timeout: 30 * 60_000 }, async () => {
    const dir = await tempDir();
    const file = path.join(dir, "projects.json");
    await fs.copyFile(REAL_STORE, file);
    let killedMidWrite = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const lastAck = await crashOnce(file, Math.floor(Math.random() * 40));
      const data = await readStoreFile(file); // throws if torn or invalid
      const kdd = data.projects.find((p) => p.id === "kdd")!;
      const onDisk = Number(/^edit-(\d+)$/.exec(kdd.keywords[0] ?? "")?.[1] ?? 0);
      assert.ok(onDisk >= lastAck, `round ${round}: acknowledged ${lastAck}, on disk ${onDisk}`);
      assert.ok(onDisk <= lastAck + 1, `round ${round}: at most the one unacknowledged write landed`);
      if (onDisk === lastAck + 1) killedMidWrite++;
      // The next start cleans the dead writer's temp file, if the kill left one.
      await ProjectStore.open(file);
      const leftovers = (await fs.readdir(dir)).filter((f) => f.endsWith(".tmp"));
      assert.deepEqual(leftovers, [], `round ${round}: temp files left`);
    }
    record("store SIGKILLs survived", `${ROUNDS}/${ROUNDS} (${killedMidWrite} after the rename, before the ack)`);
    tally("faults survived", ROUNDS);
  });
});
