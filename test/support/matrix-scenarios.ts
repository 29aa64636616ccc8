// Scenarios shared by the Matrix tests and the reliability suite, with the outage length as a
// parameter: the transport tests use a few seconds, the reliability suite 30 s or more.
import assert from "node:assert/strict";
import { createBot } from "../../src/app.js";
import type { MessageHandler } from "../../src/core/outcome.js";
import { silentLogger } from "../../src/log.js";
import { startMatrixBot } from "./matrix-bot.js";
import { TestHomeserver } from "./homeserver/index.js";
import { Human } from "./matrix-human.js";
import { botReplyTo } from "./matrix-replies.js";

export interface OutageResult {
  outageMs: number;
  /** From the homeserver coming back to the bot syncing again. */
  reconnectMs: number;
  /** From the homeserver coming back to the answer held during the outage being in the room. */
  heldAnswerMs: number;
  /** Round trip of a new question after recovery. */
  afterRecoveryMs: number;
}


/**
 * The homeserver goes away for `outageMs` just as the bot has an answer to send, then comes back
 * on the same port. The bot must keep retrying (no crash, no unhandled rejection), send the held
 * answer exactly once, and answer new questions.
 */
export async function matrixOutageScenario(opts: { outageMs: number }): Promise<OutageResult> {
  const hs = await TestHomeserver.start();
  const botUser = hs.registerUser("xenbot");
  const alice = await Human.login(hs, "alice");
  const bob = hs.registerUser("bob");
  let outage: Promise<void> | null = null;
  let upAt = 0;
  const handle: MessageHandler = async (msg) => {
    const outcome = await real(msg);
    if (msg.text === "!about" && !outage) {
      // down() closes the listener and drops connections before outage() returns its promise.
      outage = hs.outage(opts.outageMs).then(() => {
        upAt = Date.now();
      });
    }
    return outcome;
  };
  let real: MessageHandler = () => Promise.reject(new Error("not ready"));
  const bot = await startMatrixBot(hs, { user: botUser, handle, matrix: { allowed_inviters: [alice.userId] } });
  real = (await createBot({ config: bot.config, logger: silentLogger() })).handle;
  try {
    await bot.waitForState("connected");
    const room = await alice.createRoom({ invite: [botUser.userId, bob.userId] });
    hs.join(bob.userId, room);
    await hs.waitFor(() => hs.membership(room, botUser.userId) === "join", 10_000, "bot joined");

    const before = await alice.say(room, "!help");
    await hs.waitForEvent(room, botReplyTo(botUser.userId, before));

    const held = await alice.say(room, "!about");
    await bot.waitForState("disconnected", opts.outageMs + 5_000);
    await bot.waitForState("connected", opts.outageMs + 30_000);
    const reconnectMs = Date.now() - upAt;
    await hs.waitForEvent(room, botReplyTo(botUser.userId, held), 30_000);
    const heldAnswerMs = Date.now() - upAt;
    await outage;
    assert.equal(hs.timeline(room).filter(botReplyTo(botUser.userId, held)).length, 1, "the held answer was sent once");

    const t0 = Date.now();
    const after = await alice.say(room, "!help");
    await hs.waitForEvent(room, botReplyTo(botUser.userId, after), 30_000);
    const afterRecoveryMs = Date.now() - t0;
    assert.ok(bot.logs("matrix connection").some((r) => r.state === "disconnected"), "the outage was logged");
    return { outageMs: opts.outageMs, reconnectMs, heldAnswerMs, afterRecoveryMs };
  } finally {
    await bot.stop();
    alice.stop();
    await hs.close();
  }
}
