// The test homeserver, proven with matrix-js-sdk (the human's client) and with plain HTTP for
// the spec details a client library hides (errors, transaction ids, long-poll, pagination).
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Human } from "../../support/matrix-human.js";
import { TestHomeserver, type TestUser } from "../../support/homeserver/index.js";

async function api(hs: TestHomeserver, method: string, path: string, token: string | null, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${hs.url}${path}`, {
    method,
    headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { "Content-Type": "application/json" } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

const enc = encodeURIComponent;

describe("test homeserver with matrix-js-sdk", () => {
  let hs: TestHomeserver;
  let alice: Human;
  let bob: Human;

  before(async () => {
    hs = await TestHomeserver.start();
    alice = await Human.login(hs, "alice");
    bob = await Human.login(hs, "bob");
    await alice.start();
    await bob.start();
  });

  after(async () => {
    alice?.stop();
    bob?.stop();
    await hs?.close();
  });

  it("lets two js-sdk clients create, invite, join and talk", async () => {
    const roomId = await alice.createRoom({ invite: [bob.userId], name: "talk" });
    const invited = await bob.waitForInvite();
    assert.equal(invited, roomId);
    await bob.join(roomId);
    await alice.waitForEvent((e) => e.type === "m.room.member" && e.sender === bob.userId && e.content.membership === "join", { roomId });
    const sent = await alice.say(roomId, "hello bob");
    const got = await bob.waitForEvent((e) => e.type === "m.room.message" && e.content.body === "hello bob", { roomId });
    assert.equal(got.eventId, sent);
    assert.equal(got.sender, alice.userId);
    const reply = await bob.say(roomId, "hi alice", { "m.relates_to": { "m.in_reply_to": { event_id: sent } } });
    const back = await alice.waitForEvent((e) => e.eventId === reply, { roomId });
    assert.deepEqual(back.content["m.relates_to"], { "m.in_reply_to": { event_id: sent } });
    assert.deepEqual(hs.unknownEndpoints.filter((e) => !/turnServer|media|thirdparty|auth_metadata|keys|room_keys|dehydrated/.test(e)), []);
  });

  it("redacts, accepts typing and receipts, keeps profiles, and lets people leave", async () => {
    const roomId = await alice.createRoom({ invite: [bob.userId] });
    await bob.join(roomId);
    const sent = await alice.say(roomId, "oops");
    await bob.waitForEvent((e) => e.eventId === sent, { roomId });
    await alice.client.redactEvent(roomId, sent);
    await bob.waitForEvent((e) => e.type === "m.room.redaction", { roomId });
    const stored = hs.timeline(roomId).find((e) => e.event_id === sent)!;
    assert.deepEqual(stored.content, {});
    assert.equal((stored.unsigned?.redacted_because as { type?: string }).type, "m.room.redaction");
    await alice.client.sendTyping(roomId, true, 1000);
    await alice.client.setDisplayName("Alice A.");
    assert.equal((await bob.client.getProfileInfo(alice.userId)).displayname, "Alice A.");
    await bob.client.leave(roomId);
    await alice.waitForEvent((e) => e.type === "m.room.member" && e.sender === bob.userId && e.content.membership === "leave", { roomId });
    assert.equal(hs.membership(roomId, bob.userId), "leave");
  });

  it("joins public rooms by alias and sees history from before the join", async () => {
    const roomId = await alice.createRoom({ alias: "lobby", preset: "public_chat" });
    await alice.say(roomId, "before bob came");
    const joined = await bob.join(`#lobby:${hs.serverName}`);
    assert.equal(joined, roomId);
    await bob.waitForEvent((e) => e.content.body === "before bob came", { roomId });
  });
});

