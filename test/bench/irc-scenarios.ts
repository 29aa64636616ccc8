// IRC as people use it, with the default settings (pacing, per-person limit, queue): on a local
// ngircd with its own flood penalties on, as a real server has them.
//   - 8 at once: eight people ask one command each in the channel at the same moment; the time
//     to each one's first line (goal: everyone within 5 s).
//   - flood, then a newcomer: ten people flood the channel with commands (one each every 0.5 s),
//     a newcomer asks after 5 s; the time to the newcomer's first line (goal: within 5 s).
// With BENCH_BEFORE=<checkout> the same runs against xenbot as it was there.
//   node --import tsx test/bench/irc-scenarios.ts
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startXenbot } from "./bot-process.js";
import { CHANNEL } from "./irc-compare.js";
import { NGIRCD, startNgircd } from "../support/irc-servers.js";
import { IrcUser, type IrcLine } from "../support/irc-user.js";

const COMMAND = "!project 9p";
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface ScenarioResult {
  label: string;
  /** Each of the eight's wait for their first line, ms, in asking order. */
  eight: number[];
  /** The newcomer's wait during the flood, ms (NaN: nothing within 30 s). */
  newcomer: number;
  /** Times the bot's connection went down during the runs (flooding kills show here). */
  botDisconnects: number;
}

/** Resolves with the time (performance.now) when `user` sees the bot's first line addressed to it. */
function firstLineFor(user: IrcUser, since: number, timeoutMs = 30_000): Promise<number> {
  const mine = (l: IrcLine) => l.nick === "xenbot" && (l.params[0] === user.nick || l.text.startsWith(`${user.nick}: `));
  return user.waitFor(mine, { since, timeoutMs }).then(
    () => performance.now(),
    () => NaN,
  );
}

async function people(server: { host: string; port: number }, prefix: string, n: number): Promise<IrcUser[]> {
  const users = await Promise.all(Array.from({ length: n }, (_, i) => IrcUser.connect(server, `${prefix}${i}`)));
  for (const u of users) await u.join(CHANNEL);
  return users;
}

async function runScenarios(label: string, sourceRepo?: string): Promise<ScenarioResult> {
  const server = await startNgircd();
  const users: IrcUser[] = [];
  const bot = await startXenbot({
    // BENCH_SCENARIO_IRC='{"flood":{"burst":3}}' tries other settings; the default is none.
    config: { irc: { host: server.host, port: server.port, tls: false, nick: "xenbot", channels: [CHANNEL], ...JSON.parse(process.env.BENCH_SCENARIO_IRC ?? "{}") } },
    channel: CHANNEL,
    ...(sourceRepo ? { sourceRepo } : {}),
  });
  try {
    // 8 at once.
    const eight = await people(server, "asker", 8);
    users.push(...eight);
    await sleep(1_000);
    const marks = eight.map((u) => u.mark());
    const asked = performance.now();
    for (const u of eight) u.say(CHANNEL, COMMAND);
    const arrivals = await Promise.all(eight.map((u, i) => firstLineFor(u, marks[i]!)));
    const eightWaits = arrivals.map((t) => t - asked);
    // Let the rest of their answers drain before the next scenario.
    await sleep(15_000);

    // Flood, then a newcomer.
    const flooders = await people(server, "flood", 10);
    users.push(...flooders);
    const [newcomer] = await people(server, "newbie", 1);
    users.push(newcomer!);
    await sleep(1_000);
    let flooding = true;
    const floods = flooders.map(async (u, i) => {
      await sleep(i * 50);
      while (flooding) {
        u.say(CHANNEL, i % 2 ? COMMAND : "!start");
        await sleep(500);
      }
    });
    await sleep(5_000);
    const since = newcomer!.mark();
    const t0 = performance.now();
    newcomer!.say(CHANNEL, COMMAND);
    const newcomerWait = (await firstLineFor(newcomer!, since)) - t0;
    flooding = false;
    await Promise.all(floods);
    const disconnects = (bot.log().match(/"state":"disconnected"/g) ?? []).length;
    return { label, eight: eightWaits, newcomer: newcomerWait, botDisconnects: disconnects };
  } finally {
    for (const u of users) u.close();
    await bot.stop();
    await server.stop();
  }
}

export async function benchIrcScenarios(opts: { before?: string } = {}): Promise<ScenarioResult[] | string> {
  if (!existsSync(NGIRCD)) return `${NGIRCD} missing (apt-get install -y ngircd)`;
  const results = [await runScenarios("xenbot (this checkout)")];
  if (opts.before) results.push(await runScenarios(`xenbot (${path.basename(opts.before)})`, opts.before));
  return results;
}

export function scenarioRows(results: ScenarioResult[] | string): Array<[string, string]> {
  if (typeof results === "string") return [["skipped", results]];
  const s = (ms: number) => (Number.isNaN(ms) ? "none within 30 s" : `${(ms / 1000).toFixed(2)} s`);
  return results.flatMap((r): Array<[string, string]> => [
    [`${r.label}: 8 at once, last first line`, `${s(Math.max(...r.eight.map((v) => (Number.isNaN(v) ? Infinity : v))))} (goal ≤ 5 s); each: ${r.eight.map((v) => s(v)).join(", ")}`],
    [`${r.label}: newcomer during a flood`, `${s(r.newcomer)} to the first line (goal ≤ 5 s); bot disconnects ${r.botDisconnects}`],
  ]);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  for (const [k, v] of scenarioRows(await benchIrcScenarios({ before: process.env.BENCH_BEFORE }))) console.log(`${k}: ${v}`);
}
