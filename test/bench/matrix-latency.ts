// Matrix bench: time from a user's message (PUT /send, as a client does) to the bot's answer
// being in the room, through the test homeserver; the bot runs in its own process (real
// createBot on data/projects.json, plain JavaScript on plain node), and its RSS is read once the
// transport is connected and again after the run (heap after a forced GC, to tell growth from
// garbage).
//   node --import tsx test/bench/matrix-latency.ts
import { fork } from "node:child_process";
import { rmSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { percentile, round } from "./stats.js";
import { transpileBot } from "./transpile-bot.js";
import { TestHomeserver, type ClientEvent } from "../support/homeserver/index.js";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, "../..");

export interface MatrixBenchOptions {
  /** Measured requests (default 300; at least 200). */
  requests?: number;
  /** Unmeasured requests first (default 30). */
  warmup?: number;
  /** The command asked (default "!project 9p"). */
  command?: string;
}




export async function benchMatrix(opts: MatrixBenchOptions = {}): Promise<Record<string, number | string>> {
  const requests = Math.max(200, opts.requests ?? 300);
  const warmup = opts.warmup ?? 30;
  const command = opts.command ?? "!project 9p";
  const build = transpileBot("test/bench/matrix-bot-child.ts");
  const hs = await TestHomeserver.start();
  const botUser = hs.registerUser("xenbot");
  const user = hs.registerUser("newcomer");
  const other = hs.registerUser("other");
  const room = hs.createRoom(user.userId, { invite: [botUser.userId, other.userId] });
  hs.join(other.userId, room);

  const child = fork(
    build.child,
    [JSON.stringify({ homeserver: hs.url, userId: botUser.userId, token: botUser.accessToken, allowed: [user.userId], store: path.join(REPO, "data/projects.json"), repo: REPO })],
    { cwd: REPO, execArgv: ["--expose-gc"], stdio: ["ignore", "ignore", "inherit", "ipc"] },
  );
  const nextMessage = (type: string) =>
    new Promise<{ rss: number; heapUsed: number }>((resolve, reject) => {
      const onMessage = (m: { type?: string; rss: number; heapUsed: number }) => {
        if (m?.type !== type) return;
        child.off("message", onMessage);
        child.off("exit", onExit);
        resolve(m);
      };
      const onExit = (code: number | null) => reject(new Error(`bench bot exited (${code}) before "${type}"`));
      child.on("message", onMessage);
      child.once("exit", onExit);
    });

  let txn = 0;
  const ask = async (): Promise<number> => {
    const t0 = performance.now();
    const res = await fetch(`${hs.url}/_matrix/client/v3/rooms/${encodeURIComponent(room)}/send/m.room.message/bench${++txn}`, {
      method: "PUT",
      headers: { Authorization: `Bearer ${user.accessToken}`, "Content-Type": "application/json" },
      body: JSON.stringify({ msgtype: "m.text", body: command }),
    });
    const { event_id: asked } = (await res.json()) as { event_id: string };
    await hs.waitForEvent(
      room,
      (e: ClientEvent) => e.sender === botUser.userId && (e.content["m.relates_to"] as { "m.in_reply_to"?: { event_id?: string } } | undefined)?.["m.in_reply_to"]?.event_id === asked,
      10_000,
    );
    return performance.now() - t0;
  };

  try {
    const ready = await nextMessage("ready");
    await hs.waitFor(() => hs.membership(room, botUser.userId) === "join", 30_000, "bench bot joined");
    for (let i = 0; i < warmup; i++) await ask();
    const samples: number[] = [];
    for (let i = 0; i < requests; i++) samples.push(await ask());
    child.send("memory");
    const afterRun = await nextMessage("memory");
    samples.sort((a, b) => a - b);
    return {
      matrix_requests: requests,
      matrix_command: command,
      matrix_median_ms: round(percentile(samples, 50)),
      matrix_p90_ms: round(percentile(samples, 90)),
      matrix_p99_ms: round(percentile(samples, 99)),
      matrix_max_ms: round(samples[samples.length - 1]!),
      matrix_rss_connected_mib: round(ready.rss / 1024 / 1024, 1),
      matrix_rss_after_run_mib: round(afterRun.rss / 1024 / 1024, 1),
      matrix_heap_after_gc_mib: round(afterRun.heapUsed / 1024 / 1024, 1),
    };
  } finally {
    const exited = new Promise<void>((resolve) => {
      if (child.exitCode !== null) resolve();
      else child.once("exit", () => resolve());
    });
    if (child.connected) child.send("stop");
    const killer = setTimeout(() => child.kill("SIGKILL"), 5_000);
    await exited;
    clearTimeout(killer);
    await hs.close();
    rmSync(build.dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const figures = await benchMatrix();
  console.log("\nMatrix (test homeserver, bot in its own process)");
  for (const [k, v] of Object.entries(figures)) console.log(`  ${k.padEnd(26)} ${v}`);
}
