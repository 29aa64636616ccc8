// Which rooms the Matrix bot joins: configured rooms, however long they refuse it, and invites
// only from allowed inviters, whatever alias the inviting room claims.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { startMatrixBot, type MatrixBot } from "../../support/matrix-bot.js";
import { TestHomeserver, type TestUser } from "../../support/homeserver/index.js";

/** Polls `predicate` (for what does not change the homeserver's model, such as refused requests). */
async function until(predicate: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`${what} not reached within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("Matrix rooms the bot joins", () => {
  let hs: TestHomeserver;
  let botUser: TestUser;
  let owner: TestUser;
  let mallory: TestUser;
  let bot: MatrixBot;
  let develRoom: string;
  let closedRoom: string;
  let develAlias: string;

  before(async () => {
    hs = await TestHomeserver.start();
    botUser = hs.registerUser("xenbot");
    owner = hs.registerUser("owner");
    mallory = hs.registerUser("mallory");
    develRoom = hs.createRoom(owner.userId, { room_alias_name: "xen-devel", preset: "public_chat" });
    develAlias = `#xen-devel:${hs.serverName}`;
    // Invite-only: every join the bot tries is refused with 403 until the room opens.
    closedRoom = hs.createRoom(owner.userId, { room_alias_name: "closed", preset: "private_chat" });
    bot = await startMatrixBot(hs, { user: botUser, matrix: { rooms: [develAlias, `#closed:${hs.serverName}`], allowed_inviters: [owner.userId] } });
    await hs.waitFor(() => hs.membership(develRoom, botUser.userId) === "join", 10_000, "bot joined the configured room");
  });

  after(async () => {
    await bot?.stop();
    await hs?.close();
  });

  it("declines an invite from a stranger whose room claims a configured alias", async () => {
    // The invite's stripped state comes from the inviter's server, which can say anything.
    // (Declined with a reason since issue 15; before, it was ignored.)
    const fake = hs.createRoom(mallory.userId, { initial_state: [{ type: "m.room.canonical_alias", content: { alias: develAlias } }], invite: [botUser.userId] });
    await Promise.race([bot.waitForLog("declined an invite"), hs.waitFor(() => hs.membership(fake, botUser.userId) === "join", 10_000, "bot joined")]);
    await hs.waitFor(() => hs.membership(fake, botUser.userId) === "leave", 10_000, "bot declined");
    assert.equal(bot.logs("declined an invite").find((r) => r.room === fake)?.inviter, mallory.userId);
  });

  it("keeps retrying a configured room that refuses it, past the refusals an invited room gets", async () => {
    const refused = () => hs.countRequests("POST", /\/join\/%23closed/, 403);
    // Five refusals is where an invited room is given up.
    await until(() => refused() >= 5, 15_000, "five refused joins");
    hs.setStateAs(owner.userId, closedRoom, "m.room.join_rules", "", { join_rule: "public" });
    await hs.waitFor(() => hs.membership(closedRoom, botUser.userId) === "join", 10_000, "bot joined once the room opened");
    assert.equal(bot.logs("giving up").length, 0);
    assert.equal(bot.logs("will keep trying").length, 1, "said once that the configured room refuses the bot");
  });
});
