// The doors' decisions without a homeserver: who is let in, who is declined and why, who waits;
// and the direct-chat bookkeeping in the Matrix state file (open count, activity, idle).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { MatrixConfigSchema } from "../../../../src/config.js";
import { silentLogger } from "../../../../src/log.js";
import { describeDuration, Doors } from "../../../../src/transports/matrix/doors.js";
import type { Invite } from "../../../../src/transports/matrix/events.js";
import type { RoomJoiner } from "../../../../src/transports/matrix/joins.js";
import { MatrixState } from "../../../../src/transports/matrix/state.js";
import { tempDir } from "../../../support/store-fixture.js";

function doors(over: Record<string, unknown>, clock: { t: number }, open = 0) {
  const config = MatrixConfigSchema.parse({ homeserver: "https://hs.example", user_id: "@xenbot:hs.example", allowed_inviters: ["@trusted:hs.example"], rooms: ["!configured:hs.example"], ...over });
  return new Doors({
    config,
    logger: silentLogger(),
    prefix: "!",
    joiner: { pending: new Map() } as unknown as RoomJoiner,
    backoff: { minMs: 1, maxMs: 1 },
    stopSignal: new AbortController().signal,
    state: () => ({ openDirectChats: open }) as MatrixState,
    client: () => null,
    addDirect: async () => {},
    joinedCount: async () => 2,
    now: () => clock.t,
  });
}

const invite = (inviter: string, isDirect: boolean, roomId = `!r${Math.random()}:hs.example`): Invite => ({ roomId, inviter, isDirect, encrypted: false });

describe("Matrix doors", () => {
  it("lets configured rooms and allowed inviters in without limits", () => {
    const d = doors({ direct_chats: { invites: { burst: 1, interval_ms: 60_000 } } }, { t: 0 });
    for (let i = 0; i < 5; i++) {
      assert.deepEqual(d.decide(invite("@trusted:hs.example", false)), { kind: "join", why: "allowed" });
      assert.deepEqual(d.decide(invite("@stranger:hs.example", false, "!configured:hs.example")), { kind: "join", why: "configured" });
    }
  });

  it("accepts a stranger's direct chat, declines any other invite from a stranger with a reason", () => {
    const d = doors({}, { t: 0 });
    assert.deepEqual(d.decide(invite("@newcomer:elsewhere.example", true)), { kind: "join", why: "direct" });
    const room = d.decide(invite("@newcomer:elsewhere.example", false));
    assert.equal(room.kind, "decline");
    assert.equal(room.kind === "decline" && room.why, "not-direct");
    assert.match(room.kind === "decline" ? room.reason : "", /start a direct chat with me and say !help/);
  });

  it("declines a person's direct chats past their burst, until the interval has passed", () => {
    const clock = { t: 0 };
    const d = doors({ direct_chats: { per_inviter: { burst: 2, interval_ms: 3_600_000 } } }, clock);
    const who = "@eager:hs.example";
    assert.equal(d.decide(invite(who, true)).kind, "join");
    assert.equal(d.decide(invite(who, true)).kind, "join");
    const third = d.decide(invite(who, true));
    assert.equal(third.kind === "decline" && third.why, "too-many-from-inviter");
    assert.match(third.kind === "decline" ? third.reason : "", /try again in about 1 hour\.$/);
    assert.equal(d.decide(invite("@someone-else:hs.example", true)).kind, "join", "per person");
    clock.t += 3_600_000;
    assert.equal(d.decide(invite(who, true)).kind, "join");
  });

  it("declines direct chats once max_open are open", () => {
    const d = doors({ direct_chats: { max_open: 3 } }, { t: 0 }, 3);
    const full = d.decide(invite("@new:hs.example", true));
    assert.equal(full.kind === "decline" && full.why, "full");
  });

  it("makes invites past the overall burst wait, for everyone together", () => {
    const clock = { t: 0 };
    const d = doors({ direct_chats: { invites: { burst: 2, interval_ms: 1_000 } } }, clock);
    assert.equal(d.decide(invite("@a:x.example", true)).kind, "join");
    assert.equal(d.decide(invite("@b:x.example", false)).kind, "decline", "a decline costs a request too");
    assert.deepEqual(d.decide(invite("@c:x.example", true)), { kind: "wait", retryInMs: 1_000 });
    clock.t += 1_000;
    assert.equal(d.decide(invite("@c:x.example", true)).kind, "join");
  });

  it("says durations in the largest whole unit", () => {
    assert.deepEqual([1_000, 59_000, 60_000, 7_200_000, 30 * 86_400_000, 10].map(describeDuration), ["1 second", "59 seconds", "1 minute", "2 hours", "30 days", "a moment"]);
  });

  it("keeps direct chats' activity in the state file: counted, touched, forgotten when left", async () => {
    const dir = await tempDir();
    const state = await MatrixState.open(dir, silentLogger());
    state.setDmRoom("@a:x", "!dm1:x", 1_000);
    state.setDmRoom("@b:x", "!dm2:x", 2_000);
    state.setDmRoom("@a:x", "!dm3:x", 3_000); // a's newer chat; the older one stays open until it is idle
    assert.equal(state.openDirectChats, 3);
    state.touchDirectChat("!dm1:x", 9_000);
    await state.save();
    const again = await MatrixState.open(dir, silentLogger());
    assert.deepEqual(again.directChats().sort((x, y) => x.roomId.localeCompare(y.roomId)), [
      { roomId: "!dm1:x", lastActive: 9_000, userId: null },
      { roomId: "!dm2:x", lastActive: 2_000, userId: "@b:x" },
      { roomId: "!dm3:x", lastActive: 3_000, userId: "@a:x" },
    ]);
    assert.ok(again.isDmRoom("!dm1:x"), "the older chat is still a direct chat");
    again.forgetDirectChat("!dm3:x");
    assert.equal(again.dmRoom("@a:x"), null);
    assert.equal(again.openDirectChats, 2);
  });
});
