// Soak: 20,000 commands through one bot process with both transports, as `xenbot start` runs
// with a config that has an irc: and a matrix: section (ngircd, and the test homeserver). Half
// the commands arrive on IRC, half on Matrix, from several people at once; every other command is
// a probe whose answer is matched to it, so a lost or doubled answer is seen. Measured in the bot
// process after warm-up and at the end, each after a full GC: RSS (under 10% growth), open
// handles (process.getActiveResourcesInfo()) and listeners on the transports' emitters and
// sockets (no growth). Rate limits are raised in the soak config so the run takes minutes.
//   XENBOT_SOAK_COMMANDS   total commands (default 20000)
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { skipUnlessServer, startNgircd, type IrcServer } from "../support/irc-servers.js";
import { testIrcSection } from "../support/irc-bot.js";
import { IrcUser } from "../support/irc-user.js";
import { TestHomeserver, type TestUser } from "../support/homeserver/index.js";
import { replyTo } from "../support/matrix-replies.js";
import { startChildBot, type ChildBot, type Probe } from "./support/child-bot.js";
import { probeAnswered, probeCommand, probeToken } from "./support/probes.js";
import { mb, record, tally } from "./support/summary.js";

const TOTAL = Number(process.env.XENBOT_SOAK_COMMANDS ?? 20_000);
const WARMUP = Math.floor(TOTAL / 10);
const CHANNEL = "#xen-devel";
const IRC_USERS = 8;
const MATRIX_ROOMS = 2;
const MATRIX_USERS_PER_ROOM = 4;
const REAL = ["!project 9p", "!help", "!suggest easy", "!contact cooper", "!start 2", "!skills", "!about", "!projects", "!project kdd", "!categories", "!suggest hard c", "!help suggest", "!porject 9p", "!start"];

/** Answers in the homeserver's rooms, indexed as they are appended (waitForEvent rescans every event). */
class MatrixAnswers {
  private readonly cursor = new Map<string, number>();
  readonly count = new Map<string, number>();
  private waiters: Array<{ id: string; resolve: () => void }> = [];
  private readonly off: () => void;

  constructor(
    private readonly hs: TestHomeserver,
    private readonly botId: string,
    private readonly rooms: string[],
  ) {
    this.off = hs.model.onChange(() => this.scan());
  }

  private scan(): void {
    for (const roomId of this.rooms) {
      const events = this.hs.model.room(roomId).events;
      for (let i = this.cursor.get(roomId) ?? 0; i < events.length; i++) {
        const e = events[i]!.event;
        if (e.sender !== this.botId || e.type !== "m.room.message") continue;
        const to = replyTo(e);
        if (to) this.count.set(to, (this.count.get(to) ?? 0) + 1);
      }
      this.cursor.set(roomId, events.length);
    }
    const still: typeof this.waiters = [];
    for (const w of this.waiters) (this.count.has(w.id) ? w.resolve : () => still.push(w))();
    this.waiters = still;
  }

  answered(id: string, timeoutMs: number): Promise<void> {
    if (this.count.has(id)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no answer to ${id} within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({
        id,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      });
    });
  }

  close(): void {
    this.off();
  }
}

