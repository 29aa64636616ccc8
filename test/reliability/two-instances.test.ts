// Two instances on one state_dir: a bot answers on IRC (ngircd) and Matrix (the test homeserver);
// a second `xenbot start` on the same config refuses at once (exit 1, naming the directory and
// the first one's pid) while the first keeps answering every command exactly once on both networks.
import assert from "node:assert/strict";
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { REAL_STORE } from "../support/bot.js";
import { runXenbotAsync, spawnXenbot, type RunningCli } from "../support/cli-run.js";
import { skipUnlessServer, startNgircd, type IrcServer } from "../support/irc-servers.js";
import { IrcUser } from "../support/irc-user.js";
import { replyTo } from "../support/matrix-replies.js";
import { TestHomeserver, type TestUser } from "../support/homeserver/index.js";
import { record, tally } from "./support/summary.js";

const CHANNEL = "#xen-devel";
const ROUNDS = 10;

describe("reliability: a second instance on the same state_dir", { skip: skipUnlessServer("ngircd") }, () => {
  let ircd: IrcServer;
  let hs: TestHomeserver;
  let botUser: TestUser;
  let steward: TestUser;
  let roomId: string;
  let first: RunningCli;
  let user: IrcUser;
  const dir = mkdtempSync(path.join(os.tmpdir(), "xenbot-two-"));
  const file = path.join(dir, "xenbot.yaml");

  before(async () => {
    ircd = await startNgircd({ noPenalty: true });
    hs = await TestHomeserver.start();
    botUser = hs.registerUser("xenbot");
    steward = hs.registerUser("steward");
    roomId = hs.createRoom(steward.userId, { room_alias_name: "xen-devel", preset: "public_chat" });
    copyFileSync(REAL_STORE, path.join(dir, "projects.json"));
    writeFileSync(
      file,
      [
        "store: projects.json",
        "state_dir: state",
        "rate_limit: { burst: 1000, interval_ms: 1 }",
        `irc: { host: 127.0.0.1, port: ${ircd.port}, tls: false, nick: xenbot, channels: ["${CHANNEL}"], flood: { burst: 50, interval_ms: 5 } }`,
        `matrix: { homeserver: "${hs.url}", user_id: "${botUser.userId}", rooms: ["#xen-devel:${hs.serverName}"], reconnect: { min_delay_ms: 100, max_delay_ms: 1000 } }`,
        "",
      ].join("\n"),
    );
    user = await IrcUser.connect(ircd, "newbie");
    await user.join(CHANNEL);
    first = spawnXenbot(["start", "--config", file], { XENBOT_MATRIX_ACCESS_TOKEN: botUser.accessToken });
    await first.waitForLog((r) => r.msg === "irc: joined channel", 30_000, "the bot in the channel");
    await hs.waitFor(() => hs.membership(roomId, botUser.userId) === "join", 30_000, "the bot in the room");
  });
  after(async () => {
    await first?.stop();
    user?.close();
    await ircd?.stop();
    await hs?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function askBoth(): Promise<{ irc: number; matrix: number; asked: number }> {
    const since = user.mark();
    const events: string[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      user.say(CHANNEL, "!project kdd");
      events.push(hs.sendAs(steward.userId, roomId, "m.room.message", { msgtype: "m.text", body: "!project 9p" }));
    }
    const repliesTo = (id: string) => hs.eventsFrom(roomId, botUser.userId).filter((e) => replyTo(e) === id).length;
    const ircAnswers = () => user.messagesFrom("xenbot", since).filter((l) => /^newbie: KDD/.test(l.text.replace(/[\x02\x0f]/g, ""))).length;
    const deadline = Date.now() + 30_000;
    while ((ircAnswers() < ROUNDS || events.some((e) => repliesTo(e) < 1)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 2_000)); // a second answerer would have answered by now
    return { irc: ircAnswers(), matrix: events.reduce((n, e) => n + repliesTo(e), 0), asked: ROUNDS };
  }

  it("the second refuses at once, naming the state_dir and the pid; the first answers each command once", { timeout: 120_000 }, async () => {
    const before = await askBoth();
    const started = Date.now();
    const second = await runXenbotAsync(["start", "--config", file], { XENBOT_MATRIX_ACCESS_TOKEN: botUser.accessToken });
    const refusedInMs = Date.now() - started;
    const after = await askBoth();
    const message = second.err.trim();
    record("two instances: the second start", `exit ${second.code} in ${refusedInMs} ms: ${message.slice(0, 150)}`);
    record("two instances: the first keeps answering", `IRC ${after.irc}/${after.asked}, Matrix ${after.matrix}/${after.asked} answered once (before: ${before.irc}/${before.asked}, ${before.matrix}/${before.asked})`);
    const lost = Math.max(0, ROUNDS - after.irc) + Math.max(0, ROUNDS - after.matrix);
    const twice = Math.max(0, after.irc - ROUNDS) + Math.max(0, after.matrix - ROUNDS);
    tally("faults survived", 1);
    tally("messages lost", lost);
    tally("duplicates sent", twice);

    assert.equal(second.code, 1, second.err);
    assert.equal(message.split("\n").length, 1, message);
    assert.ok(message.startsWith(`xenbot: state_dir ${path.join(dir, "state")} is in use by another xenbot (pid ${first.pid}, since `), message);
    assert.deepEqual(before, { irc: ROUNDS, matrix: ROUNDS, asked: ROUNDS });
    assert.deepEqual(after, { irc: ROUNDS, matrix: ROUNDS, asked: ROUNDS });
    assert.equal(first.logs().filter((r) => r.msg === "stopping").length, 0, "the first bot runs on");
  });
});
