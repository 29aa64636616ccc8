// The repository stands alone: a user's clone has no ../shared beside it, so nothing the tests,
// the bot or the npm scripts run may reach for it (only .ci/run compares the bundled copies).
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { REPO_ROOT } from "./support/bot.js";

function filesUnder(dir: string): string[] {
  return readdirSync(path.join(REPO_ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(REPO_ROOT, path.join(e.parentPath, e.name)));
}

describe("the repository alone", () => {
  it("no source, plugin, test or npm script reads ../shared", () => {
    const files = [...filesUnder("src"), ...filesUnder("plugins"), ...filesUnder("test"), "package.json"].filter((f) => /\.(?:ts|mjs|js|json)$/.test(f) && f !== path.join("test", "repository.test.ts")); // this file names it
    assert.ok(files.length > 50, "the walk found the sources");
    const offenders = files.filter((f) => /\.\.\/shared\b|\/work\/shared\b/.test(readFileSync(path.join(REPO_ROOT, f), "utf8")));
    assert.deepEqual(offenders, []);
  });

  it("data/sources/README.md says where each bundled source came from", () => {
    const readme = readFileSync(path.join(REPO_ROOT, "data/sources/README.md"), "utf8");
    const sources = readdirSync(path.join(REPO_ROOT, "data/sources")).filter((f) => f !== "README.md");
    assert.ok(sources.includes("xen-development-projects.txt"));
    for (const f of sources) assert.match(readme, new RegExp("`" + f.replace(/[.*+?^${}()|[\]\\]/g, "\\$&") + "`"), `${f} is described`);
  });
});
