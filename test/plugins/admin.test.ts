// Admin commands through the real dispatcher, on a copy of the real store on disk.
import assert from "node:assert/strict";
import { promises as fs } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { readStoreFile } from "../../src/store/store-file.js";
import { REAL_STORE, ask, testBot } from "../support/bot.js";
import { tempDir } from "../support/store-fixture.js";

const ADMINS = { irc_accounts: ["steward"], matrix_users: ["@steward:xen.example"] };
const ircAdmin = { transport: "irc", nick: "stew", account: "steward" };
const matrixAdmin = { transport: "matrix", nick: "@steward:xen.example", account: "@steward:xen.example" };

async function setup() {
  const dir = await tempDir();
  const store = path.join(dir, "projects.json");
  await fs.copyFile(REAL_STORE, store);
  const stateDir = path.join(dir, "state");
  const bot = await testBot({ store, config: { state_dir: stateDir, admins: ADMINS } });
  return { bot, store, stateDir };
}

async function audit(stateDir: string): Promise<Array<Record<string, string>>> {
  const body = await fs.readFile(path.join(stateDir, "audit.jsonl"), "utf8");
  return body.trim().split("\n").map((l) => JSON.parse(l) as Record<string, string>);
}

describe("admin commands", () => {
  it("an admin's edit shows at once, is on disk with a backup, and is audited", async () => {
    const { bot, store, stateDir } = await setup();
    const before = await fs.readFile(store, "utf8");
    const set = await ask(bot, "!set kdd difficulty Low to medium", ircAdmin);
    assert.equal(set.status, "ok", set.text);
    assert.match(set.text, /Set kdd: difficulty "Medium" → "Low to medium"/);
    assert.match((await ask(bot, "!project kdd")).text, /Difficulty: easy to medium/);
    const onDisk = await readStoreFile(store);
    assert.deepEqual(onDisk.projects.find((p) => p.id === "kdd")!.difficulty, { raw: "Low to medium", known: true, min: "easy", max: "medium" });
    assert.equal(await fs.readFile(`${store}.bak`, "utf8"), before);
    const [entry] = await audit(stateDir);
    assert.equal(entry!.by, "irc:steward");
    assert.equal(entry!.action, "set");
    assert.equal(entry!.old, "Medium");
    assert.equal(entry!.new, "Low to medium");
    assert.match((await ask(bot, "!history kdd", ircAdmin)).text, /irc:steward set: difficulty "Medium" → "Low to medium"/);
  });

  it("refuses the admin's nick without the account, another account, and a Matrix non-admin", async () => {
    const { bot, store, stateDir } = await setup();
    const before = await fs.readFile(store, "utf8");
    for (const who of [
      { transport: "irc", nick: "stew", account: null },
      { transport: "irc", nick: "steward", account: null },
      { transport: "irc", nick: "stew", account: "mallory" },
      { transport: "matrix", nick: "@mallory:xen.example", account: "@mallory:xen.example" },
    ]) {
      const a = await ask(bot, "!archive kdd", who);
      assert.equal(a.status, "user-error", JSON.stringify(who));
      assert.match(a.text, /for the bot's admins/);
    }
    assert.equal(await fs.readFile(store, "utf8"), before);
    await assert.rejects(fs.stat(path.join(stateDir, "audit.jsonl")));
  });

  it("refuses a bad value with the reason and changes nothing", async () => {
    const { bot, store } = await setup();
    const before = await fs.readFile(store, "utf8");
    const bad = await ask(bot, "!set kdd difficulty impossible", matrixAdmin);
    assert.equal(bad.status, "user-error");
    assert.match(bad.text, /^Not changed: difficulty "impossible" is not recognised/);
    assert.match((await ask(bot, "!set kdd colour red", matrixAdmin)).text, /"colour" cannot be set; editable fields: difficulty, skills, contact, description/);
    assert.match((await ask(bot, "!set nosuch difficulty Easy", matrixAdmin)).text, /No project with id "nosuch"/);
    assert.equal((await ask(bot, "!set kdd difficulty", matrixAdmin)).status, "usage");
    assert.equal(await fs.readFile(store, "utf8"), before);
  });

  it("archive hides from suggestions and lists but !project still finds it", async () => {
    const { bot } = await setup();
    assert.match((await ask(bot, "!archive ovmf-csm", ircAdmin)).text, /Archived ovmf-csm/);
    for (let i = 0; i < 5; i++) assert.doesNotMatch((await ask(bot, "!suggest easy")).text, /ovmf-csm/);
    assert.doesNotMatch((await ask(bot, "!projects")).text, /ovmf-csm/);
    assert.match((await ask(bot, "!project ovmf-csm")).text, /\[archived\]/);
    assert.match((await ask(bot, "!archive ovmf-csm", ircAdmin)).text, /already archived/);
    assert.match((await ask(bot, "!unarchive ovmf-csm", ircAdmin)).text, /Unarchived/);
    assert.match((await ask(bot, "!projects")).text, /ovmf-csm/);
  });

  it("!set contact rebuilds people, so !contact finds the new person", async () => {
    const { bot } = await setup();
    const r = await ask(bot, "!set drbd contact Jane Roe <jane@roe.org> and John Morris <john@zultron.com>", ircAdmin);
    assert.equal(r.status, "ok", r.text);
    assert.match((await ask(bot, "!contact jane roe")).text, /Jane Roe <jane@roe\.org>[\s\S]*DRBD Integration/);
    assert.match((await ask(bot, "!contact drbd")).text, /Jane Roe.*John Morris/);
  });

  it("!verify marks today and the card shows it; !stale lists the rest", async () => {
    const { bot } = await setup();
    const v = await ask(bot, "!verify kdd", ircAdmin);
    assert.match(v.text, /Verified kdd: verified "Not updated in 2020" → "\d{4}-\d{2}-\d{2}"/);
    assert.match((await ask(bot, "!project kdd")).text, /verified \d{4}-\d{2}-\d{2}/);
    const stale = await ask(bot, "!stale", ircAdmin);
    assert.match(stale.text, /^18 projects not verified for over 365 days/);
    assert.doesNotMatch(stale.text, /\bkdd\b/);
  });

  it("!stale never claims more days than the page's date allows: 'Not updated in 2020' counts from the end of 2020", async () => {
    const { bot, store } = await setup();
    const sinceEnd2020 = Math.floor((Date.now() - Date.UTC(2020, 11, 31)) / 86_400_000);
    const none = await ask(bot, "!stale 10000", ircAdmin);
    assert.equal(none.status, "ok");
    assert.equal(none.text, `No project is known to be unverified for over 10000 days: the oldest is quickpath, "Not updated in 2020", counted from 2020-12-31: ${sinceEnd2020} days.`);
    assert.match((await ask(bot, `!stale ${sinceEnd2020 + 1}`, ircAdmin)).text, /^No project is known/);
    const all = await ask(bot, `!stale ${sinceEnd2020 - 1}`, ircAdmin);
    assert.match(all.text, /^19 projects not verified for over \d+ days: quickpath, /);
    assert.match(all.text, /\nCounted from the latest day the page's words allow: "Not updated in 2020" from 2020-12-31\.\n/);
    // A field with no date at all is listed apart, with no number of days claimed for it.
    const data = JSON.parse(await fs.readFile(store, "utf8")) as { projects: Array<{ id: string; verified: unknown }> };
    data.projects.find((p) => p.id === "drbd")!.verified = { raw: "Never verified", iso: null, readings: [], ambiguous: false, year: null, stale: true };
    await fs.writeFile(store, JSON.stringify(data));
    await ask(bot, "!reload", ircAdmin);
    const undated = await ask(bot, "!stale 10000", ircAdmin);
    assert.match(undated.text, /^No project is known to be unverified for over 10000 days: .*\n1 with no verification date on the page: drbd\n/);
  });

  it("two admins editing at once lose nothing", async () => {
    const { bot, store, stateDir } = await setup();
    const results = await Promise.all([
      ask(bot, "!set kdd skills C, Python", ircAdmin),
      ask(bot, "!set drbd difficulty Hard", matrixAdmin),
      ask(bot, "!verify cpuid", ircAdmin),
      ask(bot, "!archive tiny-vm", matrixAdmin),
    ]);
    for (const r of results) assert.equal(r.status, "ok", r.text);
    const onDisk = await readStoreFile(store);
    const p = (id: string) => onDisk.projects.find((x) => x.id === id)!;
    assert.deepEqual(p("kdd").skills.tags.sort(), ["C", "Python"]);
    assert.equal(p("drbd").difficulty.min, "hard");
    assert.equal(p("cpuid").verified.stale, false);
    assert.equal(p("tiny-vm").archived, true);
    assert.equal((await audit(stateDir)).length, 4);
  });

  it("!reload keeps serving the old data when the file is broken, and says why", async () => {
    const { bot, store } = await setup();
    await fs.writeFile(store, "{ not json");
    const r = await ask(bot, "!reload", ircAdmin);
    assert.equal(r.status, "user-error");
    assert.match(r.text, /Reload failed; still serving the previous data\. store file .*: is not valid JSON/);
    assert.match((await ask(bot, "!project kdd")).text, /KDD/);
    await fs.copyFile(REAL_STORE, store);
    assert.match((await ask(bot, "!reload", ircAdmin)).text, /Reloaded .*19 projects/);
  });

  it("keeps answering and says so when the audit log cannot be written", async () => {
    const dir = await tempDir();
    const store = path.join(dir, "projects.json");
    await fs.copyFile(REAL_STORE, store);
    const blocker = path.join(dir, "state-is-a-file");
    await fs.writeFile(blocker, "");
    const bot = await testBot({ store, config: { state_dir: blocker, admins: ADMINS } });
    const r = await ask(bot, "!verify kdd", ircAdmin);
    assert.equal(r.status, "ok");
    assert.match(r.text, /the change is saved, but the audit log could not be written/);
    assert.match((await ask(bot, "!project kdd")).text, /KDD/);
  });
});
