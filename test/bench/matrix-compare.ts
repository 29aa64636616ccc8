// Matrix side by side: xenbot and the shortest bot matrix-bot-sdk's own client makes
// (matrix-minimal-bot.ts), each in its own process on plain node, on one test homeserver, each
// asked in its own room in turn about every 0.5 s. The figure is the round trip as a client
// sees it: PUT /send of the question to the bot's reply (m.in_reply_to) being in the room.
// Then xenbot's RSS with IRC and Matrix connected at once (goal ≤ 100 MB).
//   node --import tsx test/bench/matrix-compare.ts
import { fork } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { REPO, rssOf, startXenbot, stopBenchChild } from "./bot-process.js";
import { CHANNEL } from "./irc-compare.js";
import { round, summarise, type Summary } from "./stats.js";
import { transpileBot } from "./transpile-bot.js";
import { TestHomeserver, type ClientEvent, type TestUser } from "../support/homeserver/index.js";
import { NGIRCD, startNgircd } from "../support/irc-servers.js";
import { IrcUser } from "../support/irc-user.js";
import { replyTo } from "../support/matrix-replies.js";

const PER_BOT_MS = 500;

export interface MatrixFigures {
  label: string;
  roundTrip: Summary;
  rssMb: number;
}

export interface MatrixCompareResult {
  bots: MatrixFigures[];
  /** xenbot with IRC and Matrix connected, after a few commands on each. */
  bothRssMb: number | string;
}

async function startMinimalBot(hs: TestHomeserver, bot: TestUser, room: string) {
  const build = transpileBot("test/bench/matrix-minimal-bot.ts");
  const child = fork(build.child, [JSON.stringify({ homeserver: hs.url, token: bot.accessToken, room })], { cwd: REPO, execArgv: [], stdio: ["ignore", "ignore", "inherit", "ipc"] });
  await new Promise<void>((resolve, reject) => {
    child.once("message", () => resolve());
    child.once("exit", (code) => reject(new Error(`minimal matrix bot exited (${code})`)));
  });
  return {
    pid: child.pid!,
    stop: () => stopBenchChild(child, build.dir),
  };
}

export async function benchMatrixCompare(opts: { samples?: number; warmup?: number } = {}): Promise<MatrixCompareResult> {
  const samples = opts.samples ?? 150;
  const warmup = opts.warmup ?? 20;
  const hs = await TestHomeserver.start();
  const human = hs.registerUser("newcomer");
  const xen = hs.registerUser("xenbot");
  const peer = hs.registerUser("minibot");
  const xenRoom = hs.createRoom(human.userId, { invite: [xen.userId] });
  const peerRoom = hs.createRoom(human.userId, { invite: [peer.userId] });
  const stops: Array<() => Promise<void>> = [];
  try {
    const xenbot = await startXenbot({ config: { rate_limit: { burst: 1_000_000, interval_ms: 1 }, matrix: { homeserver: hs.url, user_id: xen.userId, access_token: xen.accessToken, allowed_inviters: [human.userId] } } });
    stops.push(() => xenbot.stop());
    await hs.waitFor(() => hs.membership(xenRoom, xen.userId) === "join", 30_000, "xenbot joined");
    const minimal = await startMinimalBot(hs, peer, peerRoom);
    stops.push(() => minimal.stop());
    await hs.waitFor(() => hs.membership(peerRoom, peer.userId) === "join", 30_000, "minimal bot joined");

    let txn = 0;
    const ask = async (room: string, bot: TestUser, body: string): Promise<number> => {
      const t0 = performance.now();
      const res = await fetch(`${hs.url}/_matrix/client/v3/rooms/${encodeURIComponent(room)}/send/m.room.message/bench${++txn}`, {
        method: "PUT",
        headers: { Authorization: `Bearer ${human.accessToken}`, "Content-Type": "application/json" },
        body: JSON.stringify({ msgtype: "m.text", body }),
      });
      const { event_id: asked } = (await res.json()) as { event_id: string };
      const isReply = (e: ClientEvent) => e.sender === bot.userId && replyTo(e) === asked;
      await hs.waitForEvent(room, isReply, 10_000);
      return performance.now() - t0;
    };
    const contenders = [
      { label: "xenbot (!project 9p)", room: xenRoom, bot: xen, body: "!project 9p", pid: () => xenbot.child.pid!, samples: [] as number[] },
      { label: "matrix-bot-sdk minimal bot (echo)", room: peerRoom, bot: peer, body: "project 9p", pid: () => minimal.pid, samples: [] as number[] },
    ];
    const slot = PER_BOT_MS / contenders.length;
    for (let i = 0; i < warmup + samples; i++) {
      for (const c of contenders) {
        const started = performance.now();
        const ms = await ask(c.room, c.bot, c.body);
        if (i >= warmup) c.samples.push(ms);
        const rest = slot - (performance.now() - started);
        if (rest > 0) await new Promise((r) => setTimeout(r, rest));
      }
    }
    const bots = contenders.map((c) => ({ label: c.label, roundTrip: summarise(c.samples), rssMb: round(rssOf(c.pid()) / 2 ** 20, 1) }));
    if (process.env.BENCH_PROBE) console.log("inside xenbot (sync read to PUT):", JSON.stringify(((await xenbot.memory()) as unknown as { probe: unknown }).probe));
    for (const stop of stops.splice(0)) await stop();
    return { bots, bothRssMb: await bothTransportsRss(hs, human, xen) };
  } finally {
    for (const stop of stops) await stop();
    await hs.close();
  }
}

