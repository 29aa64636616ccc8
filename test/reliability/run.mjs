#!/usr/bin/env node
// `npm run test:reliability`: faults, hostile input, load and soak on real local servers.
// Runs test/reliability/*.test.ts one file at a time (they load the machine on purpose), then
// prints the summary table the tests recorded.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.dirname(path.dirname(path.dirname(fileURLToPath(import.meta.url))));
const filters = process.argv.slice(2);
const files = readdirSync(path.join(root, "test/reliability"))
  .filter((f) => f.endsWith(".test.ts"))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort()
  .map((f) => path.join("test/reliability", f));
const summary = path.join(mkdtempSync(path.join(os.tmpdir(), "xenbot-reliability-")), "summary.jsonl");

const run = spawnSync(process.execPath, ["--import", "tsx", "--test", "--test-concurrency=1", ...files], {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, XENBOT_RELIABILITY_SUMMARY: summary },
});

const rows = existsSync(summary) ? readFileSync(summary, "utf8").trim().split("\n").filter(Boolean).map((l) => JSON.parse(l)) : [];
const width = Math.max(10, ...rows.map((r) => r.what.length));
console.log("\nReliability summary");
console.log(`  ${"what".padEnd(width)}  value`);
for (const r of rows) console.log(`  ${r.what.padEnd(width)}  ${r.value}`);
process.exit(run.status ?? 1);
