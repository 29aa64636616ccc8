// The Matrix transport when the homeserver misbehaves: down at start-up, down for a while later,
// 429 with retry_after_ms, 5xx on sends; and password logins whose token is kept and renewed.
import assert from "node:assert/strict";
import { promises as fs, readFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { startMatrixBot, type MatrixBot } from "../../support/matrix-bot.js";
import { TestHomeserver, type TestUser } from "../../support/homeserver/index.js";
import { botReplyTo } from "../../support/matrix-replies.js";
import { matrixOutageScenario } from "../../support/matrix-scenarios.js";

/** Outage length for this run; the reliability suite calls the scenario with 30 s. */
const OUTAGE_MS = Number(process.env.XENBOT_MATRIX_OUTAGE_MS ?? 5_000);


describe("Matrix transport against a failing homeserver", () => {
  let hs: TestHomeserver;
  let botUser: TestUser;
  let alice: TestUser;
  let bob: TestUser;
  let bot: MatrixBot | null = null;
  let room: string;

  const sendPaths = () => hs.requests.filter((r) => r.method === "PUT" && r.userId === botUser.userId && r.path.includes("/send/"));

  before(async () => {
    hs = await TestHomeserver.start();
    botUser = hs.registerUser("xenbot");
    alice = hs.registerUser("alice");
    bob = hs.registerUser("bob");
    room = hs.createRoom(alice.userId, { invite: [botUser.userId, bob.userId] });
    hs.join(bob.userId, room);
  });

  after(async () => {
    await bot?.stop();
    await hs.close();
  });

  it("keeps trying while the homeserver is down at start-up, then joins and answers", async () => {
    await hs.down();
    bot = await startMatrixBot(hs, { user: botUser, matrix: { allowed_inviters: [alice.userId] } });
    await bot.waitForState("disconnected", 5_000);
    await hs.up();
    await bot.waitForState("connected", 10_000);
    await hs.waitFor(() => hs.membership(room, botUser.userId) === "join", 10_000, "bot joined");
    const asked = hs.sendAs(alice.userId, room, "m.room.message", { msgtype: "m.text", body: "!help" });
    const answer = await hs.waitForEvent(room, botReplyTo(botUser.userId, asked));
    assert.equal(answer.content.msgtype, "m.notice");
  });

  it("waits retry_after_ms on 429 and resends with the same transaction id: one message", async () => {
    const before = sendPaths().length;
    hs.rateLimitSends(2, 300, botUser.userId);
    const t0 = Date.now();
    const asked = hs.sendAs(alice.userId, room, "m.room.message", { msgtype: "m.text", body: "!about" });
    await hs.waitForEvent(room, botReplyTo(botUser.userId, asked));
    assert.ok(Date.now() - t0 >= 550, "waited about retry_after_ms twice");
    assert.equal(hs.timeline(room).filter(botReplyTo(botUser.userId, asked)).length, 1);
    await hs.settled();
    const attempts = sendPaths().slice(before);
    assert.deepEqual(attempts.map((r) => r.status), [429, 429, 200]);
    assert.equal(new Set(attempts.map((r) => r.path)).size, 1, "one transaction id for all three attempts");
    assert.ok(bot!.logs("rate limited").length >= 2);
  });

  it("retries sends that fail with 5xx, with the same transaction id", async () => {
    const before = sendPaths().length;
    hs.failRequests(2, 502, /\/send\//);
    const asked = hs.sendAs(alice.userId, room, "m.room.message", { msgtype: "m.text", body: "!help" });
    await hs.waitForEvent(room, botReplyTo(botUser.userId, asked));
    assert.equal(hs.timeline(room).filter(botReplyTo(botUser.userId, asked)).length, 1);
    await hs.settled();
    const attempts = sendPaths().slice(before);
    assert.deepEqual(attempts.map((r) => r.status), [502, 502, 200]);
    assert.equal(new Set(attempts.map((r) => r.path)).size, 1);
  });

  it("retries joining a configured room until it exists", async () => {
    const other = await startMatrixBot(hs, { user: hs.registerUser("joiner"), matrix: { rooms: [`#later:${hs.serverName}`] } });
    try {
      const failed = await other.waitForLog("join failed; will retry");
      assert.equal(failed.target, `#later:${hs.serverName}`);
      const later = hs.createRoom(alice.userId, { room_alias_name: "later", preset: "public_chat" });
      await hs.waitFor(() => hs.membership(later, other.userId()) === "join", 10_000, "joined the configured room");
      assert.equal((await other.waitForLog("joined room")).room, later);
    } finally {
      await other.stop();
    }
  });

  it("stops quickly and cleanly while the homeserver is down, and stop() is idempotent", async () => {
    await hs.down();
    await bot!.waitForState("disconnected", 5_000);
    const t0 = Date.now();
    await Promise.all([bot!.stop(), bot!.stop()]);
    await bot!.stop();
    assert.ok(Date.now() - t0 < 3_000, `stop took ${Date.now() - t0} ms`);
    assert.equal(bot!.transport.status().state, "stopped");
    bot = null;
    await hs.up();
  });
});

describe("Matrix transport whose sync token the homeserver no longer knows", () => {
  it("drops the token once, syncs afresh, and answers without answering twice", async () => {
    const hs = await TestHomeserver.start();
    const botUser = hs.registerUser("xenbot");
    const alice = hs.registerUser("alice");
    const room = hs.createRoom(alice.userId, { invite: [botUser.userId] });
    const bot = await startMatrixBot(hs, { user: botUser, matrix: { allowed_inviters: [alice.userId] } });
    try {
      await hs.waitFor(() => hs.membership(room, botUser.userId) === "join", 10_000, "bot joined");
      const earlier = hs.sendAs(alice.userId, room, "m.room.message", { msgtype: "m.text", body: "!help" });
      await hs.waitForEvent(room, botReplyTo(botUser.userId, earlier));

      hs.forgetSyncTokens(); // as after a restore from backup: the long-poll in progress is refused
      const dropped = await bot.waitForLog("sync token");
      // Read at once: the token is gone from disk before the bot syncs again.
      const saved = JSON.parse(readFileSync(path.join(bot.stateDir, "matrix", "state.json"), "utf8")) as { sync_token: string | null };
      assert.equal(saved.sync_token, null);
      assert.equal(dropped.level, 40);

      const later = hs.sendAs(alice.userId, room, "m.room.message", { msgtype: "m.text", body: "!about" });
      await hs.waitForEvent(room, botReplyTo(botUser.userId, later));
      const barrier = hs.sendAs(alice.userId, room, "m.room.message", { msgtype: "m.text", body: "!help" });
      await hs.waitForEvent(room, botReplyTo(botUser.userId, barrier));
      assert.equal(hs.timeline(room).filter(botReplyTo(botUser.userId, earlier)).length, 1, "the earlier question was not answered again");
      assert.equal(hs.timeline(room).filter(botReplyTo(botUser.userId, later)).length, 1);
      assert.equal(hs.countRequests("GET", /\/sync$/, 400), 1, "one refused sync, not a loop");
      assert.equal(bot.logs("sync token").length, 1);
    } finally {
      await bot.stop();
      await hs.close();
    }
  });
});

describe("Matrix transport through a homeserver outage", () => {
  it(`answers again after the homeserver was away for ${OUTAGE_MS} ms, sending the held answer once`, async () => {
    const result = await matrixOutageScenario({ outageMs: OUTAGE_MS });
    assert.ok(result.reconnectMs < 5_000, `reconnected ${result.reconnectMs} ms after the homeserver came back`);
  });
});

describe("Matrix password login", () => {
  let hs: TestHomeserver;
  before(async () => {
    hs = await TestHomeserver.start();
  });
  after(() => hs.close());

  it("logs in with the password, keeps the token in state_dir, reuses it, and logs in again when it is revoked", async () => {
    const botUser = hs.registerUser("xenbot", { password: "hunter2" });
    const logins = () => hs.countRequests("POST", /\/login$/, 200);
    let bot = await startMatrixBot(hs, { user: botUser, noToken: true, matrix: { password: "hunter2" } });
    await bot.waitForState("connected");
    await hs.settled();
    assert.equal(logins(), 1);
    const file = path.join(bot.stateDir, "matrix", "session.json");
    const session = JSON.parse(await fs.readFile(file, "utf8")) as { access_token: string; user_id: string };
    assert.equal(session.user_id, botUser.userId);
    assert.equal((await fs.stat(file)).mode & 0o777, 0o600);
    await bot.stop();

    bot = await startMatrixBot(hs, { user: botUser, stateDir: bot.stateDir, noToken: true, matrix: { password: "hunter2" } });
    await bot.waitForState("connected");
    assert.equal(logins(), 1, "the saved token was reused");

    hs.revokeToken(session.access_token);
    const freshSession = () => [...hs.model.sessions.values()].some((s) => s.userId === botUser.userId && s.token !== botUser.accessToken && s.token !== session.access_token);
    await hs.waitFor(freshSession, 10_000, "a second login");
    await hs.settled();
    assert.equal(logins(), 2);
    await bot.waitForState("connected");
    const renewed = JSON.parse(await fs.readFile(file, "utf8")) as { access_token: string };
    assert.notEqual(renewed.access_token, session.access_token);
    await bot.stop();
  });

  it("says loudly when the password is refused, keeps retrying, and stops cleanly", async () => {
    const botUser = hs.registerUser("wrongpw", { password: "right" });
    const bot = await startMatrixBot(hs, { user: botUser, noToken: true, matrix: { password: "wrong" } });
    const refused = await bot.waitForLog("refuses to let the bot in");
    assert.equal(refused.level, 50);
    assert.match(String(refused.error), /403 M_FORBIDDEN/);
    await hs.waitFor(() => hs.countRequests("POST", /\/login$/) >= 2, 10_000, "a second login attempt");
    assert.equal(bot.logs("refuses to let the bot in").length, 1, "said once, not at every retry");
    await bot.stop();
    assert.equal(bot.transport.status().state, "stopped");
  });

  it("refuses to start without any credentials", async () => {
    const botUser = hs.registerUser("nocreds");
    await assert.rejects(startMatrixBot(hs, { user: botUser, noToken: true }), /no credentials/);
  });
});
