// Abuse: someone taking an admin's nick without the services account (InspIRCd + Anope); 50
// invites from people not in allowed_inviters on Matrix (declined with a reason, or accepted as
// direct chats up to the cap, at the invite rate); and a bridged IRC channel and Matrix
// room (a small relay of our own, as matrix-appservice-irc would: IRC people appear in Matrix as
// @irc_<nick>, Matrix people on IRC as <localpart>[m]) where each command must be answered once,
// on the side it was written on.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createBot } from "../../src/app.js";
import { parseConfig } from "../../src/config.js";
import { IrcPort } from "../../src/transports/irc/index.js";
import { MatrixPort } from "../../src/transports/matrix/index.js";
import { CHANNEL, startIrcBot, waitForJoin, type RunningBot } from "../support/irc-bot.js";
import { skipUnlessServer, startInspircdWithAnope, startNgircd, type IrcServer, type ServicesNetwork } from "../support/irc-servers.js";
import { IrcUser, type IrcLine } from "../support/irc-user.js";
import { captureLogger, REAL_STORE, REPO_ROOT, startMatrixBot, tempStateDir, type MatrixBot } from "../support/matrix-bot.js";
import { TestHomeserver, type ClientEvent, type TestUser } from "../support/homeserver/index.js";
import { replyTo } from "../support/matrix-replies.js";
import { probeAnswered, probeCommand, probeToken } from "./support/probes.js";
import { record, tally } from "./support/summary.js";


describe("abuse: an admin's nick without the account", { skip: skipUnlessServer("inspircd") || skipUnlessServer("anope") }, () => {
  let net: ServicesNetwork;
  let running: RunningBot;
  const people: IrcUser[] = [];

  async function registerAccount(u: IrcUser, password: string): Promise<void> {
    const since = u.mark();
    u.say("NickServ", `REGISTER ${password} ${u.nick}@example.org`);
    await u.waitFor((l) => l.command === "900", { since, timeoutMs: 10_000 }); // RPL_LOGGEDIN
  }
  const say = async (u: IrcUser, target: string, text: string, match: RegExp): Promise<IrcLine> => {
    const since = u.mark();
    u.say(target, text);
    return u.waitFor((l) => l.nick === "xenbot" && match.test(l.text), { since });
  };

  before(async () => {
    net = await startInspircdWithAnope({ commandrate: 100_000, threshold: 50 });
    const admin = await IrcUser.connect(net.ircd, "steward");
    people.push(admin);
    await registerAccount(admin, "steward-secret-1");
    await admin.join(CHANNEL);
    running = await startIrcBot(net.ircd, { config: { admins: { irc_accounts: ["steward"] } } });
  });

  after(async () => {
    await running?.stop();
    for (const u of people) u.close();
    await net?.stop();
  });

  it("refuses every admin command from the nick without the account, and still serves the admin", { timeout: 120_000 }, async () => {
    const admin = people[0]!;
    const refused = /is for the bot's admins/;
    const before = JSON.stringify(running.bot.store.project("kdd"));
    // The admin steps away under another nick (still logged in); someone takes "steward".
    let since = admin.mark();
    admin.send("NICK steward_away");
    await admin.waitFor((l) => l.command === "NICK", { since });
    admin.nick = "steward_away";
    const spoof = await IrcUser.connect(net.ircd, "steward");
    people.push(spoof);
    await spoof.join(CHANNEL);
    let attempts = 0;
    for (const cmd of ["!archive kdd", "!set kdd difficulty Easy", "!verify kdd", "!reload", "xenbot: archive kdd"]) {
      await say(spoof, CHANNEL, cmd, refused);
      attempts++;
    }
    await say(spoof, "xenbot", "set kdd contact Mallory <m@evil.example>", refused); // in a query
    attempts++;
    // Another user renames itself to the admin's nick while in the channel.
    const renamer = await IrcUser.connect(net.ircd, "renamer");
    people.push(renamer);
    await renamer.join(CHANNEL);
    spoof.close();
    await spoof.whenClosed();
    since = renamer.mark();
    renamer.send("NICK steward");
    await renamer.waitFor((l) => l.command === "NICK" || l.command === "433", { since });
    renamer.nick = "steward";
    await say(renamer, CHANNEL, "!archive kdd", refused);
    attempts++;
    assert.equal(JSON.stringify(running.bot.store.project("kdd")), before, "the store was changed by an impostor");
    // The real admin, under any nick, is still the admin.
    await say(admin, CHANNEL, "!verify kdd", /Verified kdd/);
    record("abuse: nick spoofing an admin (InspIRCd + Anope)", `${attempts}/${attempts} attempts refused; the store unchanged; the real admin's edit accepted`);
    tally("inputs tried", attempts);
  });
});

