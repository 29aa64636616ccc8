// IRC bench: time from a user's PRIVMSG to the bot's first reply line through a real local ngircd
// (the bot in its own process, real createBot on data/projects.json, flood queue wide open), and
// the bot process's RSS after start-up with IRC connected.
//   node --import tsx test/bench/irc-latency.ts
import { fork } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { percentile, round } from "./stats.js";
import { transpileBot } from "./transpile-bot.js";
import { NGIRCD, startNgircd } from "../support/irc-servers.js";
import { IrcUser } from "../support/irc-user.js";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, "../..");
const CHANNEL = "#xen-devel";

export interface IrcBenchOptions {
  /** Measured requests (default 300; at least 200). */
  requests?: number;
  /** Unmeasured requests first (default 30). */
  warmup?: number;
  /** The command asked (default "!project 9p"). */
  command?: string;
}




export async function benchIrc(opts: IrcBenchOptions = {}): Promise<Record<string, number | string>> {
  if (!existsSync(NGIRCD)) return { irc_skipped: `${NGIRCD} missing (apt-get install -y ngircd)` };
  const requests = Math.max(200, opts.requests ?? 300);
  const warmup = opts.warmup ?? 30;
  const command = opts.command ?? "!project 9p";
  const build = transpileBot("test/bench/irc-bot-child.ts");
  const server = await startNgircd({ noPenalty: true });
  const child = fork(build.child, [JSON.stringify({ host: server.host, port: server.port, channel: CHANNEL, store: path.join(REPO, "data/projects.json"), repo: REPO })], {
    cwd: REPO,
    execArgv: [],
    stdio: ["ignore", "ignore", "inherit", "ipc"],
  });
  const nextMessage = (type: string) =>
    new Promise<{ rss: number; heapUsed: number }>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`bench bot: no "${type}" message within 30 s`)), 30_000);
      const onMessage = (m: { type?: string; rss: number; heapUsed: number }) => {
        if (m?.type !== type) return;
        clearTimeout(timer);
        child.off("message", onMessage);
        resolve(m);
      };
      child.on("message", onMessage);
      child.once("exit", (code) => reject(new Error(`bench bot exited (${code})`)));
    });
  let user: IrcUser | undefined;
  try {
    const ready = await nextMessage("ready");
    user = await IrcUser.connect(server, "bencher");
    await user.join(CHANNEL);
    const samples: number[] = [];
    const full: number[] = [];
    for (let i = 0; i < warmup + requests; i++) {
      const since = user.mark();
      const t0 = performance.now();
      user.say(CHANNEL, command);
      await user.waitFor((l) => l.command === "PRIVMSG" && l.nick === "xenbot", { since, timeoutMs: 10_000 });
      const ms = performance.now() - t0;
      // the rest of the answer arrives before the next question
      await user.waitForMessages("xenbot", 3, { since, timeoutMs: 10_000 });
      if (i >= warmup) {
        samples.push(ms);
        full.push(performance.now() - t0);
      }
    }
    child.send("memory");
    const after = await nextMessage("memory");
    samples.sort((a, b) => a - b);
    full.sort((a, b) => a - b);
    return {
      irc_server: "ngircd (local, penalties off)",
      irc_command: command,
      irc_requests: samples.length,
      irc_first_line_median_ms: round(percentile(samples, 50)),
      irc_first_line_p99_ms: round(percentile(samples, 99)),
      irc_first_line_max_ms: round(samples[samples.length - 1]!),
      irc_whole_answer_median_ms: round(percentile(full, 50)),
      irc_whole_answer_p99_ms: round(percentile(full, 99)),
      irc_bot_runtime: "node on transpiled JS (no tsx)",
      irc_bot_rss_mb_after_start: round(ready.rss / 2 ** 20, 1),
      irc_bot_heap_mb_after_start: round(ready.heapUsed / 2 ** 20, 1),
      irc_bot_rss_mb_after_requests: round(after.rss / 2 ** 20, 1),
    };
  } finally {
    user?.close();
    if (child.connected) child.send("stop");
    await new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      child.once("exit", () => {
        clearTimeout(timer);
        resolve();
      });
    });
    await server.stop();
    rmSync(build.dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const result = await benchIrc();
  for (const [k, v] of Object.entries(result)) console.log(`${k}: ${v}`);
}
