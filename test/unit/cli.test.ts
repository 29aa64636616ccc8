// The xenbot command as a user runs it: a real process, real files, exit codes and output.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { promises as fs, readFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { readStoreFile } from "../../src/store/store-file.js";
import { REAL_STORE, REPO_ROOT } from "../support/bot.js";
import { tempDir } from "../support/store-fixture.js";

// Relative to the repo (the cwd of every run), as the bundled store records it.
const BUNDLED_PAGE = "data/sources/xen-development-projects.txt";
const BUNDLED_MAINTAINERS = "data/sources/xen-MAINTAINERS";
const REAL_MAINTAINERS = path.join(REPO_ROOT, "data/maintainers.json");

function xenbot(args: string[], input?: string) {
  const run = spawnSync(process.execPath, ["--import", "tsx", path.join(REPO_ROOT, "src/cli.ts"), ...args], {
    cwd: REPO_ROOT,
    input: input ?? "",
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", XENBOT_CONFIG: "" },
    timeout: 60_000,
  });
  return { code: run.status, out: run.stdout, err: run.stderr };
}

describe("xenbot CLI", () => {
  it("ask: !project 9p shows the 9P card", () => {
    const r = xenbot(["ask", "!project 9p"]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /Enabling the 9P File System transport as a paravirt device/);
    assert.match(r.out, /Andres Lagar-Cavilla/);
  });

  it("ask: !suggest easy lists only easy (or low-to-medium) projects", async () => {
    const store = await readStoreFile(REAL_STORE);
    for (let i = 0; i < 3; i++) {
      const r = xenbot(["ask", "!suggest easy"]);
      assert.equal(r.code, 0, r.err);
      const ids = [...r.out.matchAll(/\(([a-z0-9-]+)\) —/g)].map((m) => m[1]!);
      assert.ok(ids.length >= 1 && ids.length <= 3, r.out);
      for (const id of ids) {
        const p = store.projects.find((x) => x.id === id);
        assert.ok(p, `suggested id ${id} exists`);
        assert.equal(p.difficulty.min, "easy", `${id} is easy or starts at easy: ${p.difficulty.raw}`);
      }
    }
  });

  it("ask: !contact cooper shows one person with both of his projects", () => {
    const r = xenbot(["ask", "!contact cooper"]);
    assert.equal(r.code, 0, r.err);
    assert.equal((r.out.match(/Andrew Cooper/g) ?? []).length, 1, r.out);
    assert.match(r.out, /Andy Cooper/);
    assert.match(r.out, /CPU\/RAM\/PCI diagram tool/);
    assert.match(r.out, /Improvements to firmware handling HVM guests/);
  });

  it("search --json prints [{id,title,score,rank}] best first: rank 1 is best, score lower is better", () => {
    const r = xenbot(["search", "kdd", "--json", "--limit", "3"]);
    assert.equal(r.code, 0, r.err);
    const rows = JSON.parse(r.out) as Array<{ id: string; title: string; score: number; rank: number }>;
    assert.ok(rows.length >= 1 && rows.length <= 3);
    // id, title and score are as they were, so [{id,title,score}] readers keep working; rank is added.
    assert.deepEqual(Object.keys(rows[0]!).sort(), ["id", "rank", "score", "title"]);
    assert.match(rows[0]!.title, /^KDD/);
    assert.equal(rows[0]!.score, 0, "an exact id is distance 0");
    assert.deepEqual(rows.map((row) => row.rank), rows.map((_, i) => i + 1));
    for (let i = 1; i < rows.length; i++) assert.ok(rows[i]!.score >= rows[i - 1]!.score);
  });

  it("--version and -V print the package's version", () => {
    const { version } = JSON.parse(readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { version: string };
    for (const flag of ["--version", "-V"]) {
      const r = xenbot([flag]);
      assert.equal(r.code, 0, r.err);
      assert.equal(r.out, `xenbot ${version}\n`);
    }
  });

  it("refuses bad usage with exit code 2 and the usage text", () => {
    for (const args of [["frobnicate"], ["search", "x", "--limit", "0"], ["ask"], ["search", "a", "--nope"]]) {
      const r = xenbot(args);
      assert.equal(r.code, 2, `${args.join(" ")}: ${r.err}`);
      assert.match(r.err, /Usage: xenbot/);
    }
  });

  it("check validates config and store", async () => {
    const ok = xenbot(["check"]);
    assert.equal(ok.code, 0, ok.err);
    assert.match(ok.out, /config ok; store .*: 19 projects/);
    assert.match(ok.out, /maintainers .*maintainers\.json: xen\.git c447b7308b13 \(2026-08-20\), 57 sections/);
    const dir = await tempDir();
    const badConfig = path.join(dir, "bad.yaml");
    await fs.writeFile(badConfig, "irc:\n  host: h\n  port: 99999\n");
    const bad = xenbot(["check", "--config", badConfig]);
    assert.equal(bad.code, 1);
    assert.match(bad.err, /bad\.yaml.*irc\.port/);
  });

  it("start on a corrupt store stops with one clear message and leaves the file alone", async () => {
    const dir = await tempDir();
    const store = path.join(dir, "projects.json");
    await fs.writeFile(store, '{"version":1,');
    await fs.writeFile(path.join(dir, "xenbot.yaml"), "store: projects.json\n");
    const r = xenbot(["start", "--config", path.join(dir, "xenbot.yaml")]);
    assert.equal(r.code, 1);
    assert.match(r.err, new RegExp(`store file ${store.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: is not valid JSON`));
    assert.equal(r.err.trim().split("\n").length, 1, "one line");
    assert.equal(await fs.readFile(store, "utf8"), '{"version":1,');
  });

  it("start on a corrupt maintainers file stops with one clear message naming it, and leaves it alone", async () => {
    const dir = await tempDir();
    const file = path.join(dir, "maintainers.json");
    await fs.writeFile(file, "[]");
    await fs.writeFile(path.join(dir, "xenbot.yaml"), `store: ${REAL_STORE}\nmaintainers: maintainers.json\n`);
    const r = xenbot(["start", "--config", path.join(dir, "xenbot.yaml")]);
    assert.equal(r.code, 1);
    assert.match(r.err, /^xenbot: maintainers file .*maintainers\.json: does not match the maintainers schema/);
    assert.equal(r.err.trim().split("\n").length, 1, "one line");
    assert.equal(await fs.readFile(file, "utf8"), "[]");
  });

  it("start with no config answers on the console and exits at end of input", () => {
    const r = xenbot(["start"], "!project kdd\n");
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /KDD \(Windows Debugger Stub\) enhancements/);
  });

  it("start with no config serves the bundled store read-only: admin edits say how to edit a copy, and change nothing", async () => {
    const before = await fs.readFile(REAL_STORE, "utf8");
    const r = xenbot(["start"], "!set kdd difficulty Easy\n!verify kdd\n!archive kdd\n!project kdd\n");
    assert.equal(r.code, 0, r.err);
    const refusals = r.out.split("\n").filter((l) => l.startsWith("Not changed: this bot serves the bundled data/projects.json (no config names a store), which is read-only for edits."));
    assert.equal(refusals.length, 3, r.out);
    assert.match(refusals[0]!, /copy it and name your copy in a config file \(store: \.\/my-projects\.json\), then run xenbot start --config that-file\.$/);
    assert.match(r.out, /Difficulty: medium/, "the card is as before");
    assert.equal(await fs.readFile(REAL_STORE, "utf8"), before, "the tracked store is untouched");
    await assert.rejects(fs.stat(`${REAL_STORE}.bak`), "and no backup is left in the checkout");
  });

  it("a config naming its own store lets the console's admin edit it", async () => {
    const dir = await tempDir();
    await fs.copyFile(REAL_STORE, path.join(dir, "projects.json"));
    await fs.writeFile(path.join(dir, "xenbot.yaml"), "store: projects.json\nstate_dir: state\n");
    const r = xenbot(["start", "--config", path.join(dir, "xenbot.yaml")], "!set kdd difficulty Easy\n");
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /Set kdd: difficulty "Medium" → "Easy"/);
    assert.match(await fs.readFile(path.join(dir, "projects.json"), "utf8"), /"raw": "Easy"/);
  });

  it("import: dry run, write, and a re-import that changes nothing", async () => {
    const out = path.join(await tempDir(), "projects.json");
    const dry = xenbot(["import", BUNDLED_PAGE, "--out", out, "--dry-run"]);
    assert.equal(dry.code, 0, dry.err);
    assert.match(dry.out, /19/);
    await assert.rejects(fs.stat(out), "dry run writes nothing");
    const first = xenbot(["import", BUNDLED_PAGE, "--out", out]);
    assert.equal(first.code, 0, first.err);
    const bytes = await fs.readFile(out);
    const again = xenbot(["import", BUNDLED_PAGE, "--out", out]);
    assert.equal(again.code, 0, again.err);
    assert.match(again.out, /no change/i);
    assert.deepEqual(await fs.readFile(out), bytes);
  });

  it("the bundled store is exactly what the importer makes of the bundled page", async () => {
    const out = path.join(await tempDir(), "projects.json");
    await fs.copyFile(REAL_STORE, out);
    const r = xenbot(["import", BUNDLED_PAGE, "--out", out, "--dry-run"]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /no change/i, "data/projects.json must be regenerated with `xenbot import`, not edited");
  });

  it("the bundled maintainers data is exactly what the importer makes of data/sources/xen-MAINTAINERS", async () => {
    const out = path.join(await tempDir(), "maintainers.json");
    await fs.copyFile(REAL_MAINTAINERS, out);
    const bytes = await fs.readFile(out);
    const r = xenbot(["import-maintainers", "--out", out]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /No change/, "data/maintainers.json must be regenerated with `xenbot import-maintainers`, not edited");
    assert.deepEqual(await fs.readFile(out), bytes);
    const data = JSON.parse(bytes.toString("utf8")) as { source: { file: string; commit: string; date: string } };
    assert.deepEqual([data.source.file, data.source.commit, data.source.date], [BUNDLED_MAINTAINERS, "c447b7308b13", "2026-08-20"]);
  });

  it("import-maintainers and import --format maintainers are the same import; dry run, write, no change", async () => {
    const dir = await tempDir();
    const out = path.join(dir, "maintainers.json");
    const dry = xenbot(["import-maintainers", BUNDLED_MAINTAINERS, "--out", out, "--dry-run"]);
    assert.equal(dry.code, 0, dry.err);
    assert.match(dry.out, /New maintainers data: 57 sections, 49 people, xen\.git c447b7308b13 \(2026-08-20\)/);
    assert.match(dry.out, /Dry run/);
    await assert.rejects(fs.stat(out), "dry run writes nothing");
    const first = xenbot(["import", BUNDLED_MAINTAINERS, "--format", "maintainers", "--out", out]);
    assert.equal(first.code, 0, first.err);
    const bytes = await fs.readFile(out);
    // Told nothing, `import` knows the file by its V: line.
    const again = xenbot(["import", BUNDLED_MAINTAINERS, "--out", out]);
    assert.equal(again.code, 0, again.err);
    assert.match(again.out, /No change/);
    assert.deepEqual(await fs.readFile(out), bytes);
  });

  it("import-maintainers on a malformed file names the line, exits 1 and writes nothing", async () => {
    const dir = await tempDir();
    const bad = path.join(dir, "MAINTAINERS");
    const text = await fs.readFile(path.join(REPO_ROOT, BUNDLED_MAINTAINERS), "utf8");
    await fs.writeFile(bad, text.replace("F:\txen/common/{kexec,kimage}.c", "F:\txen/common/{kexec,kimage.c"));
    const out = path.join(dir, "maintainers.json");
    const r = xenbot(["import-maintainers", bad, "--out", out, "--commit", "c447b7308b13", "--date", "2026-08-20"]);
    assert.equal(r.code, 1);
    assert.match(r.err, /MAINTAINERS:\d+: "xen\/common\/\{kexec,kimage\.c" has a "\{" that is never closed/);
    assert.equal(r.err.trim().split("\n").length, 1, "one line");
    await assert.rejects(fs.stat(out));
    assert.equal(xenbot(["import", BUNDLED_PAGE, "--tree", "x"]).code, 2, "--tree is for the maintainers format");
  });
});
