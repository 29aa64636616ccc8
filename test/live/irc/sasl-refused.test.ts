// A refused SASL login, on InspIRCd with Anope's NickServ: the bot logs it at error with what to
// check (and stays connected without the account); `xenbot check --connect` exits 1 naming the
// server and the account, and 0 with the right password.
import assert from "node:assert/strict";
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { REAL_STORE } from "../../support/bot.js";
import { runXenbot } from "../../support/cli-run.js";
import { startIrcBot } from "../../support/irc-bot.js";
import { skipUnlessServer, startInspircdWithAnope, type ServicesNetwork } from "../../support/irc-servers.js";
import { IrcUser } from "../../support/irc-user.js";
import { captureLogs } from "../../support/log-capture.js";

const skip = skipUnlessServer("inspircd") || skipUnlessServer("anope");

describe("a refused SASL login on InspIRCd + Anope", { skip }, () => {
  let net: ServicesNetwork;
  const dir = mkdtempSync(path.join(os.tmpdir(), "xenbot-sasl-"));
  copyFileSync(REAL_STORE, path.join(dir, "projects.json"));

  before(async () => {
    net = await startInspircdWithAnope({ commandrate: 100_000, threshold: 50 });
    const owner = await IrcUser.connect(net.ircd, "xenbot");
    const since = owner.mark();
    owner.say("NickServ", "REGISTER right-secret-1 xenbot@example.org");
    await owner.waitFor((l) => l.command === "900", { since, timeoutMs: 10_000 });
    await owner.quit();
  });
  after(async () => {
    await net?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("the bot logs the refusal at error with a hint, and stays connected without the account", async () => {
    const log = captureLogs("info");
    const bot = await startIrcBot(net.ircd, { log, irc: { sasl: { account: "xenbot" } }, env: { XENBOT_IRC_PASSWORD: "wrong-secret" } });
    try {
      const line = await log.waitForLog("irc: SASL login failed");
      assert.equal(line.level, 50);
      assert.equal(line.cause, "sasl");
      assert.equal(line.account, "xenbot");
      assert.match(String(line.hint), /refused the SASL login for account "xenbot": check irc\.sasl\.account and XENBOT_IRC_PASSWORD/);
      assert.equal(bot.transport.status().connected, true);
    } finally {
      await bot.stop();
    }
  });

  it("check --connect exits 1 naming the server and the account; 0 with the right password", () => {
    const file = path.join(dir, "xenbot.yaml");
    writeFileSync(file, `store: projects.json\nirc: { host: 127.0.0.1, port: ${net.ircd.port}, tls: false, nick: xenbot, sasl: { account: xenbot } }\n`);
    const wrong = runXenbot(["check", "--connect", "--config", file], { XENBOT_IRC_PASSWORD: "wrong-secret", XENBOT_CONNECT_TIMEOUT_MS: "10000" });
    assert.equal(wrong.code, 1, wrong.err);
    assert.match(wrong.err, new RegExp(`error: connect: IRC 127\\.0\\.0\\.1:${net.ircd.port} \\(plain text\\): SASL login as "xenbot" refused \\(904`));
    assert.match(wrong.err, /hint: the server's services refused the SASL login for account "xenbot"/);
    const right = runXenbot(["check", "--connect", "--config", file], { XENBOT_IRC_PASSWORD: "right-secret-1", XENBOT_CONNECT_TIMEOUT_MS: "10000" });
    assert.equal(right.code, 0, right.err);
    assert.match(right.out, /ok, registered as xenbot; SASL login as xenbot accepted/);
  });
});
