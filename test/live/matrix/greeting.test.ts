// Greeting newcomers in a Matrix room: one notice mentioning a first-time joiner, never again
// (across a bot restart too), at most the throttle during a mass join, never other bots.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { startMatrixBot, tempStateDir, type MatrixBot } from "../../support/matrix-bot.js";
import { TestHomeserver, type ClientEvent, type TestUser } from "../../support/homeserver/index.js";

describe("Matrix greeting", () => {
  let hs: TestHomeserver;
  let botUser: TestUser;
  let owner: TestUser;
  let bot: MatrixBot;
  let roomId: string;
  let alias: string;
  let stateDir: string;

  const greetingsFor = (userId: string) =>
    hs.eventsFrom(roomId, botUser.userId).filter((e: ClientEvent) => e.content.msgtype === "m.notice" && /Welcome!/.test(String(e.content.body)) && JSON.stringify(e.content["m.mentions"]) === JSON.stringify({ user_ids: [userId] }));

  /** Joins as `user` and waits until the bot has decided about a welcome. */
  async function joinAndDecide(user: TestUser): Promise<boolean> {
    const decided = bot.log.waitForNext(["greeted a newcomer", "join: no welcome"], (r) => r.user === user.userId);
    hs.join(user.userId, roomId);
    const greeted = (await decided).msg === "greeted a newcomer";
    if (greeted) await hs.waitFor(() => greetingsFor(user.userId).length > 0, 10_000, "greeting sent");
    return greeted;
  }

  const start = () =>
    startMatrixBot(hs, {
      user: botUser,
      stateDir,
      matrix: { rooms: [alias], ignore_users: [`@helperbot:${hs.serverName}`] },
      config: { greeting: { enabled: true, max_per_minute: 3, mass_join_count: 5, mass_join_window_ms: 10_000 } },
    });

  before(async () => {
    hs = await TestHomeserver.start();
    botUser = hs.registerUser("xenbot");
    owner = hs.registerUser("owner");
    roomId = hs.createRoom(owner.userId, { room_alias_name: "xen-devel", preset: "public_chat" });
    alias = `#xen-devel:${hs.serverName}`;
    stateDir = await tempStateDir();
    bot = await start();
    await hs.waitFor(() => hs.membership(roomId, botUser.userId) === "join", 10_000, "bot joined the configured room");
  });

  after(async () => {
    await bot?.stop();
    await hs?.close();
  });

  it("greets a first join once, with a mention", async () => {
    const newbie = hs.registerUser("newbie");
    assert.equal(await joinAndDecide(newbie), true);
    const [greeting] = greetingsFor(newbie.userId);
    assert.match(String(greeting!.content.formatted_body), /href="https:\/\/matrix\.to\/#\/@newbie:/);
    hs.leave(newbie.userId, roomId);
    assert.equal(await joinAndDecide(newbie), false, "second join");
    assert.equal(greetingsFor(newbie.userId).length, 1);
  });

  it("does not greet again after the bot restarts", async () => {
    await bot.stop();
    bot = await start();
    await bot.waitForState("connected");
    const newbie = { userId: `@newbie:${hs.serverName}` } as TestUser;
    hs.leave(newbie.userId, roomId);
    assert.equal(await joinAndDecide(newbie), false);
  });

  it("never greets other bots", async () => {
    assert.equal(await joinAndDecide(hs.registerUser("helperbot")), false);
    assert.equal(await joinAndDecide(hs.registerUser("github-bot")), false);
  });

  it("greets at most the throttle when 20 users join within a second", async () => {
    const users = Array.from({ length: 20 }, (_, i) => hs.registerUser(`crowd${i}`));
    const decisions = await Promise.all(users.map((u) => joinAndDecide(u)));
    const greeted = decisions.filter(Boolean).length;
    assert.ok(greeted <= 3, `${greeted} greeted`);
    assert.equal(users.filter((u) => greetingsFor(u.userId).length > 0).length, greeted);
  });
});
