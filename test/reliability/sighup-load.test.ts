// SIGHUP under load: two IRC users keep asking a real `xenbot start` (ngircd) while it is sent
// SIGHUP again and again — three times with a valid config, then twice with an invalid one.
// Every question is answered exactly once and in order (nothing lost, nothing answered twice);
// the valid reloads are applied, the invalid ones refused, and the last valid config (log_level:
// debug) stays in force after them.
import assert from "node:assert/strict";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { REAL_STORE } from "../support/bot.js";
import { spawnXenbot, type RunningCli } from "../support/cli-run.js";
import { skipUnlessServer, startNgircd, type IrcServer } from "../support/irc-servers.js";
import { IrcUser } from "../support/irc-user.js";
import { record, tally } from "./support/summary.js";

const CHANNEL = "#xen-devel";
const PER_USER = Number(process.env.XENBOT_SIGHUP_COMMANDS ?? 150);
const IDS = (JSON.parse(readFileSync(REAL_STORE, "utf8")) as { projects: Array<{ id: string }> }).projects.map((p) => p.id);

describe("reliability: SIGHUP while commands flow", { skip: skipUnlessServer("ngircd") }, () => {
  let ircd: IrcServer;
  let bot: RunningCli;
  const users: IrcUser[] = [];
  const dir = mkdtempSync(path.join(os.tmpdir(), "xenbot-hupload-"));
  const file = path.join(dir, "xenbot.yaml");
  const config = (extra: string[]) =>
    writeFileSync(
      file,
      ["store: projects.json", "state_dir: state", `irc: { host: 127.0.0.1, port: ${ircd.port}, tls: false, nick: xenbot, channels: ["${CHANNEL}"], flood: { burst: 50, interval_ms: 5 } }`, ...extra, ""].join("\n"),
    );

  before(async () => {
    ircd = await startNgircd({ noPenalty: true });
    copyFileSync(REAL_STORE, path.join(dir, "projects.json"));
    config(["log_level: info", "rate_limit: { burst: 100000, interval_ms: 1 }"]);
    for (const nick of ["asker1", "asker2"]) {
      const u = await IrcUser.connect(ircd, nick);
      await u.join(CHANNEL);
      users.push(u);
    }
    bot = spawnXenbot(["start", "--config", file], { XENBOT_LOG_LEVEL: undefined });
    await bot.waitForLog((r) => r.msg === "irc: joined channel", 30_000, "the bot in the channel");
  });
  after(async () => {
    await bot?.stop();
    for (const u of users) u.close();
    await ircd?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("answers every command once, in order, through 3 valid and 2 invalid reloads", { timeout: 180_000 }, async () => {
    const marks = users.map((u) => u.mark());
    const asked: string[][] = users.map(() => []);
    const sending = (async () => {
      for (let i = 0; i < PER_USER; i++) {
        users.forEach((u, k) => {
          const id = IDS[(i + k * 7) % IDS.length]!;
          asked[k]!.push(id);
          u.say(CHANNEL, `!project ${id}`);
        });
        await new Promise((r) => setTimeout(r, 40));
      }
    })();

    const outcome = async (msg: string): Promise<void> => {
      const before = bot.logs().filter((r) => r.msg === msg).length;
      bot.signal("SIGHUP");
      await bot.waitForLog(() => bot.logs().filter((r) => r.msg === msg).length > before, 20_000, `"${msg}"`);
      await new Promise((r) => setTimeout(r, 400));
    };
    const OK = "reloaded the config and the store";
    const REFUSED = "reload refused: the config is invalid; still running with the old config and store";
    await new Promise((r) => setTimeout(r, 300));
    config(["log_level: debug", "rate_limit: { burst: 50000, interval_ms: 1 }"]);
    await outcome(OK);
    config(["log_level: debug", "rate_limit: { burst: 60000, interval_ms: 1 }", "admins: { irc_accounts: [steward] }"]);
    await outcome(OK);
    config(["log_level: debug", "rate_limit: { burst: 70000, interval_ms: 1 }", "admins: { irc_accounts: [steward] }"]);
    await outcome(OK);
    writeFileSync(file, "irc: [this is: not valid\n");
    await outcome(REFUSED);
    writeFileSync(file, "rate_limit: { burst: 0 }\nstore: projects.json\n");
    await outcome(REFUSED);
    const refusedAt = Number(bot.logs().filter((r) => r.msg === REFUSED).at(-1)!.time);
    await sending;

    // Every answer's first line: "askerN: <title> (<id>) — <category> …".
    const answered = await Promise.all(
      users.map(async (u, k) => {
        const want = asked[k]!.length;
        const got = (): string[] =>
          u
            .messagesFrom("xenbot", marks[k])
            .map((l) => new RegExp(`^${u.nick}: .* \\(([a-z0-9-]+)\\) — `).exec(l.text.replace(/[\x02\x0f]/g, ""))?.[1])
            .filter((x): x is string => x !== undefined);
        const deadline = Date.now() + 60_000;
        while (got().length < want && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
        await new Promise((r) => setTimeout(r, 1_000)); // anything answered twice would show by now
        return got();
      }),
    );
    const total = asked.reduce((n, a) => n + a.length, 0);
    let lost = 0;
    let duplicates = 0;
    answered.forEach((ids, k) => {
      lost += Math.max(0, asked[k]!.length - ids.length);
      duplicates += Math.max(0, ids.length - asked[k]!.length);
    });
    const logs = bot.logs();
    const applied = logs.filter((r) => r.msg === OK).length;
    const refused = logs.filter((r) => r.msg === REFUSED).length;
    const debugAfter = logs.filter((r) => r.msg === "command dispatched" && Number(r.time) > refusedAt).length;
    record("SIGHUP under load: commands answered once", `${total - lost}/${total} (lost ${lost}, answered twice ${duplicates})`);
    record("SIGHUP under load: reloads", `${applied} valid applied, ${refused} invalid refused; the last valid config kept (${debugAfter} debug lines after the refusals)`);
    tally("faults survived", applied + refused);
    tally("messages lost", lost);
    tally("duplicates sent", duplicates);

    answered.forEach((ids, k) => assert.deepEqual(ids, asked[k], `${users[k]!.nick}: every question answered once, in order`));
    assert.equal(applied, 3);
    assert.equal(refused, 2);
    assert.ok(debugAfter > 0, "log_level: debug (the last valid config) still in force after the refusals");
    assert.equal(bot.logs().filter((r) => r.msg === "stopping").length, 0, "SIGHUP never stops the bot");
  });
});