describe("abuse: invite spam on Matrix", () => {
  let hs: TestHomeserver;
  let bot: MatrixBot;
  let botUser: TestUser;
  let alice: TestUser;
  // Faster than the defaults (10 at once, then one per 6 s) so the test takes seconds.
  const LIMITS = { max_open: 20, invites: { burst: 10, interval_ms: 200 } };

  before(async () => {
    hs = await TestHomeserver.start();
    botUser = hs.registerUser("xenbot");
    alice = hs.registerUser("alice");
    bot = await startMatrixBot(hs, { user: botUser, matrix: { allowed_inviters: [alice.userId], direct_chats: LIMITS } });
    await bot.waitForState("connected");
  });

  after(async () => {
    await bot?.stop();
    await hs?.close();
  });

  it("50 invites from strangers: rooms declined with a reason, direct chats accepted up to the cap, at the invite rate; still answering", { timeout: 120_000 }, async () => {
    const spam: Array<{ room: string; direct: boolean }> = [];
    const started = Date.now();
    for (let i = 0; i < 50; i++) {
      const spammer = hs.registerUser(`spammer${i}`);
      const direct = i % 2 === 0;
      spam.push({ room: hs.createRoom(spammer.userId, { invite: [botUser.userId], name: `<b>free stuff</b> ${i}`, is_direct: direct }), direct });
    }
    // A room from an allowed inviter meanwhile: joined and answered at once, not behind the queue.
    const room = hs.createRoom(alice.userId, { invite: [botUser.userId] });
    await hs.waitFor(() => hs.membership(room, botUser.userId) === "join", 15_000, "the allowed invite was accepted");
    const q = hs.sendAs(alice.userId, room, "m.room.message", { msgtype: "m.text", body: "!project 9p" });
    await hs.waitForEvent(room, (e) => e.sender === botUser.userId && replyTo(e) === q, 15_000);

    const decided = () => spam.filter((x) => hs.membership(x.room, botUser.userId) !== "invite").length;
    await hs.waitFor(() => decided() === 50, 60_000, "every invite decided");
    const elapsed = Date.now() - started;
    // The invite rate holds: at most the burst plus one per interval.
    assert.ok(50 <= LIMITS.invites.burst + elapsed / LIMITS.invites.interval_ms + 1);
    assert.ok(elapsed >= ((50 - LIMITS.invites.burst) * LIMITS.invites.interval_ms) * 0.9, `all 50 in ${elapsed} ms: faster than the limit`);

    const rooms = spam.filter((x) => !x.direct);
    const direct = spam.filter((x) => x.direct);
    for (const x of rooms) assert.equal(hs.membership(x.room, botUser.userId), "leave", "a stranger's room is declined");
    const reasonIn = (r: string) => String(hs.timeline(r).filter((e) => e.type === "m.room.member" && e.state_key === botUser.userId).at(-1)?.content.reason ?? "");
    assert.ok(rooms.every((x) => /^I join only the rooms my operators set up for me/.test(reasonIn(x.room))));
    const joined = direct.filter((x) => hs.membership(x.room, botUser.userId) === "join");
    const full = direct.filter((x) => hs.membership(x.room, botUser.userId) === "leave");
    assert.equal(joined.length, LIMITS.max_open, "direct chats up to the cap");
    assert.equal(full.length, direct.length - LIMITS.max_open);
    assert.ok(full.every((x) => /^I have too many direct chats open right now/.test(reasonIn(x.room))));
    assert.equal(bot.logs("declined an invite").length, 50 - LIMITS.max_open, "one log line per declined invite");

    const q2 = hs.sendAs(alice.userId, room, "m.room.message", { msgtype: "m.text", body: "!about" });
    await hs.waitForEvent(room, (e) => e.sender === botUser.userId && replyTo(e) === q2, 15_000);
    assert.equal(bot.transport.status().state, "connected");
    record("abuse: Matrix invite spam", `50 invites from strangers: ${rooms.length} rooms declined with a reason, ${joined.length} direct chats accepted (cap ${LIMITS.max_open}), ${full.length} declined as full; at the invite rate; still answering`);
    tally("inputs tried", 50);
  });
});