describe("test homeserver over plain HTTP", () => {
  let hs: TestHomeserver;
  let a: TestUser;
  let b: TestUser;

  before(async () => {
    hs = await TestHomeserver.start();
    a = hs.registerUser("a", { password: "secret" });
    b = hs.registerUser("b");
  });
  after(() => hs.close());

  it("answers versions, login, whoami and JSON errors", async () => {
    const v = await api(hs, "GET", "/_matrix/client/versions", null);
    assert.equal(v.status, 200);
    assert.ok((v.json.versions as string[]).includes("v1.1"));
    const bad = await api(hs, "POST", "/_matrix/client/v3/login", null, { type: "m.login.password", identifier: { type: "m.id.user", user: "a" }, password: "nope" });
    assert.equal(bad.status, 403);
    assert.equal(bad.json.errcode, "M_FORBIDDEN");
    const ok = await api(hs, "POST", "/_matrix/client/v3/login", null, { type: "m.login.password", identifier: { type: "m.id.user", user: "a" }, password: "secret" });
    assert.equal(ok.status, 200);
    const who = await api(hs, "GET", "/_matrix/client/v3/account/whoami", ok.json.access_token as string);
    assert.equal(who.json.user_id, a.userId);
    assert.equal((await api(hs, "GET", "/_matrix/client/v3/account/whoami", null)).json.errcode, "M_MISSING_TOKEN");
    const unknown = await api(hs, "GET", "/_matrix/client/v3/account/whoami", "wrong");
    assert.equal(unknown.status, 401);
    assert.equal(unknown.json.errcode, "M_UNKNOWN_TOKEN");
    const nope = await api(hs, "GET", "/_matrix/client/v3/no/such/thing", a.accessToken);
    assert.equal(nope.status, 404);
    assert.equal(nope.json.errcode, "M_UNRECOGNIZED");
  });

  it("keeps account data globally and per room, 404 M_NOT_FOUND when absent", async () => {
    const path = `/_matrix/client/v3/user/${enc(a.userId)}/account_data/m.direct`;
    assert.equal((await api(hs, "GET", path, a.accessToken)).json.errcode, "M_NOT_FOUND");
    await api(hs, "PUT", path, a.accessToken, { [b.userId]: ["!x:xen.test"] });
    assert.deepEqual((await api(hs, "GET", path, a.accessToken)).json, { [b.userId]: ["!x:xen.test"] });
    assert.equal((await api(hs, "GET", path, b.accessToken)).status, 403);
    const roomId = hs.createRoom(a.userId);
    const roomPath = `/_matrix/client/v3/user/${enc(a.userId)}/rooms/${enc(roomId)}/account_data/org.example.x`;
    assert.equal((await api(hs, "GET", roomPath, a.accessToken)).status, 404);
    await api(hs, "PUT", roomPath, a.accessToken, { n: 1 });
    assert.deepEqual((await api(hs, "GET", roomPath, a.accessToken)).json, { n: 1 });
  });

  it("makes a repeated transaction id return the same event, once", async () => {
    const roomId = hs.createRoom(a.userId);
    const path = `/_matrix/client/v3/rooms/${enc(roomId)}/send/m.room.message/txn-1`;
    const first = await api(hs, "PUT", path, a.accessToken, { msgtype: "m.text", body: "once" });
    const again = await api(hs, "PUT", path, a.accessToken, { msgtype: "m.text", body: "once" });
    assert.equal(first.json.event_id, again.json.event_id);
    assert.equal(hs.eventsFrom(roomId, a.userId).length, 1);
    // Another token (another device) with the same id is another transaction.
    const login = await api(hs, "POST", "/_matrix/client/v3/login", null, { type: "m.login.password", user: "a", password: "secret" });
    const other = await api(hs, "PUT", path, login.json.access_token as string, { msgtype: "m.text", body: "once" });
    assert.notEqual(other.json.event_id, first.json.event_id);
  });

  it("injects 429 M_LIMIT_EXCEEDED with retry_after_ms, without caching the failure", async () => {
    const roomId = hs.createRoom(a.userId);
    hs.rateLimitSends(1, 250);
    const path = `/_matrix/client/v3/rooms/${enc(roomId)}/send/m.room.message/t429`;
    const limited = await api(hs, "PUT", path, a.accessToken, { msgtype: "m.text", body: "x" });
    assert.equal(limited.status, 429);
    assert.equal(limited.json.errcode, "M_LIMIT_EXCEEDED");
    assert.equal(limited.json.retry_after_ms, 250);
    const ok = await api(hs, "PUT", path, a.accessToken, { msgtype: "m.text", body: "x" });
    assert.equal(ok.status, 200);
    assert.equal(hs.eventsFrom(roomId, a.userId).length, 1);
  });

  it("long-polls /sync until something happens, with invites and next_batch", async () => {
    const first = await api(hs, "GET", "/_matrix/client/v3/sync?timeout=0", b.accessToken);
    const since = first.json.next_batch as string;
    const started = Date.now();
    const poll = api(hs, "GET", `/_matrix/client/v3/sync?timeout=5000&since=${since}`, b.accessToken);
    setTimeout(() => hs.invite(a.userId, hs.createRoom(a.userId, { initial_state: [{ type: "m.room.encryption", state_key: "", content: { algorithm: "m.megolm.v1.aes-sha2" } }] }), b.userId), 100);
    const res = await poll;
    assert.ok(Date.now() - started < 4000, "the poll returned when the invite arrived");
    const invites = (res.json.rooms as { invite: Record<string, { invite_state: { events: Array<{ type: string; sender: string; content: Record<string, unknown> }> } }> }).invite;
    const [roomId, inv] = Object.entries(invites)[0]!;
    assert.ok(roomId.startsWith("!"));
    assert.ok(inv.invite_state.events.some((e) => e.type === "m.room.encryption"));
    assert.ok(inv.invite_state.events.some((e) => e.type === "m.room.member" && e.content.membership === "invite" && e.sender === a.userId));
    const empty = await api(hs, "GET", `/_matrix/client/v3/sync?timeout=50&since=${res.json.next_batch as string}`, b.accessToken);
    assert.deepEqual((empty.json.rooms as { join: object }).join, {});
  });

  it("paginates /messages backwards and answers /context, /members and state", async () => {
    const roomId = hs.createRoom(a.userId, { preset: "public_chat" });
    hs.join(b.userId, roomId);
    for (let i = 0; i < 5; i++) hs.sendAs(a.userId, roomId, "m.room.message", { msgtype: "m.text", body: `m${i}` });
    const page = await api(hs, "GET", `/_matrix/client/v3/rooms/${enc(roomId)}/messages?dir=b&limit=3`, b.accessToken);
    assert.deepEqual((page.json.chunk as Array<{ content: { body: string } }>).map((e) => e.content.body), ["m4", "m3", "m2"]);
    const page2 = await api(hs, "GET", `/_matrix/client/v3/rooms/${enc(roomId)}/messages?dir=b&limit=2&from=${page.json.end as string}`, b.accessToken);
    assert.deepEqual((page2.json.chunk as Array<{ content: { body: string } }>).map((e) => e.content.body), ["m1", "m0"]);
    const members = await api(hs, "GET", `/_matrix/client/v3/rooms/${enc(roomId)}/members`, b.accessToken);
    assert.equal((members.json.chunk as unknown[]).length, 2);
    const jr = await api(hs, "GET", `/_matrix/client/v3/rooms/${enc(roomId)}/state/m.room.join_rules/`, b.accessToken);
    assert.deepEqual(jr.json, { join_rule: "public" });
    const missing = await api(hs, "GET", `/_matrix/client/v3/rooms/${enc(roomId)}/state/m.room.encryption`, b.accessToken);
    assert.equal(missing.json.errcode, "M_NOT_FOUND");
    const some = hs.eventsFrom(roomId, a.userId)[2]!;
    const ctx = await api(hs, "GET", `/_matrix/client/v3/rooms/${enc(roomId)}/context/${enc(some.event_id)}?limit=2`, b.accessToken);
    assert.equal((ctx.json.event as { event_id: string }).event_id, some.event_id);
  });

  it("gives full state on request and holds requests when told to stall", async () => {
    const roomId = hs.createRoom(a.userId, { name: "full" });
    const first = await api(hs, "GET", "/_matrix/client/v3/sync?timeout=0", a.accessToken);
    const full = await api(hs, "GET", `/_matrix/client/v3/sync?timeout=0&full_state=true&since=${first.json.next_batch as string}`, a.accessToken);
    const join = (full.json.rooms as { join: Record<string, { state: { events: Array<{ type: string }> } }> }).join;
    assert.ok(join[roomId]!.state.events.some((e) => e.type === "m.room.name"));
    hs.stallRequests(300, /whoami/);
    const t0 = Date.now();
    assert.equal((await api(hs, "GET", "/_matrix/client/v3/account/whoami", a.accessToken)).status, 200);
    assert.ok(Date.now() - t0 >= 250);
  });

  it("lists joined members with their display names, to members only", async () => {
    const roomId = hs.createRoom(a.userId, { preset: "public_chat", invite: [b.userId] });
    const path = `/_matrix/client/v3/rooms/${enc(roomId)}/joined_members`;
    assert.deepEqual((await api(hs, "GET", path, a.accessToken)).json, { joined: { [a.userId]: { display_name: "a" } } });
    const outsider = await api(hs, "GET", path, b.accessToken);
    assert.equal(outsider.status, 403, "an invite is not a membership");
    assert.equal(outsider.json.errcode, "M_FORBIDDEN");
    hs.join(b.userId, roomId);
    assert.deepEqual(Object.keys((await api(hs, "GET", path, b.accessToken)).json.joined as object).sort(), [a.userId, b.userId].sort());
  });

  it("lazy-loads members: only the timeline's senders and the syncing user", async () => {
    const quiet = hs.registerUser("quiet");
    const talker = hs.registerUser("talker");
    const roomId = hs.createRoom(a.userId, { preset: "public_chat" });
    for (const u of [quiet, talker, b]) hs.join(u.userId, roomId);
    for (let i = 0; i < 5; i++) hs.sendAs(a.userId, roomId, "m.room.message", { msgtype: "m.text", body: `filler ${i}` });
    hs.sendAs(talker.userId, roomId, "m.room.message", { msgtype: "m.text", body: "hi" });
    type Room = { state: { events: Array<{ type: string; state_key?: string }> }; timeline: { events: Array<{ type: string; state_key?: string }> } };
    const members = (room: Room) => room.state.events.filter((e) => e.type === "m.room.member").map((e) => e.state_key).sort();
    const sync = async (filter: object, since?: string) => {
      const q = `filter=${enc(JSON.stringify(filter))}&timeout=0${since ? `&since=${since}` : ""}`;
      const res = await api(hs, "GET", `/_matrix/client/v3/sync?${q}`, b.accessToken);
      return { room: (res.json.rooms as { join: Record<string, Room> }).join[roomId]!, next: res.json.next_batch as string };
    };
    const lazy = { room: { timeline: { limit: 3 }, state: { lazy_load_members: true } } };
    const first = await sync(lazy);
    assert.deepEqual(members(first.room), [a.userId, b.userId, talker.userId].sort(), "not the quiet member");
    const eager = await sync({ room: { timeline: { limit: 3 } } });
    assert.deepEqual(members(eager.room), [a.userId, b.userId, quiet.userId, talker.userId].sort());
    // Later, the quiet member speaks: their member event comes with the message.
    hs.sendAs(quiet.userId, roomId, "m.room.message", { msgtype: "m.text", body: "hello" });
    const next = await sync(lazy, first.next);
    assert.deepEqual(members(next.room), [quiet.userId]);
  });

  it("refuses forgotten sync tokens, also to a long-poll in progress, and syncs afresh without one", async () => {
    const first = await api(hs, "GET", "/_matrix/client/v3/sync?timeout=0", a.accessToken);
    const poll = api(hs, "GET", `/_matrix/client/v3/sync?timeout=5000&since=${first.json.next_batch as string}`, a.accessToken);
    setTimeout(() => hs.forgetSyncTokens(), 100);
    const refused = await poll;
    assert.equal(refused.status, 400);
    assert.equal(refused.json.errcode, "M_UNKNOWN");
    const fresh = await api(hs, "GET", "/_matrix/client/v3/sync?timeout=0", a.accessToken);
    assert.equal(fresh.status, 200);
    assert.equal((await api(hs, "GET", `/_matrix/client/v3/sync?timeout=0&since=${fresh.json.next_batch as string}`, a.accessToken)).status, 200);
  });

  it("refuses connections during an outage and comes back on the same port", async () => {
    const port = hs.port;
    await hs.down();
    await assert.rejects(fetch(`${hs.url}/_matrix/client/versions`));
    await hs.up();
    assert.equal(hs.port, port);
    assert.equal((await api(hs, "GET", "/_matrix/client/versions", null)).status, 200);
  });

  it("rejects sends to rooms the user has not joined", async () => {
    const roomId = hs.createRoom(a.userId);
    const res = await api(hs, "PUT", `/_matrix/client/v3/rooms/${enc(roomId)}/send/m.room.message/t1`, b.accessToken, { msgtype: "m.text", body: "x" });
    assert.equal(res.status, 403);
    assert.equal(res.json.errcode, "M_FORBIDDEN");
    const join = await api(hs, "POST", `/_matrix/client/v3/join/${enc(roomId)}`, b.accessToken, {});
    assert.equal(join.json.errcode, "M_FORBIDDEN");
  });
});
