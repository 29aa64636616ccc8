// A bot that cannot reach its homeserver says so, on the test homeserver: the homeserver down
// (connection refused) and https:// to its plain-HTTP port are logged at warn with the cause and
// what to check, then once at error; `xenbot check --connect` tries /versions and whoami (or a
// password login, logged out at once) and exits 1 naming the host, port and hint.
import assert from "node:assert/strict";
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { REAL_STORE } from "../../support/bot.js";
import { runXenbotAsync } from "../../support/cli-run.js";
import { freePort } from "../../support/irc-servers.js";
import { startMatrixBot } from "../../support/matrix-bot.js";
import { TestHomeserver, type TestUser } from "../../support/homeserver/index.js";

describe("Matrix connection failures", () => {
  let hs: TestHomeserver;
  let botUser: TestUser;
  const dir = mkdtempSync(path.join(os.tmpdir(), "xenbot-mxfail-"));
  copyFileSync(REAL_STORE, path.join(dir, "projects.json"));

  before(async () => {
    hs = await TestHomeserver.start();
    botUser = hs.registerUser("xenbot", { password: "bot-password-1" });
  });
  after(async () => {
    await hs?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function check(name: string, homeserver: string, env: NodeJS.ProcessEnv): ReturnType<typeof runXenbotAsync> {
    const file = path.join(dir, `${name}.yaml`);
    writeFileSync(file, `store: projects.json\nstate_dir: state-${name}\nmatrix: { homeserver: "${homeserver}", user_id: "${botUser.userId}" }\n`);
    return runXenbotAsync(["check", "--connect", "--config", file], { XENBOT_CONNECT_TIMEOUT_MS: "4000", ...env });
  }

  it("nothing listening: warn with the cause, then error; check --connect exits 1 naming host and port", async () => {
    const port = await freePort();
    const bot = await startMatrixBot(hs, { user: botUser, matrix: { homeserver: `http://127.0.0.1:${port}` }, escalateAfterMs: 1_000 });
    try {
      const warn = await bot.log.waitForLog("matrix connection");
      const first = bot.records.find((r) => r.msg === "matrix connection" && r.state === "disconnected")
        ?? (await bot.log.waitForNext("matrix connection", (r) => r.state === "disconnected"));
      assert.ok(warn);
      assert.equal(first.level, 40);
      assert.equal(first.cause, "refused");
      assert.match(String(first.hint), new RegExp(`nothing listens on 127\\.0\\.0\\.1:${port}`));
      const error = await bot.log.waitForLog("matrix: cannot reach the homeserver; still trying", 20_000);
      assert.equal(error.level, 50);
      assert.equal(error.cause, "refused");
      assert.ok(Number(error.failingForMs) >= 1_000);
    } finally {
      await bot.stop();
    }
    const r = await check("down", `http://127.0.0.1:${port}`, { XENBOT_MATRIX_ACCESS_TOKEN: botUser.accessToken });
    assert.equal(r.code, 1, r.err);
    assert.match(r.err, new RegExp(`error: connect: Matrix http://127\\.0\\.0\\.1:${port} \\(127\\.0\\.0\\.1:${port}\\) as @xenbot:\\S+: ECONNREFUSED`));
    assert.match(r.err, /hint: connection refused: nothing listens/);
  });

  it("https:// to a plain-HTTP port: the hint says it does not speak TLS", async () => {
    const url = `https://127.0.0.1:${hs.port}`;
    const bot = await startMatrixBot(hs, { user: botUser, matrix: { homeserver: url } });
    try {
      const line = await bot.log.waitForNext("matrix connection", (r) => r.state === "disconnected");
      assert.equal(line.level, 40);
      assert.equal(line.cause, "tls-mismatch", JSON.stringify(line));
      assert.match(String(line.hint), /does not speak TLS: use http:\/\//);
    } finally {
      await bot.stop();
    }
    const r = await check("tls", url, { XENBOT_MATRIX_ACCESS_TOKEN: botUser.accessToken });
    assert.equal(r.code, 1, r.err);
    assert.match(r.err, /hint: 127\.0\.0\.1:\d+ does not speak TLS/);
  });

  it("check --connect: a refused token exits 1 with the hint; a good token and a password login pass", async () => {
    const bad = await check("bad-token", hs.url, { XENBOT_MATRIX_ACCESS_TOKEN: "not-a-token" });
    assert.equal(bad.code, 1, bad.err);
    assert.match(bad.err, /whoami with the access token refused: HTTP 401 M_UNKNOWN_TOKEN/);
    assert.match(bad.err, /hint: the homeserver refuses the access token/);
    const good = await check("good-token", hs.url, { XENBOT_MATRIX_ACCESS_TOKEN: botUser.accessToken });
    assert.equal(good.code, 0, good.err);
    assert.match(good.out, /connect: Matrix .*: ok, the homeserver speaks \d+ Client-Server API versions; the token is @xenbot:\S+'s/);
    const password = await check("password", hs.url, { XENBOT_MATRIX_PASSWORD: "bot-password-1" });
    assert.equal(password.code, 0, password.err);
    assert.match(password.out, /the password login as @xenbot:\S+ works/);
    const wrong = await check("wrong-password", hs.url, { XENBOT_MATRIX_PASSWORD: "nope" });
    assert.equal(wrong.code, 1);
    assert.match(wrong.err, /the password login was refused: HTTP 403 M_FORBIDDEN/);
    assert.match(wrong.err, /hint: the homeserver refuses the login/);
  });
});
