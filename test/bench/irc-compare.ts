// IRC side by side: xenbot and Limnoria (and, with BENCH_BEFORE=<checkout>, xenbot as it was
// there) on one local ngircd, each in its own process, each asked a private command in turn by
// one scripted user, so every bot is asked about every 0.5 s (ngircd throttles clients that send
// many lines a second; paced, the stalls are gone). Flood guards are lifted for every bot: this
// measures answering, not pacing. The figure is the time from the question leaving the user to
// the bot's first reply line reaching it; RSS is read from /proc for every bot alike. A floor
// (irc-floor-bot.ts: a bare socket that answers at once) is asked the same way: a bot's figure
// above the floor is its own time, the rest is the server's and the clients'.
//   node --import tsx test/bench/irc-compare.ts
import { fork } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { REPO, rssOf, startXenbot, stopBenchChild, type XenbotProcess } from "./bot-process.js";
import { limnoriaMissing, startLimnoria, type LimnoriaProcess } from "./limnoria.js";
import { round, summarise, type Summary } from "./stats.js";
import { transpileBot } from "./transpile-bot.js";
import { NGIRCD, startNgircd } from "../support/irc-servers.js";
import { IrcUser } from "../support/irc-user.js";

export const CHANNEL = "#xen-devel";
/** Each bot is asked once per this many ms. */
const PER_BOT_MS = 500;

export interface IrcCompareOptions {
  samples?: number;
  warmup?: number;
  /** A checkout whose xenbot is measured beside this one (BENCH_BEFORE). */
  before?: string;
}

interface Contender {
  label: string;
  nick: string;
  command: string;
  pid: () => number;
  samples: number[];
  rssReady: number;
  stop(): Promise<void>;
}

export interface BotFigures {
  label: string;
  first: Summary;
  rssReadyMb: number;
  rssAfterMb: number;
}

export interface IrcCompareResult {
  skipped?: string;
  limnoria?: string;
  bots: BotFigures[];
}

function xenbotContender(label: string, nick: string, proc: XenbotProcess): Contender {
  return { label, nick, command: "!project 9p", pid: () => proc.child.pid!, samples: [], rssReady: proc.atReady.rss, stop: () => proc.stop(), log: () => proc.log(), probe: async () => ((await proc.memory()) as unknown as { probe: unknown }).probe } as Contender;
}

function limnoriaContender(proc: LimnoriaProcess): Contender {
  return { label: "Limnoria 2023.1 (echo)", nick: proc.nick, command: "echo project 9p", pid: () => proc.pid, samples: [], rssReady: rssOf(proc.pid), stop: () => proc.stop() };
}

const FLOOR_LABEL = "floor (a bare socket answering at once)";

async function floorContender(server: { host: string; port: number }): Promise<Contender> {
  const build = transpileBot("test/bench/irc-floor-bot.ts");
  const child = fork(build.child, [JSON.stringify({ host: server.host, port: server.port, nick: "floor" })], { cwd: REPO, execArgv: [], stdio: ["ignore", "ignore", "inherit", "ipc"] });
  await new Promise<void>((resolve, reject) => {
    child.once("message", () => resolve());
    child.once("exit", (code) => reject(new Error(`the floor bot exited (${code}) before registering`)));
  });
  return { label: FLOOR_LABEL, nick: "floor", command: "ping", pid: () => child.pid!, samples: [], rssReady: rssOf(child.pid!), stop: () => stopBenchChild(child, build.dir) };
}

/** The flood guards lifted, as for Limnoria: answering is measured, not pacing. */
export function liftedXenbotConfig(server: { host: string; port: number }, nick: string): Record<string, unknown> {
  return {
    rate_limit: { burst: 1_000_000, interval_ms: 1 },
    irc: { host: server.host, port: server.port, tls: false, nick, channels: [CHANNEL], flood: { burst: 50, interval_ms: 0 } },
  };
}