/** xenbot with IRC (a local ngircd) and Matrix connected, after 30 commands on each. */
async function bothTransportsRss(hs: TestHomeserver, human: TestUser, xen: TestUser): Promise<number | string> {
  if (!existsSync(NGIRCD)) return `skipped: ${NGIRCD} missing`;
  const server = await startNgircd({ noPenalty: true });
  const room = hs.createRoom(human.userId, { invite: [xen.userId] });
  const bot = await startXenbot({
    config: {
      rate_limit: { burst: 1_000_000, interval_ms: 1 },
      irc: { host: server.host, port: server.port, tls: false, nick: "xenbot", channels: [CHANNEL], flood: { burst: 50, interval_ms: 0 } },
      matrix: { homeserver: hs.url, user_id: xen.userId, access_token: xen.accessToken, allowed_inviters: [human.userId] },
    },
    channel: CHANNEL,
  });
  const user = await IrcUser.connect(server, "bencher");
  try {
    await hs.waitFor(() => hs.membership(room, xen.userId) === "join", 30_000, "xenbot joined");
    for (let i = 0; i < 30; i++) {
      const since = user.mark();
      user.say("xenbot", "!project 9p");
      await user.waitFor((l) => l.nick === "xenbot", { since });
      const sent = hs.sendAs(human.userId, room, "m.room.message", { msgtype: "m.text", body: "!project 9p" });
      await hs.waitForEvent(room, (e) => e.sender === xen.userId && JSON.stringify(e.content).includes(sent), 10_000);
      await new Promise((r) => setTimeout(r, 100));
    }
    return round(rssOf(bot.child.pid!) / 2 ** 20, 1);
  } finally {
    user.close();
    await bot.stop();
    await server.stop();
  }
}

export function matrixRows(result: MatrixCompareResult): Array<[string, string]> {
  const rows: Array<[string, string]> = result.bots.map((b) => [
    b.label,
    `round trip p50 ${b.roundTrip.median.toFixed(2)} ms  p90 ${b.roundTrip.p90.toFixed(2)}  p99 ${b.roundTrip.p99.toFixed(2)}  max ${b.roundTrip.max.toFixed(2)}  (n=${b.roundTrip.n});  RSS ${b.rssMb} MB`,
  ]);
  const [ours, peer] = result.bots;
  if (ours && peer) rows.push(["xenbot / minimal bot", `p50 ${(ours.roundTrip.median / peer.roundTrip.median).toFixed(2)}×  p99 ${(ours.roundTrip.p99 / peer.roundTrip.p99).toFixed(2)}× (goal ≤ 1)  RSS ${(ours.rssMb / peer.rssMb).toFixed(2)}×`]);
  rows.push(["xenbot RSS, IRC and Matrix connected", typeof result.bothRssMb === "number" ? `${result.bothRssMb} MB (goal ≤ 100)` : result.bothRssMb]);
  return rows;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  for (const [k, v] of matrixRows(await benchMatrixCompare())) console.log(`${k}: ${v}`);
}
