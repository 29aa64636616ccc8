// `xenbot import` as an operator meets the guard: a cut-off page exits 1 with the lines named and
// leaves the store alone; `--force` imports it anyway.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { promises as fs } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { REAL_STORE, REPO_ROOT } from "../../support/bot.js";
import { tempDir } from "../../support/store-fixture.js";

function xenbot(args: string[]) {
  const run = spawnSync(process.execPath, ["--import", "tsx", path.join(REPO_ROOT, "src/cli.ts"), ...args], { cwd: REPO_ROOT, encoding: "utf8", env: { ...process.env, XENBOT_CONFIG: "" }, timeout: 60_000 });
  return { code: run.status, out: run.stdout, err: run.stderr };
}

describe("xenbot import with the guard", () => {
  it("refuses a page cut mid-project (exit 1, lines named, nothing written); --force imports it", async () => {
    const dir = await tempDir();
    const out = path.join(dir, "projects.json");
    await fs.copyFile(REAL_STORE, out);
    const before = await fs.readFile(out);
    const page = await fs.readFile(path.join(REPO_ROOT, "data/sources/xen-development-projects.txt"), "utf8");
    const cut = path.join(dir, "cut.txt");
    await fs.writeFile(cut, page.slice(0, page.indexOf("Skills Needed: Unknown") + "Skills Needed: Unk".length));

    const refused = xenbot(["import", cut, "--out", out]);
    assert.equal(refused.code, 1, refused.err);
    assert.equal(refused.out, "");
    assert.match(refused.err, /^xenbot: refusing to import .*cut\.txt: 3 problems; nothing was written\./);
    assert.match(refused.err, /cut\.txt:55: project "OVMF Compatibility Support Module support in Xen" has no "Description"/);
    assert.match(refused.err, /cut\.txt:62: the page ends in the middle of "Skills Needed"/);
    assert.match(refused.err, /would remove 16 of the 19 projects/);
    assert.match(refused.err, /import it anyway with --force/);
    assert.deepEqual(await fs.readFile(out), before);
    assert.deepEqual((await fs.readdir(dir)).sort(), ["cut.txt", "projects.json"]);

    const dry = xenbot(["import", cut, "--out", out, "--dry-run"]);
    assert.equal(dry.code, 1, "a dry run shows the refusal too");

    const forced = xenbot(["import", cut, "--out", out, "--force"]);
    assert.equal(forced.code, 0, forced.err);
    assert.match(forced.out, /Store updated: 3 projects/);
    assert.match(forced.out, /forced past: the page ends in the middle of "Skills Needed"/);
  });
});