describe(`soak: ${TOTAL} commands through IRC and Matrix in one bot process`, { skip: skipUnlessServer("ngircd") }, () => {
  let ircd: IrcServer;
  let hs: TestHomeserver;
  let botUser: TestUser;
  let bot: ChildBot;
  let answers: MatrixAnswers;
  const rooms: string[] = [];
  const humans: Array<{ user: TestUser; room: string }> = [];
  const users: IrcUser[] = [];

  before(async () => {
    ircd = await startNgircd({ noPenalty: true });
    hs = await TestHomeserver.start();
    botUser = hs.registerUser("xenbot");
    const steward = hs.registerUser("steward");
    for (let r = 0; r < MATRIX_ROOMS; r++) {
      const room = hs.createRoom(steward.userId, { preset: "public_chat", room_alias_name: `soak${r}` });
      rooms.push(room);
      for (let h = 0; h < MATRIX_USERS_PER_ROOM; h++) {
        const user = hs.registerUser(`m${r}x${h}`);
        hs.join(user.userId, room);
        humans.push({ user, room });
      }
    }
    answers = new MatrixAnswers(hs, botUser.userId, rooms);
    bot = await startChildBot(
      {
        rate_limit: { burst: 1_000_000, interval_ms: 1 },
        irc: testIrcSection(ircd, { flood: { burst: 50, interval_ms: 0 } }),
        matrix: { homeserver: hs.url, user_id: botUser.userId, rooms, reconnect: { min_delay_ms: 100, max_delay_ms: 1_000 } },
      },
      { XENBOT_MATRIX_ACCESS_TOKEN: botUser.accessToken },
    );
    await hs.waitFor(() => rooms.every((r) => hs.membership(r, botUser.userId) === "join"), 30_000, "bot in the Matrix rooms");
    users.push(...(await Promise.all(Array.from({ length: IRC_USERS }, (_, i) => IrcUser.connect(ircd, `soak${i}`)))));
    await Promise.all(users.map((u) => u.join(CHANNEL)));
  });

  after(async () => {
    answers?.close();
    await bot?.stop();
    for (const u of users) u.close();
    await ircd?.stop();
    await hs?.close();
  });

  it("keeps RSS, handles and listeners flat, and answers every probe once", { timeout: 20 * 60_000 }, async () => {
    let ircSent = 0;
    let matrixSent = 0;
    let lost = 0;
    const ircSeen = new Map<string, number>();
    const matrixProbeIds: string[] = [];
    let seq = 0;

    /**
     * Each worker sends pairs (a real command, then a probe) and waits for the probe's answer,
     * until `budget` commands are sent, half on each network.
     */
    const run = async (budget: number) => {
      const ircStop = ircSent + budget / 2;
      const matrixStop = matrixSent + budget / 2;
      const ircWorker = async (u: IrcUser, i: number) => {
        while (ircSent < ircStop) {
          ircSent += 2;
          const token = probeToken(i, seq++);
          const since = u.mark();
          u.say(CHANNEL, REAL[seq % REAL.length]!);
          u.say(CHANNEL, probeCommand(token));
          try {
            await u.waitFor((l) => l.nick === "xenbot" && probeAnswered(l.text) === token, { since, timeoutMs: 30_000 });
          } catch {
            lost++;
          }
        }
      };
      const matrixWorker = async (h: { user: TestUser; room: string }) => {
        while (matrixSent < matrixStop) {
          matrixSent += 2;
          hs.sendAs(h.user.userId, h.room, "m.room.message", { msgtype: "m.text", body: REAL[seq++ % REAL.length]! });
          const probe = hs.sendAs(h.user.userId, h.room, "m.room.message", { msgtype: "m.text", body: probeCommand(probeToken(99, seq++)) });
          matrixProbeIds.push(probe);
          try {
            await answers.answered(probe, 30_000);
          } catch {
            lost++;
          }
        }
      };
      await Promise.all([...users.map(ircWorker), ...humans.map(matrixWorker)]);
    };

    const started = Date.now();
    await run(WARMUP);
    const warm = await bot.probe();
    await run(TOTAL - WARMUP);
    // Quiet: every probe answered; the last lines have left.
    await hs.settled();
    const end = await bot.probe();
    const seconds = (Date.now() - started) / 1000;
    const sent = ircSent + matrixSent;

    for (const [i, u] of users.entries()) {
      for (const l of u.messagesFrom("xenbot")) {
        const t = probeAnswered(l.text);
        if (t && l.text.startsWith(`${u.nick}: `) && t.startsWith(`zq${i.toString(36)}x`)) ircSeen.set(t, (ircSeen.get(t) ?? 0) + 1);
      }
    }
    const duplicates = [...ircSeen.values()].filter((n) => n > 1).length + matrixProbeIds.filter((id) => (answers.count.get(id) ?? 0) > 1).length;
    const growth = (end.rss - warm.rss) / warm.rss;
    const handles = (p: Probe) => Object.values(p.handles).reduce((a, b) => a + b, 0);
    const fmt = (p: Probe) => Object.entries(p.handles).map(([k, v]) => `${k} ${v}`).join(", ");

    record("soak: commands", `${sent} (${ircSent} IRC, ${matrixSent} Matrix) in ${seconds.toFixed(0)} s, ${Math.round(sent / seconds)}/s; ${lost} probes unanswered, ${duplicates} answered twice`);
    record("soak: bot RSS after warm-up/after", `${mb(warm.rss)} / ${mb(end.rss)} (${(growth * 100).toFixed(1)}%; heap ${mb(warm.heapUsed)} → ${mb(end.heapUsed)}; peak ${mb(end.peakRss)})`);
    record("soak: open handles after warm-up/after", `${handles(warm)} / ${handles(end)} (${fmt(end)})`);
    record("soak: listeners after warm-up/after", `${warm.listeners.total} / ${end.listeners.total}`);
    tally("inputs tried", sent);
    tally("messages lost", lost);
    tally("duplicates sent", duplicates);
    tally("disconnects for flooding", end.irc!.disconnects);

    assert.equal(lost, 0);
    assert.equal(duplicates, 0);
    assert.equal(end.irc!.disconnects, 0);
    assert.equal(end.irc!.handlerErrors, 0);
    assert.ok(growth < 0.1, `RSS grew ${(growth * 100).toFixed(1)}% after warm-up`);
    assert.ok(handles(end) <= handles(warm), `open handles ${fmt(warm)} → ${fmt(end)}`);
    assert.ok(end.listeners.total <= warm.listeners.total, `listeners ${JSON.stringify(warm.listeners)} → ${JSON.stringify(end.listeners)}`);
    assert.doesNotMatch(bot.stderr(), /"level":50/, "no error in the bot's log");
  });
});
