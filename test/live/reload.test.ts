// SIGHUP as operators send it (`systemctl reload xenbot`), to a real `xenbot start` on ngircd:
// a valid config and store are applied live (rate limits, admins, the store's data), a change to
// a connection setting is named as needing a restart, an invalid config or store is refused with
// an error line and the old ones keep serving, and the bot never exits on SIGHUP.
import assert from "node:assert/strict";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { REAL_STORE, REPO_ROOT } from "../support/bot.js";
import { spawnXenbot, type RunningCli } from "../support/cli-run.js";
import { skipUnlessServer, startNgircd, type IrcServer } from "../support/irc-servers.js";
import { IrcUser } from "../support/irc-user.js";

const CHANNEL = "#xen-devel";

describe("SIGHUP reloads the config and the store", { skip: skipUnlessServer("ngircd") }, () => {
  let ircd: IrcServer;
  let bot: RunningCli;
  let user: IrcUser;
  const dir = mkdtempSync(path.join(os.tmpdir(), "xenbot-reload-"));
  const configFile = path.join(dir, "xenbot.yaml");
  const storeFile = path.join(dir, "projects.json");
  const config = (extra: string, nick = "xenbot") =>
    writeFileSync(configFile, ["store: projects.json", "state_dir: state", "irc:", "  host: 127.0.0.1", `  port: ${ircd.port}`, "  tls: false", `  nick: ${nick}`, `  channels: ["${CHANNEL}"]`, "  flood: { burst: 20, interval_ms: 50 }", extra, ""].join("\n"));

  /** Sends SIGHUP and waits for the outcome line the reload writes. */
  const hup = async (msg: string) => {
    const before = bot.logs().filter((r) => r.msg === msg).length;
    bot.signal("SIGHUP");
    return bot.waitForLog(() => bot.logs().filter((r) => r.msg === msg).length > before, 20_000, `"${msg}"`).then(() => bot.logs().filter((r) => r.msg === msg).at(-1)!);
  };
  const ask = async (text: string, match: RegExp) => {
    const since = user.mark();
    user.say(CHANNEL, text);
    return user.waitFor((l) => l.nick === "xenbot" && match.test(l.text.replace(/[\x02\x0f]/g, "")), { since, timeoutMs: 15_000 });
  };

  before(async () => {
    ircd = await startNgircd({ noPenalty: true });
    copyFileSync(REAL_STORE, storeFile);
    config("rate_limit: { burst: 1000, interval_ms: 1 }");
    user = await IrcUser.connect(ircd, "newbie");
    await user.join(CHANNEL);
    bot = spawnXenbot(["start", "--config", configFile]);
    await bot.waitForLog((r) => r.msg === "irc: joined channel", 30_000, "the bot in the channel");
  });
  after(async () => {
    await bot?.stop();
    user?.close();
    await ircd?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("applies new rate limits and admins live, and says what it applied", async () => {
    await ask("!project kdd", /^newbie: KDD/);
    config("rate_limit: { burst: 1, interval_ms: 60000 }\nadmins: { irc_accounts: [someone] }");
    const done = await hup("reloaded the config and the store");
    assert.deepEqual(done.applied, ["rate_limit", "admins"]);
    assert.equal(done.projects, 19);
    await ask("!project kdd", /^newbie: KDD/);
    await ask("!project 9p", /sending commands too fast/);
  });

  it("names a changed connection setting as needing a restart and keeps the connection", async () => {
    config("rate_limit: { burst: 1000, interval_ms: 1 }", "othernick");
    const warn = await hup("reload: irc changed and needs a restart; still running with the old values");
    assert.equal(warn.level, 40);
    assert.deepEqual(warn.keys, ["irc"]);
    await new Promise((r) => setTimeout(r, 200)); // the fresh limiter is in force
    await ask("!project kdd", /^newbie: KDD/);
  });

  it("refuses an invalid config, logs why at error, and keeps the old one", async () => {
    writeFileSync(configFile, "rate_limit: { burst: -1 }\nirc: [not, a, mapping]\n");
    const line = await hup("reload refused: the config is invalid; still running with the old config and store");
    assert.equal(line.level, 50);
    assert.match(String(line.reason), /config .*xenbot\.yaml: /);
    await ask("!project kdd", /^newbie: KDD/);
    await ask("!project 9p", /^newbie: Enabling the 9P/); // the old limits (burst 1000) still hold
  });

  it("refuses an invalid store and serves the old data; a valid edit is served after the next SIGHUP", async () => {
    config("rate_limit: { burst: 1000, interval_ms: 1 }");
    const good = readFileSync(storeFile, "utf8");
    writeFileSync(storeFile, good.slice(0, 500));
    const line = await hup("reload refused: the store is invalid; still running with the old config and store");
    assert.equal(line.level, 50);
    assert.match(String(line.reason), /projects\.json: is not valid JSON/);
    await ask("!project kdd", /^newbie: KDD \(Windows Debugger Stub\) enhancements/);

    writeFileSync(storeFile, good.replace("KDD (Windows Debugger Stub) enhancements", "KDD (Windows Debugger Stub) improvements"));
    await hup("reloaded the config and the store");
    await ask("!project kdd", /^newbie: KDD \(Windows Debugger Stub\) improvements/);
  });

  it("checks the MAINTAINERS data a restart would read: a missing file is refused now, a new path needs a restart", async () => {
    config("rate_limit: { burst: 1000, interval_ms: 1 }\nmaintainers: nowhere/maintainers.json");
    const refused = await hup("reload refused: the MAINTAINERS data is invalid; still running with the old config and store");
    assert.equal(refused.level, 50);
    assert.match(String(refused.file), /nowhere\/maintainers\.json$/);
    await ask("!cc xen/common/kexec.c", /^newbie: Cc for xen\/common\/kexec\.c: KEXEC/);
    copyFileSync(path.join(REPO_ROOT, "data", "maintainers.json"), path.join(dir, "maintainers.json"));
    config("rate_limit: { burst: 1000, interval_ms: 1 }\nmaintainers: maintainers.json");
    const warn = await hup("reload: maintainers changed and needs a restart; still running with the old values");
    assert.deepEqual(warn.keys, ["maintainers"]);
  });

  it("never exits on SIGHUP; SIGTERM still stops it with QUIT", async () => {
    for (let i = 0; i < 3; i++) bot.signal("SIGHUP");
    await new Promise((r) => setTimeout(r, 1_000));
    await ask("!project kdd", /^newbie: KDD/);
    const quit = user.waitFor((l) => l.command === "QUIT" && l.nick === "xenbot", { timeoutMs: 15_000 });
    assert.equal(await bot.stop(), 0, bot.stderr().slice(-2000));
    assert.match((await quit).text, /SIGTERM/);
  });
});