export async function benchIrcCompare(opts: IrcCompareOptions = {}): Promise<IrcCompareResult> {
  if (!existsSync(NGIRCD)) return { skipped: `${NGIRCD} missing (apt-get install -y ngircd)`, bots: [] };
  const samples = opts.samples ?? 150;
  const warmup = opts.warmup ?? 20;
  const server = await startNgircd({ noPenalty: true });
  const watcher = await IrcUser.connect(server, "watcher");
  await watcher.join(CHANNEL);
  const contenders: Contender[] = [];
  const missing = limnoriaMissing();
  try {
    contenders.push(xenbotContender("xenbot (this checkout)", "xenbot", await startXenbot({ config: liftedXenbotConfig(server, "xenbot"), channel: CHANNEL })));
    if (opts.before) {
      const old = await startXenbot({ config: liftedXenbotConfig(server, "xenold"), channel: CHANNEL, sourceRepo: opts.before });
      contenders.push(xenbotContender(`xenbot (${path.basename(opts.before)})`, "xenold", old));
    }
    if (!missing) {
      const joined = () => watcher.lines.some((l) => l.command === "JOIN" && l.nick === "limbot");
      contenders.push(limnoriaContender(await startLimnoria(server, { nick: "limbot", channel: CHANNEL, isIn: joined })));
    }
    contenders.push(await floorContender(server));
    const user = await IrcUser.connect(server, "bencher");
    const slot = PER_BOT_MS / contenders.length;
    for (let i = 0; i < warmup + samples; i++) {
      for (const c of contenders) {
        const started = performance.now();
        const since = user.mark();
        user.say(c.nick, c.command);
        await user.waitFor((l) => (l.command === "PRIVMSG" || l.command === "NOTICE") && l.nick === c.nick, { since, timeoutMs: 10_000 });
        const ms = performance.now() - started;
        if (i >= warmup) c.samples.push(ms);
        // The rest of the answer arrives in the slot; the next bot is asked at the slot's end.
        const rest = slot - (performance.now() - started);
        if (rest > 0) await new Promise((r) => setTimeout(r, rest));
      }
    }
    user.close();
    if (process.env.BENCH_PROBE) console.log("inside the first xenbot:", JSON.stringify(await (contenders[0] as Contender & { probe?: () => Promise<unknown> }).probe?.()));
    if (process.env.BENCH_VERBOSE) {
      for (const c of contenders) {
        const worst = c.samples.map((ms, i) => [ms, i] as const).sort((a, b) => b[0] - a[0]).slice(0, 6);
        console.log(`${c.label}: slowest samples (ms @ index): ${worst.map(([ms, i]) => `${ms.toFixed(1)}@${i}`).join(" ")}`);
      }
      const first = contenders[0];
      if (first && process.env.BENCH_KEEP_LOG) (await import("node:fs")).writeFileSync(process.env.BENCH_KEEP_LOG, (first as Contender & { log?: () => string }).log?.() ?? "");
    }
    const bots = contenders.map((c) => ({ label: c.label, first: summarise(c.samples), rssReadyMb: round(c.rssReady / 2 ** 20, 1), rssAfterMb: round(rssOf(c.pid()) / 2 ** 20, 1) }));
    return { ...(missing ? { limnoria: missing } : {}), bots };
  } finally {
    watcher.close();
    await Promise.allSettled(contenders.map((c) => c.stop()));
    await server.stop();
  }
}

/** The comparison as table rows: each bot's figures, then xenbot's ratios to Limnoria's. */
export function compareRows(result: IrcCompareResult): Array<[string, string]> {
  if (result.skipped) return [["skipped", result.skipped]];
  const rows: Array<[string, string]> = result.bots.map((b) => [
    b.label,
    `first line p50 ${b.first.median.toFixed(2)} ms  p90 ${b.first.p90.toFixed(2)}  p99 ${b.first.p99.toFixed(2)}  max ${b.first.max.toFixed(2)}  (n=${b.first.n});  RSS ${b.rssReadyMb} MB at start, ${b.rssAfterMb} MB after`,
  ]);
  const ours = result.bots[0];
  const peer = result.bots.find((b) => b.label.startsWith("Limnoria"));
  if (result.limnoria) rows.push(["Limnoria", result.limnoria]);
  if (ours && peer) {
    rows.push([
      "xenbot / Limnoria",
      `p50 ${(ours.first.median / peer.first.median).toFixed(2)}× (goal ≤ 0.5)  p99 ${(ours.first.p99 / peer.first.p99).toFixed(2)}× (goal ≤ 1)  RSS ${(ours.rssAfterMb / peer.rssAfterMb).toFixed(2)}×`,
    ]);
  }
  const floor = result.bots.find((b) => b.label === FLOOR_LABEL);
  if (floor) {
    // What each bot adds to the round trip the server and the clients take anyway.
    const above = (b: BotFigures) => `${b.label.split(" (")[0]} +${(b.first.median - floor.first.median).toFixed(2)} ms`;
    const own = [ours, peer].filter((b): b is BotFigures => b !== undefined).map(above);
    const ratio = ours && peer ? `; xenbot's own time / Limnoria's ${((ours.first.median - floor.first.median) / (peer.first.median - floor.first.median)).toFixed(2)}×` : "";
    const best = peer ? `; the floor alone is ${(floor.first.median / peer.first.median).toFixed(2)}× Limnoria's p50, the least any bot could reach` : "";
    rows.push(["above the floor (p50)", `${own.join(", ")}${ratio}${best}`]);
  }
  if (ours) rows.push(["xenbot RSS, IRC connected", `${ours.rssAfterMb} MB after the run (goal ≤ 60)`]);
  return rows;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const result = await benchIrcCompare({ before: process.env.BENCH_BEFORE });
  for (const [k, v] of compareRows(result)) console.log(`${k}: ${v}`);
}