describe("abuse: a bridged IRC channel and Matrix room", { skip: skipUnlessServer("ngircd") }, () => {
  let ircd: IrcServer;
  let hs: TestHomeserver;
  let botUser: TestUser;
  let alice: TestUser;
  let room: string;
  let irc: IrcPort;
  let matrix: MatrixPort;
  let relay: IrcUser;
  let newbie: IrcUser;
  const puppets = new Map<string, Promise<IrcUser>>();
  const matrixPuppets = new Map<string, string>();
  let offModel: () => void = () => undefined;
  let relayChain: Promise<unknown> = Promise.resolve();

  /** IRC → Matrix: every channel PRIVMSG from a non-puppet, posted as @irc_<nick>. */
  function relayToMatrix(l: IrcLine): void {
    if (l.command !== "PRIVMSG" || l.params[0]?.toLowerCase() !== CHANNEL || /\[m\]$/.test(l.nick) || l.nick === "relay") return;
    let puppet = matrixPuppets.get(l.nick);
    if (!puppet) {
      puppet = hs.registerUser(`irc_${l.nick.toLowerCase()}`).userId;
      hs.join(puppet, room);
      matrixPuppets.set(l.nick, puppet);
    }
    hs.sendAs(puppet, room, "m.room.message", { msgtype: "m.text", body: l.text });
  }

  /** Matrix → IRC: every m.text / m.notice in the room from a non-puppet, said by <localpart>[m]. */
  function relayToIrc(e: ClientEvent): void {
    if (e.type !== "m.room.message" || /^@irc_/.test(e.sender)) return;
    const msgtype = e.content.msgtype;
    if (msgtype !== "m.text" && msgtype !== "m.notice") return;
    const nick = `${e.sender.slice(1, e.sender.indexOf(":"))}[m]`;
    let puppet = puppets.get(nick);
    if (!puppet) {
      // The USER name cannot hold "[": register under a plain nick, then take the puppet's.
      puppet = IrcUser.connect(ircd, nick.replace(/\[m\]$/, "_m")).then(async (u) => {
        const since = u.mark();
        u.send(`NICK ${nick}`);
        await u.waitFor((l) => l.command === "NICK", { since });
        u.nick = nick;
        await u.join(CHANNEL);
        return u;
      });
      puppets.set(nick, puppet);
    }
    const p = puppet;
    relayChain = relayChain.then(async () => {
      const u = await p;
      for (const line of String(e.content.body).split("\n")) if (line.trim()) u.say(CHANNEL, line);
    });
  }

  before(async () => {
    ircd = await startNgircd({ noPenalty: true });
    hs = await TestHomeserver.start();
    botUser = hs.registerUser("xenbot");
    alice = hs.registerUser("alice");
    room = hs.createRoom(alice.userId, { preset: "public_chat", room_alias_name: "xen-devel" });
    relay = await IrcUser.connect(ircd, "relay");
    await relay.join(CHANNEL);
    const push = relay.lines.push.bind(relay.lines);
    relay.lines.push = (...items: IrcLine[]) => {
      for (const l of items) relayToMatrix(l);
      return push(...items);
    };
    let cursor = hs.model.room(room).events.length;
    offModel = hs.model.onChange(() => {
      const events = hs.model.room(room).events;
      for (; cursor < events.length; cursor++) relayToIrc(events[cursor]!.event);
    });

    const stateDir = await tempStateDir();
    const config = parseConfig(
      {
        store: REAL_STORE,
        state_dir: stateDir,
        rate_limit: { burst: 1000, interval_ms: 1 },
        bridges: [{ irc_channel: CHANNEL, matrix_room: room }], // default puppet patterns: "\\[m\\]$" and "^@irc_"
        irc: { host: ircd.host, port: ircd.port, tls: false, nick: "xenbot", channels: [CHANNEL], flood: { burst: 10, interval_ms: 20 }, reconnect: { min_delay_ms: 100, max_delay_ms: 1_000 } },
        matrix: { homeserver: hs.url, user_id: botUser.userId, access_token: botUser.accessToken, rooms: [room], reconnect: { min_delay_ms: 100, max_delay_ms: 1_000 } },
      },
      { source: "test", baseDir: REPO_ROOT, env: {} },
    );
    const log = captureLogger("info");
    const logger = log.logger;
    const bot = await createBot({ config, logger });
    irc = new IrcPort({ config: config.irc!, logger, timings: { quitTimeoutMs: 1_000 } });
    matrix = new MatrixPort({ config: config.matrix!, logger, stateDir, prefix: config.prefix, stopFlushMs: 1_000 });
    const joined = waitForJoin(log, CHANNEL);
    await irc.start(bot.conversation.inbox(irc));
    await matrix.start(bot.conversation.inbox(matrix));
    await joined;
    await hs.waitFor(() => hs.membership(room, botUser.userId) === "join", 30_000, "bot in the Matrix room");
    newbie = await IrcUser.connect(ircd, "newbie");
    await newbie.join(CHANNEL);
  });

  after(async () => {
    offModel();
    await Promise.allSettled([irc?.stop(), matrix?.stop()]);
    for (const u of [relay, newbie]) u?.close();
    for (const p of puppets.values()) void p.then((u) => u.close(), () => undefined);
    await ircd?.stop();
    await hs?.close();
  });

  it("answers each command once, on the side it was written on", { timeout: 120_000 }, async () => {
    const ROUNDS = 8;
    const fromIrc: string[] = [];
    const fromMatrix: string[] = [];
    const botEvents = () => hs.eventsFrom(room, botUser.userId);
    for (let k = 0; k < ROUNDS; k++) {
      const a = probeToken(1, k);
      const b = probeToken(2, k);
      fromIrc.push(a);
      fromMatrix.push(b);
      newbie.say(CHANNEL, k % 2 ? probeCommand(a) : `xenbot: ${probeCommand(a).slice(1)}`);
      hs.sendAs(alice.userId, room, "m.room.message", { msgtype: "m.text", body: probeCommand(b) });
      // Each answer, and the bridge's copy of it on the other side.
      await newbie.waitFor((l) => l.nick === "xenbot" && probeAnswered(l.text) === a);
      await hs.waitFor(() => botEvents().some((e) => probeAnswered(String(e.content.body)) === b), 15_000, `the answer to ${b}`);
      await hs.waitFor(() => hs.eventsFrom(room, matrixPuppets.get("xenbot") ?? "-").some((e) => probeAnswered(String(e.content.body)) === a), 15_000, "the IRC answer bridged");
      await relay.waitFor((l) => l.nick === "xenbot[m]" && probeAnswered(l.text) === b);
      // The puppets' copies of both questions have reached the bot's side too.
      await relay.waitFor((l) => l.nick === "alice[m]" && l.text.includes(b));
      await hs.waitFor(() => hs.eventsFrom(room, matrixPuppets.get("newbie") ?? "-").some((e) => String(e.content.body).includes(a)), 15_000, "the question bridged");
    }
    // A last question on each side: answered after every puppet copy above was read and let be.
    const fence = probeToken(3, 0);
    const q = hs.sendAs(alice.userId, room, "m.room.message", { msgtype: "m.text", body: probeCommand(fence) });
    await hs.waitForEvent(room, (e) => e.sender === botUser.userId && replyTo(e) === q, 15_000);
    const since = newbie.mark();
    newbie.say(CHANNEL, probeCommand(probeToken(3, 1)));
    await newbie.waitFor((l) => l.nick === "xenbot" && probeAnswered(l.text) === probeToken(3, 1), { since });

    const ircAnswers = (t: string) => newbie.messagesFrom("xenbot").filter((l) => probeAnswered(l.text) === t).length;
    const matrixAnswers = (t: string) => botEvents().filter((e) => probeAnswered(String(e.content.body)) === t).length;
    let duplicates = 0;
    let wrongSide = 0;
    for (const t of fromIrc) {
      if (ircAnswers(t) > 1) duplicates++;
      if (matrixAnswers(t) > 0) wrongSide++;
      assert.equal(ircAnswers(t), 1, `IRC question ${t}: answered ${ircAnswers(t)} times on IRC`);
      assert.equal(matrixAnswers(t), 0, `IRC question ${t}: answered on Matrix`);
    }
    for (const t of fromMatrix) {
      if (matrixAnswers(t) > 1) duplicates++;
      if (ircAnswers(t) > 0) wrongSide++;
      assert.equal(matrixAnswers(t), 1, `Matrix question ${t}: answered ${matrixAnswers(t)} times on Matrix`);
      assert.equal(ircAnswers(t), 0, `Matrix question ${t}: answered on IRC`);
    }
    record("abuse: bridged channel and room", `${ROUNDS * 2} commands, each answered once on its own side; ${duplicates} duplicates, ${wrongSide} on the wrong side`);
    tally("inputs tried", ROUNDS * 2);
    tally("duplicates sent", duplicates);
  });
});
