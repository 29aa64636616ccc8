// Matrix doors on the test homeserver, with matrix-js-sdk as the humans: a direct-chat invite from
// anyone is accepted and answered, within limits (per inviter, everyone together, a cap on open
// direct chats), every refusal with a reason the inviter sees; an idle direct chat is left,
// saying why; a command sent during a short restart is answered once; and the rest of a long
// answer in a direct chat starts by naming what it continues.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { startMatrixBot, type MatrixBot } from "../../support/matrix-bot.js";
import { TestHomeserver, type TestUser } from "../../support/homeserver/index.js";
import { Human } from "../../support/matrix-human.js";
import { replyTo } from "../../support/matrix-replies.js";


/** The reason the bot gave when it left (or declined) `roomId`, once it has. */
async function leftWith(hs: TestHomeserver, roomId: string, botId: string): Promise<string> {
  await hs.waitFor(() => hs.membership(roomId, botId) === "leave", 15_000, `the bot left ${roomId}`);
  const ev = hs.timeline(roomId).filter((e) => e.type === "m.room.member" && e.state_key === botId && e.content.membership === "leave").at(-1)!;
  return String(ev.content.reason);
}

/** A homeserver of its own and the bot connected to it, for one test; both are stopped after `run`. */
async function withBot(
  matrix: Record<string, unknown> | ((hs: TestHomeserver) => Record<string, unknown>),
  run: (hs: TestHomeserver, botUser: TestUser, bot: MatrixBot) => Promise<void>,
): Promise<void> {
  const hs = await TestHomeserver.start();
  try {
    const botUser = hs.registerUser("xenbot");
    const bot = await startMatrixBot(hs, { user: botUser, matrix: typeof matrix === "function" ? matrix(hs) : matrix });
    try {
      await bot.waitForState("connected");
      await run(hs, botUser, bot);
    } finally {
      await bot.stop();
    }
  } finally {
    await hs.close();
  }
}

/** The bot, and alice with a room of three (so a room, not a direct chat) and a direct chat, both with the bot. */
async function aliceWithRoomAndDm(): Promise<{ hs: TestHomeserver; botUser: TestUser; alice: Human; bot: MatrixBot; room: string; dm: string }> {
  const hs = await TestHomeserver.start();
  const botUser = hs.registerUser("xenbot");
  const alice = await Human.login(hs, "alice");
  await alice.start();
  const bot = await startMatrixBot(hs, { user: botUser, matrix: { allowed_inviters: [alice.userId], max_room_lines: 5 } });
  await bot.waitForState("connected");
  const bob = hs.registerUser("bob");
  const room = await alice.createRoom({ name: "xen-devel", invite: [botUser.userId, bob.userId] });
  hs.join(bob.userId, room);
  const dm = await alice.createRoom({ isDirect: true, invite: [botUser.userId] });
  await hs.waitFor(() => hs.membership(room, botUser.userId) === "join" && hs.membership(dm, botUser.userId) === "join", 10_000, "bot joined");
  return { hs, botUser, alice, bot, room, dm };
}

