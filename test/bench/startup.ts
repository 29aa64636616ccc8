// `xenbot ask "!project 9p"` from start to exit, as a user's shell runs it: the CLI transpiled to
// plain JavaScript (as `npm run build` makes it) on plain node. With hyperfine (Debian's
// `hyperfine`) its mean and median; else the median of repeated runs. BENCH_BEFORE adds the same
// for another checkout.
//   node --import tsx test/bench/startup.ts
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { round, summarise } from "./stats.js";
import { transpileBot } from "./transpile-bot.js";

const HYPERFINE = "/usr/bin/hyperfine";
const RUNS = 15;

function timeAsk(cli: string, label: string): [string, string] {
  const args = [cli, "ask", "!project 9p"];
  if (existsSync(HYPERFINE)) {
    const json = path.join(os.tmpdir(), `xenbot-hyperfine-${process.pid}.json`);
    const run = spawnSync(HYPERFINE, ["--warmup", "3", "--runs", String(RUNS), "--export-json", json, "-N", `${process.execPath} ${args.map((a) => (a.includes(" ") ? `'${a}'` : a)).join(" ")}`], { encoding: "utf8" });
    if (run.status === 0) {
      const r = (JSON.parse(readFileSync(json, "utf8")) as { results: Array<{ mean: number; median: number; stddev: number }> }).results[0]!;
      rmSync(json, { force: true });
      return [label, `median ${round(r.median, 3)} s  mean ${round(r.mean, 3)} ± ${round(r.stddev, 3)} s (hyperfine, ${RUNS} runs; goal ≤ 0.4 s)`];
    }
  }
  const times: number[] = [];
  for (let i = 0; i < RUNS + 2; i++) {
    const t0 = performance.now();
    const run = spawnSync(process.execPath, args, { encoding: "utf8" });
    if (run.status !== 0) return [label, `failed: ${run.stderr.slice(0, 200)}`];
    if (i >= 2) times.push((performance.now() - t0) / 1000);
  }
  const s = summarise(times);
  return [label, `median ${round(s.median, 3)} s  p90 ${round(s.p90, 3)} s (${RUNS} runs, no hyperfine; goal ≤ 0.4 s)`];
}

export function benchStartup(opts: { before?: string } = {}): Array<[string, string]> {
  const rows: Array<[string, string]> = [];
  for (const [label, repo] of [["xenbot ask (this checkout)", undefined], ...(opts.before ? [[`xenbot ask (${path.basename(opts.before)})`, opts.before]] : [])] as Array<[string, string | undefined]>) {
    const build = transpileBot("test/bench/stats.ts", repo);
    try {
      rows.push(timeAsk(path.join(build.dir, "src/cli.js"), label));
    } finally {
      rmSync(build.dir, { recursive: true, force: true });
    }
  }
  return rows;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  for (const [k, v] of benchStartup({ before: process.env.BENCH_BEFORE })) console.log(`${k}: ${v}`);
}
