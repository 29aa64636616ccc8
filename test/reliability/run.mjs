#!/usr/bin/env node
// `npm run test:reliability`: faults, hostile input, load and soak on real local servers.
// Runs test/reliability/*.test.ts one file at a time (they load the machine on purpose), then
// prints the summary table the tests recorded: each test's own rows, then the totals over all
// of them (faults survived, inputs tried, messages lost, duplicates sent, disconnects for flooding).
//   npm run test:reliability                 everything (about 10 minutes)
//   npm run test:reliability -- soak load    only the files whose name contains a filter
// Shorter local runs: XENBOT_OUTAGE_MS (Matrix outage, default 60000), XENBOT_SOAK_COMMANDS
// (default 20000), XENBOT_FUZZ_RUNS, XENBOT_RENDER_FUZZ_RUNS, XENBOT_CRASH_ROUNDS.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
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
const tmp = mkdtempSync(path.join(os.tmpdir(), "xenbot-reliability-"));
const summary = path.join(tmp, "summary.jsonl");

const started = Date.now();
const run = spawnSync(process.execPath, ["--import", "tsx", "--test", "--test-concurrency=1", ...files], {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, XENBOT_RELIABILITY_SUMMARY: summary },
});
const minutes = ((Date.now() - started) / 60_000).toFixed(1);

const rows = existsSync(summary) ? readFileSync(summary, "utf8").trim().split("\n").filter(Boolean).map((l) => JSON.parse(l)) : [];
rmSync(tmp, { recursive: true, force: true });
const TOTALS = ["faults survived", "inputs tried", "messages lost", "duplicates sent", "disconnects for flooding"];
const totals = new Map(TOTALS.map((t) => [t, 0]));
for (const r of rows) if (r.total) totals.set(r.what, (totals.get(r.what) ?? 0) + Number(r.value));
const table = [...rows.filter((r) => !r.total), ...[...totals].map(([what, value]) => ({ what: `TOTAL ${what}`, value: String(value) }))];
table.push({ what: "run time", value: `${minutes} min (${files.length} files)` });
const width = Math.max(10, ...table.map((r) => r.what.length));
console.log("\nReliability summary");
console.log(`  ${"what".padEnd(width)}  value`);
for (const r of table) console.log(`  ${r.what.padEnd(width)}  ${r.value}`);
process.exit(run.status ?? 1);