describe("Matrix direct chats from anyone, within limits", () => {
  let hs: TestHomeserver;
  let botUser: TestUser;
  let bot: MatrixBot;
  let stranger: Human;

  before(async () => {
    hs = await TestHomeserver.start();
    botUser = hs.registerUser("xenbot");
    stranger = await Human.login(hs, "newcomer");
    await stranger.start();
    // Nobody is in allowed_inviters: every invite here is a stranger's.
    bot = await startMatrixBot(hs, { user: botUser, matrix: { direct_chats: { max_open: 3, per_inviter: { burst: 2, interval_ms: 3_600_000 } } } });
    await bot.waitForState("connected");
  });

  after(async () => {
    await bot?.stop();
    stranger?.stop();
    await hs?.close();
  });

  it("accepts a stranger's direct-chat invite and answers there; the log names them and not what they wrote", async () => {
    const dm = await stranger.createRoom({ isDirect: true, invite: [botUser.userId], preset: "trusted_private_chat" });
    await hs.waitFor(() => hs.membership(dm, botUser.userId) === "join", 10_000, "bot accepted the direct chat");
    const asked = await stranger.say(dm, "who mentors the secret-sauce kdd project?");
    const answer = await hs.waitForEvent(dm, (e) => e.sender === botUser.userId && replyTo(e) === asked);
    assert.match(answer.content.body as string, /KDD/);
    const seen = await stranger.waitForEvent((e) => e.eventId === answer.event_id, { roomId: dm });
    assert.equal(seen.sender, botUser.userId);
    const handled = bot.logs("command handled").find((r) => r.room === dm)!;
    assert.deepEqual([handled.transport, handled.user, handled.account, handled.private, handled.command], ["matrix", stranger.userId, stranger.userId, true, "contact"]);
    assert.ok(bot.records.every((r) => !JSON.stringify(r).includes("secret-sauce")), "what was said in private is in no log line");
    assert.equal(bot.logs("accepted a direct chat")[0]?.inviter, stranger.userId);
  });

  it("declines a third direct chat from the same person with a reason, within the hour", async () => {
    const second = await stranger.createRoom({ isDirect: true, invite: [botUser.userId] });
    await hs.waitFor(() => hs.membership(second, botUser.userId) === "join", 10_000, "the second is accepted");
    const third = await stranger.createRoom({ isDirect: true, invite: [botUser.userId] });
    assert.match(await leftWith(hs, third, botUser.userId), /^You have started several direct chats with me lately\. Please use the one we have, or try again in about \d+ (minutes|hours?)\.$/);
    // The person sees the reason in their client.
    const rejection = await stranger.waitForEvent((e) => e.type === "m.room.member" && e.content.membership === "leave" && e.sender === botUser.userId, { roomId: third });
    assert.match(String(rejection.content.reason), /several direct chats/);
  });

  it("declines a direct chat with a reason once max_open direct chats are open", async () => {
    const other = hs.registerUser("another");
    const third = hs.createRoom(other.userId, { is_direct: true, invite: [botUser.userId] });
    await hs.waitFor(() => hs.membership(third, botUser.userId) === "join", 10_000, "the third open direct chat is accepted");
    const late = hs.registerUser("latecomer");
    const fourth = hs.createRoom(late.userId, { is_direct: true, invite: [botUser.userId] });
    assert.equal(await leftWith(hs, fourth, botUser.userId), "I have too many direct chats open right now. Please try again later, or ask in one of the Xen Project's rooms.");
    assert.equal(bot.logs("declined an invite").find((r) => r.room === fourth)?.why, "full");
  });
});

describe("Matrix direct chats the bot opens, within max_open", () => {
  it("does not open one past the cap for the rest of a long answer, and says so where it was asked", async () => {
    const matrix = (hs: TestHomeserver) => ({ allowed_inviters: [`@alice:${hs.serverName}`], max_room_lines: 5, direct_chats: { max_open: 1 } });
    await withBot(matrix, async (hs, botUser, bot) => {
      const alice = hs.registerUser("alice");
      const bob = hs.registerUser("bob");
      const carol = hs.registerUser("carol");
      const room = hs.createRoom(alice.userId, { name: "xen-devel", invite: [botUser.userId, bob.userId, carol.userId] });
      hs.join(bob.userId, room);
      hs.join(carol.userId, room);
      await hs.waitFor(() => hs.membership(room, botUser.userId) === "join", 10_000, "bot joined the room");

      // The first long answer opens the one direct chat allowed.
      const bobAsked = hs.sendAs(bob.userId, room, "m.room.message", { msgtype: "m.text", body: "!start" });
      await hs.waitForEvent(room, (e) => e.sender === botUser.userId && replyTo(e) === bobAsked);
      await hs.waitFor(() => bot.logs("opened a direct chat").length === 1, 10_000, "a direct chat opened for bob");
      const roomsBefore = hs.countRequests("POST", /\/createRoom$/);
      assert.ok(roomsBefore >= 1, "the homeserver saw bob's direct chat created");

      // The next one finds the cap reached: no room is created, and carol hears why in the room.
      const carolAsked = hs.sendAs(carol.userId, room, "m.room.message", { msgtype: "m.text", body: "!start" });
      const told = await hs.waitForEvent(room, (e) => e.sender === botUser.userId && replyTo(e) === carolAsked && /too many direct chats/.test(String(e.content.body)));
      assert.match(String(told.content.body), /I could not send you those lines privately: I have too many direct chats open right now\./);
      assert.equal(hs.countRequests("POST", /\/createRoom$/), roomsBefore, "no room created past the cap");
      assert.equal(bot.logs("not opening a direct chat: max_open direct chats are open")[0]?.user, carol.userId);
      assert.equal(bot.logs("opened a direct chat").length, 1);
    });
  });
});

