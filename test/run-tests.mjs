#!/usr/bin/env node
// `npm test`: typecheck everything (src, plugins, test), then run every test/**/*.test.ts with
// node's own test runner. Node 20's --test does not expand globs, so we list the files here.
// Extra arguments filter by path substring: `npm test -- unit/import` runs test/unit/import/*.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const filters = process.argv.slice(2);
const skipTypecheck = process.env.XENBOT_SKIP_TYPECHECK === "1";

function testFiles(dir) {
  return readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith(".test.ts") && !f.split(path.sep).includes("reliability"))
    .map((f) => path.join("test", f))
    .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
    .sort();
}

if (!skipTypecheck) {
  const tsc = spawnSync(process.execPath, [path.join(root, "node_modules/typescript/bin/tsc"), "-p", "test/tsconfig.json"], { cwd: root, stdio: "inherit" });
  if (tsc.status !== 0) {
    console.error("typecheck failed");
    process.exit(tsc.status ?? 1);
  }
}

const files = testFiles(path.join(root, "test"));
if (files.length === 0) {
  console.error("no test files matched");
  process.exit(1);
}
const run = spawnSync(process.execPath, ["--import", "tsx", "--test", "--test-concurrency=2", ...files], { cwd: root, stdio: "inherit" });
process.exit(run.status ?? 1);
