// A bot that cannot connect says so where the operator looks, on a real ngircd: a wrong port and
// TLS spoken to the plain-text port are logged at warn with the cause and what to check, then at
// error once it has failed for a while; `xenbot check --connect` exits 1 naming host, port and
// the hint, and 0 against the right port.
import assert from "node:assert/strict";
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { REAL_STORE } from "../../support/bot.js";
import { runXenbot } from "../../support/cli-run.js";
import { startIrcBot } from "../../support/irc-bot.js";
import { freePort, skipUnlessServer, startNgircd, type IrcServer } from "../../support/irc-servers.js";
import { captureLogs } from "../../support/log-capture.js";

describe("IRC connection failures on ngircd", { skip: skipUnlessServer("ngircd") }, () => {
  let ircd: IrcServer;
  const dir = mkdtempSync(path.join(os.tmpdir(), "xenbot-connfail-"));
  copyFileSync(REAL_STORE, path.join(dir, "projects.json"));

  before(async () => {
    ircd = await startNgircd({ tls: true });
  });
  after(async () => {
    await ircd?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  function check(name: string, irc: string): ReturnType<typeof runXenbot> {
    const file = path.join(dir, `${name}.yaml`);
    writeFileSync(file, `store: projects.json\nstate_dir: state-${name}\nirc: { host: 127.0.0.1, ${irc}, tls_verify: false }\n`);
    return runXenbot(["check", "--connect", "--config", file], { XENBOT_CONNECT_TIMEOUT_MS: "8000" });
  }

  it("a wrong port: warn with the cause, then error; check --connect exits 1 naming host and port", async () => {
    const port = await freePort();
    const log = captureLogs("info");
    const bot = await startIrcBot({ host: "127.0.0.1", port }, { log, waitFor: false, irc: { reconnect: { min_delay_ms: 100, max_delay_ms: 300 } }, timings: { escalateAfterMs: 1_500 } });
    try {
      const warn = await log.waitForNext("irc connection", (r) => r.state === "disconnected");
      assert.equal(warn.level, 40);
      assert.equal(warn.cause, "refused");
      assert.match(String(warn.error), /ECONNREFUSED/);
      assert.match(String(warn.hint), new RegExp(`nothing listens on 127\\.0\\.0\\.1:${port}`));
      const error = await log.waitForLog("irc: cannot connect; still trying", 20_000);
      assert.equal(error.level, 50);
      assert.equal(error.cause, "refused");
      assert.ok(Number(error.failingForMs) >= 1_500);
      // From then on each failed attempt is an error too.
      await log.waitForNext("irc connection", (r) => r.state === "disconnected" && r.level === 50, 20_000);
    } finally {
      await bot.stop();
    }
    const r = check("wrong-port", `port: ${port}, tls: false`);
    assert.equal(r.code, 1, r.err);
    assert.match(r.out, /^config ok/);
    assert.match(r.err, new RegExp(`error: connect: IRC 127\\.0\\.0\\.1:${port} \\(plain text\\): ECONNREFUSED`));
    assert.match(r.err, /hint: connection refused: nothing listens on/);
  });

  it("TLS to the plain-text port: warn saying the port does not speak TLS; check --connect says so too", { timeout: 90_000 }, async () => {
    const log = captureLogs("info");
    const bot = await startIrcBot(ircd, { log, waitFor: false, irc: { tls: true, tls_verify: false } });
    try {
      // ngircd holds the handshake as a line of text for about 20 s, then drops the connection.
      const warn = await log.waitForNext("irc connection", (r) => r.state === "disconnected", 60_000);
      assert.equal(warn.level, 40);
      assert.equal(warn.cause, "tls-mismatch", JSON.stringify(warn));
      assert.match(String(warn.hint), new RegExp(`127\\.0\\.0\\.1:${ircd.port} does not speak TLS.*irc\\.tls: false`));
    } finally {
      await bot.stop();
    }
    const r = check("tls-mismatch", `port: ${ircd.port}, tls: true`);
    assert.equal(r.code, 1, r.err);
    assert.match(r.err, new RegExp(`error: connect: IRC 127\\.0\\.0\\.1:${ircd.port} \\(TLS\\): the TLS handshake got no answer`));
    assert.match(r.err, /hint: .* does not speak TLS: this looks like a plain-text port; set irc\.tls: false/);
  });

  it("check --connect registers on the right ports, plain and TLS", () => {
    for (const [name, irc] of [["plain", `port: ${ircd.port}, tls: false`], ["tls", `port: ${ircd.tlsPort}, tls: true`]] as const) {
      const r = check(name, irc);
      assert.equal(r.code, 0, r.err);
      assert.match(r.out, /connect: IRC 127\.0\.0\.1:\d+ \((plain text|TLS)\): ok, registered as xenbot/);
      assert.equal(r.err, "");
    }
  });
});