describe("Matrix direct chats that are rooms", () => {
  it("leaves a stranger's 'direct chat' that has a crowd in it, and never treats a crowded room as private", async () => {
    await withBot({}, async (hs, botUser, bot) => {
      // is_direct is the inviter's word: a room of three marked as a direct chat.
      const mallory = hs.registerUser("mallory");
      const crowd = [hs.registerUser("c1"), hs.registerUser("c2")];
      const room = hs.createRoom(mallory.userId, { is_direct: true, invite: [botUser.userId, ...crowd.map((u) => u.userId)] });
      for (const u of crowd) hs.join(u.userId, room);
      assert.match(await leftWith(hs, room, botUser.userId), /^This is not a direct chat \(4 members\)/);
      assert.equal(bot.logs("left a direct chat that is a room")[0]?.room, room);

      // A real direct chat that later grows into a group is a room from then on: bare words are chat.
      const dm = hs.createRoom(mallory.userId, { is_direct: true, invite: [botUser.userId] });
      await hs.waitFor(() => hs.membership(dm, botUser.userId) === "join", 10_000, "the direct chat is accepted");
      const first = hs.sendAs(mallory.userId, dm, "m.room.message", { msgtype: "m.text", body: "project kdd" });
      await hs.waitForEvent(dm, (e) => e.sender === botUser.userId && replyTo(e) === first);
      hs.invite(mallory.userId, dm, crowd[0]!.userId);
      hs.join(crowd[0]!.userId, dm);
      const bare = hs.sendAs(mallory.userId, dm, "m.room.message", { msgtype: "m.text", body: "project kdd" });
      const prefixed = hs.sendAs(mallory.userId, dm, "m.room.message", { msgtype: "m.text", body: "!project kdd" });
      await hs.waitForEvent(dm, (e) => e.sender === botUser.userId && replyTo(e) === prefixed);
      assert.equal(hs.eventsFrom(dm, botUser.userId).filter((e) => replyTo(e) === bare).length, 0, "bare words in a room of three are not for the bot");
    });
  });
});

describe("Matrix invites from many strangers at once", () => {
  it("handles invites at the overall rate: the ones past the burst wait, then get in", async () => {
    await withBot({ direct_chats: { invites: { burst: 2, interval_ms: 700 } } }, async (hs, botUser, bot) => {
      const rooms = Array.from({ length: 5 }, (_, i) => hs.createRoom(hs.registerUser(`crowd${i}`).userId, { is_direct: true, invite: [botUser.userId] }));
      await hs.waitFor(() => rooms.filter((r) => hs.membership(r, botUser.userId) === "join").length === 2, 10_000, "the burst");
      const atOnce = rooms.filter((r) => hs.membership(r, botUser.userId) === "join").length;
      assert.equal(atOnce, 2, "only the burst at once");
      await hs.waitFor(() => rooms.every((r) => hs.membership(r, botUser.userId) === "join"), 15_000, "the rest, at the rate");
      await hs.waitFor(() => bot.logs("accepted a direct chat").length === 5, 5_000, "five accepted");
      assert.ok(bot.logs("waits for the invite limit").length >= 3, "the ones past the burst waited");
    });
  });
});

describe("Matrix idle direct chats", () => {
  it("leaves a direct chat where nothing was said for idle_leave_after_ms, saying why, and accepts a new one", async () => {
    await withBot({ direct_chats: { idle_leave_after_ms: 2_000 } }, async (hs, botUser, bot) => {
      const alice = hs.registerUser("alice");
      const dm = hs.createRoom(alice.userId, { is_direct: true, invite: [botUser.userId] });
      await hs.waitFor(() => hs.membership(dm, botUser.userId) === "join", 10_000, "bot joined");
      // A message keeps it open: it is left 2 s after the last one, not after the join.
      await new Promise((r) => setTimeout(r, 1_200));
      const asked = hs.sendAs(alice.userId, dm, "m.room.message", { msgtype: "m.text", body: "help" });
      await hs.waitForEvent(dm, (e) => e.sender === botUser.userId && replyTo(e) === asked);
      const answeredAt = Date.now();
      const reason = await leftWith(hs, dm, botUser.userId);
      assert.ok(Date.now() - answeredAt >= 1_500, `left ${Date.now() - answeredAt} ms after the last message`);
      assert.match(reason, /^Leaving this direct chat: nothing was said here for \d seconds?\. Start a new one with me any time\.$/);
      assert.equal((await bot.waitForLog("left an idle direct chat")).room, dm);
      const again = hs.createRoom(alice.userId, { is_direct: true, invite: [botUser.userId] });
      await hs.waitFor(() => hs.membership(again, botUser.userId) === "join", 10_000, "a new direct chat is accepted");
    });
  });
});

