// `xenbot start` as operators run it: one real process with IRC (ngircd) and Matrix (the test
// homeserver) configured, sharing one store; one transport's trouble does not stop the other;
// SIGTERM stops both cleanly.
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { REAL_STORE, REPO_ROOT } from "../support/bot.js";
import { skipUnlessServer, startNgircd, type IrcServer } from "../support/irc-servers.js";
import { IrcUser } from "../support/irc-user.js";
import { TestHomeserver, type ClientEvent, type TestUser } from "../support/homeserver/index.js";
import { replyTo } from "../support/matrix-replies.js";

const CHANNEL = "#xen-devel";

describe("xenbot start with IRC and Matrix in one process", { skip: skipUnlessServer("ngircd") }, () => {
  let ircd: IrcServer;
  let hs: TestHomeserver;
  let botUser: TestUser;
  let steward: TestUser;
  let roomId: string;
  let user: IrcUser;
  let child: ChildProcess;
  let stderr = "";
  const dir = mkdtempSync(path.join(os.tmpdir(), "xenbot-runtime-"));

  const matrixAnswer = async (text: string): Promise<ClientEvent> => {
    const asked = hs.sendAs(steward.userId, roomId, "m.room.message", { msgtype: "m.text", body: text });
    return hs.waitForEvent(roomId, (e) => e.sender === botUser.userId && replyTo(e) === asked, 15_000);
  };
  const ircAnswer = async (text: string, match: RegExp) => {
    const since = user.mark();
    user.say(CHANNEL, text);
    // Titles are bold (\x02) where the channel allows formatting.
    return user.waitFor((l) => l.nick === "xenbot" && match.test(l.text.replace(/[\x02\x0f\x1d]/g, "")), { since, timeoutMs: 15_000 });
  };

  before(async () => {
    ircd = await startNgircd({ noPenalty: true });
    hs = await TestHomeserver.start();
    botUser = hs.registerUser("xenbot");
    steward = hs.registerUser("steward");
    roomId = hs.createRoom(steward.userId, { room_alias_name: "xen-devel", preset: "public_chat" });
    copyFileSync(REAL_STORE, path.join(dir, "projects.json"));
    writeFileSync(
      path.join(dir, "xenbot.yaml"),
      [
        "store: projects.json",
        "state_dir: state",
        "irc:",
        `  host: 127.0.0.1`,
        `  port: ${ircd.port}`,
        "  tls: false",
        "  nick: xenbot",
        `  channels: ["${CHANNEL}"]`,
        "  reconnect: { min_delay_ms: 100, max_delay_ms: 1000 }",
        "matrix:",
        `  homeserver: ${hs.url}`,
        `  user_id: "${botUser.userId}"`,
        `  rooms: ["#xen-devel:${hs.serverName}"]`,
        "  reconnect: { min_delay_ms: 100, max_delay_ms: 1000 }",
        "admins:",
        `  matrix_users: ["${steward.userId}"]`,
        "",
      ].join("\n"),
    );
    child = spawn(process.execPath, ["--import", "tsx", path.join(REPO_ROOT, "src/cli.ts"), "start", "--config", path.join(dir, "xenbot.yaml")], {
      cwd: REPO_ROOT, // for tsx; the config's relative paths are resolved against its own folder
      env: { ...process.env, XENBOT_MATRIX_ACCESS_TOKEN: botUser.accessToken, XENBOT_CONFIG: "" },
      stdio: ["ignore", "ignore", "pipe"],
    });
    const joinedIrc = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`bot did not join ${CHANNEL}; its log:\n${stderr}`)), 30_000);
      child.stderr!.on("data", (d: Buffer) => {
        stderr += d.toString("utf8");
        if (stderr.includes('"msg":"irc: joined channel"')) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    user = await IrcUser.connect(ircd, "newbie");
    await user.join(CHANNEL);
    await joinedIrc;
    await hs.waitFor(() => hs.membership(roomId, botUser.userId) === "join", 30_000, "bot joined the Matrix room");
  });

  after(async () => {
    if (child && child.exitCode === null) child.kill("SIGKILL");
    user?.close();
    await ircd?.stop();
    await hs?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("answers on both networks from one store: an edit made on Matrix shows on IRC", async () => {
    await ircAnswer("!project kdd", /^newbie: KDD \(Windows Debugger Stub\) enhancements/);
    const archived = await matrixAnswer("!archive kdd");
    assert.match(String(archived.content.body), /Archived kdd/);
    await ircAnswer("!project kdd", /\[archived\]/);
  });

  it("keeps answering on IRC while the homeserver is down", async () => {
    await hs.down();
    try {
      await ircAnswer("!project 9p", /9P File System/);
    } finally {
      await hs.up();
    }
    const answer = await matrixAnswer("!project 9p");
    assert.match(String(answer.content.body), /9P File System/);
  });

  it("stops both transports cleanly on SIGTERM", async () => {
    const quit = user.waitFor((l) => l.command === "QUIT" && l.nick === "xenbot", { timeoutMs: 15_000 });
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    child.kill("SIGTERM");
    const quitLine = await quit;
    assert.match(quitLine.text, /SIGTERM/);
    assert.equal(await exited, 0, stderr.split("\n").slice(-5).join("\n"));
    assert.match(stderr, /"msg":"stopping"/);
  });
});
