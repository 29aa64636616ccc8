// A broken store at start: `xenbot start --config …` as a real process, with a corrupt, empty,
// truncated or schema-invalid data file, exits non-zero with one clear error line that names the
// file, and leaves the file byte-identical (no repair, no backup over it, no temp files).
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, describe, it } from "node:test";
import { REAL_STORE, REPO_ROOT } from "../support/bot.js";
import { freePort } from "../support/irc-servers.js";
import { record, tally } from "./support/summary.js";

const real = readFileSync(REAL_STORE, "utf8");
const valid = JSON.parse(real) as { projects: Array<Record<string, unknown>> };

const CASES: Array<{ name: string; body: string | Buffer }> = [
  { name: "corrupt (not JSON)", body: `${real.slice(0, 200)}\u0000\u0000garbage}}}{{` },
  { name: "empty", body: "" },
  { name: "truncated", body: real.slice(0, Math.floor(real.length / 2)) },
  {
    name: "schema-invalid",
    body: JSON.stringify({ ...valid, projects: valid.projects.map((p, i) => (i === 3 ? { ...p, title: 42, difficulty: "very" } : p)) }, null, 2),
  },
  { name: "not UTF-8", body: Buffer.concat([Buffer.from(real.slice(0, 100)), Buffer.from([0xff, 0xfe, 0xc3, 0x28]), Buffer.from(real.slice(100))]) },
];

const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");

describe("faults: a broken store at start", () => {
  const dirs: string[] = [];
  after(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  for (const c of CASES) {
    it(`${c.name}: exits non-zero with one error naming the file, file unchanged`, { timeout: 60_000 }, async () => {
      const dir = mkdtempSync(path.join(os.tmpdir(), "xenbot-badstore-"));
      dirs.push(dir);
      const store = path.join(dir, "projects.json");
      writeFileSync(store, c.body);
      const before = sha(readFileSync(store));
      // A real config with a network transport: were the store accepted, the bot would start and
      // keep running (towards a port nobody listens on) until the timeout below.
      const port = await freePort();
      const config = path.join(dir, "xenbot.yaml");
      writeFileSync(config, ["store: projects.json", "state_dir: state", "irc:", "  host: 127.0.0.1", `  port: ${port}`, "  tls: false", '  channels: ["#xen-devel"]', ""].join("\n"));
      const child = spawn(process.execPath, ["--import", "tsx", path.join(REPO_ROOT, "src/cli.ts"), "start", "--config", config], {
        cwd: REPO_ROOT,
        env: { ...process.env, XENBOT_CONFIG: "", XENBOT_LOG_LEVEL: "info" },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let stderr = "";
      let stdout = "";
      child.stderr.on("data", (d: Buffer) => (stderr += d.toString("utf8")));
      child.stdout.on("data", (d: Buffer) => (stdout += d.toString("utf8")));
      const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
      const code = await new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
      clearTimeout(timer);

      assert.notEqual(code, null, `still running after 30 s (killed); stderr:\n${stderr}`);
      assert.notEqual(code, 0);
      const lines = stderr.split("\n").filter((l) => l.trim() !== "");
      assert.equal(lines.length, 1, `one error line, got:\n${stderr}`);
      assert.match(lines[0]!, /^xenbot: /);
      assert.ok(lines[0]!.includes(store), `the error names ${store}: ${lines[0]}`);
      assert.doesNotMatch(lines[0]!, /unexpected error|\bat \S+:\d+:\d+/, "a message, not a stack trace");
      assert.equal(stdout, "");
      assert.equal(sha(readFileSync(store)), before, "the store file was changed");
      assert.deepEqual(readdirSync(dir).sort(), ["projects.json", "xenbot.yaml"], "no backup, temp or state files");
      record(`faults: store ${c.name} at start`, `exit ${code}: ${lines[0]!.slice(0, 140)}`);
      tally("faults survived", 1);
    });
  }
});