describe("Matrix direct chats, continued", () => {
  let hs: TestHomeserver;
  let botUser: TestUser;
  let alice: Human;
  let bot: MatrixBot;
  let room: string;
  let dm: string;

  before(async () => {
    ({ hs, botUser, alice, bot, room, dm } = await aliceWithRoomAndDm());
  });

  after(async () => {
    await bot?.stop();
    alice?.stop();
    await hs?.close();
  });

  it("starts the rest of a long answer in the direct chat with a line naming what it continues", async () => {
    const asked = await alice.say(room, "!start");
    const inRoom = await hs.waitForEvent(room, (e) => e.sender === botUser.userId && replyTo(e) === asked);
    assert.match(inRoom.content.body as string, /… \d+ more lines sent to you privately\.$/);
    const rest = await hs.waitForEvent(dm, (e) => e.sender === botUser.userId && String(e.content.body).startsWith("(the rest of"));
    const lines = (rest.content.body as string).split("\n");
    assert.equal(lines[0], "(the rest of my answer to !start in xen-devel)");
    assert.match(lines[1]!, /^4\. Send patches/);
    assert.match(String(rest.content.formatted_body), /^\(the rest of my answer to !start in xen-devel\)<br>4\. Send patches/);
  });
});

describe("Matrix commands sent while the bot was briefly down", () => {
  let hs: TestHomeserver;
  let botUser: TestUser;
  let alice: Human;
  let bot: MatrixBot;
  let room: string;
  let dm: string;
  const answersTo = (roomId: string, eventId: string) => hs.eventsFrom(roomId, botUser.userId).filter((e) => replyTo(e) === eventId);
  const restart = async (downMs: number, matrix: Record<string, unknown> = {}, during: () => Promise<void> = async () => {}) => {
    await bot.stop();
    await during();
    await new Promise((r) => setTimeout(r, downMs));
    bot = await startMatrixBot(hs, { user: botUser, stateDir: bot.stateDir, matrix: { allowed_inviters: [alice.userId], max_room_lines: 5, ...matrix } });
    await bot.waitForState("connected");
  };

  before(async () => {
    ({ hs, botUser, alice, bot, room, dm } = await aliceWithRoomAndDm());
  });

  after(async () => {
    await bot?.stop();
    alice?.stop();
    await hs?.close();
  });

  it("answers once, after a 3-second restart, the commands sent meanwhile; a second restart answers none again", async () => {
    let inRoom = "";
    let inDm = "";
    await restart(3_000, {}, async () => {
      inRoom = await alice.say(room, "!about");
      inDm = await alice.say(dm, "help");
    });
    await hs.waitForEvent(room, (e) => e.sender === botUser.userId && replyTo(e) === inRoom);
    await hs.waitForEvent(dm, (e) => e.sender === botUser.userId && replyTo(e) === inDm);
    assert.equal(bot.logs("sent while the bot was away")[0]?.answered, 2);
    await restart(500);
    const barrier = await alice.say(room, "!help");
    await hs.waitForEvent(room, (e) => e.sender === botUser.userId && replyTo(e) === barrier);
    assert.equal(answersTo(room, inRoom).length, 1, "never answered twice");
    assert.equal(answersTo(dm, inDm).length, 1);
  });

  it("leaves what is older than catch_up_max_age_ms", async () => {
    let old = "";
    await restart(2_500, { catch_up_max_age_ms: 1_000 }, async () => {
      old = await alice.say(room, "!about");
    });
    const barrier = await alice.say(room, "!help");
    await hs.waitForEvent(room, (e) => e.sender === botUser.userId && replyTo(e) === barrier);
    assert.equal(answersTo(room, old).length, 0);
    assert.equal(bot.logs("ignored messages sent before start-up")[0]?.skipped, 1);
  });
});
