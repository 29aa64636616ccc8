// IRC bench: time from a user's PRIVMSG to the bot's first reply line through a real local ngircd
// (the bot in its own process, real createBot on data/projects.json, flood queue wide open), and
// the bot process's RSS after start-up with IRC connected.
//   node --import tsx test/bench/irc-latency.ts
import { fork } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
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

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

const round = (n: number, d = 2) => Math.round(n * 10 ** d) / 10 ** d;

/**
 * The bot as production runs it: plain JavaScript on plain node, not under tsx (whose loader
 * alone costs ~40 MB of RSS). Transpiles src/, plugins/ and the child script into a temp tree
 * that links the repo's node_modules; type checking is `npm test`'s job, not the bench's.
 */
function transpileBot(): { dir: string; child: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), "xenbot-bench-js-"));
  const files = [
    ...["src", "plugins"].flatMap((top) => readdirSync(path.join(REPO, top), { recursive: true }).map((f) => path.join(top, String(f)))),
    "test/bench/irc-bot-child.ts",
  ];
  for (const rel of files) {
    const src = path.join(REPO, rel);
    if (rel.endsWith(".d.ts") || !/\.(ts|js|json)$/.test(rel)) continue;
    const out = path.join(dir, rel.replace(/\.ts$/, ".js"));
    mkdirSync(path.dirname(out), { recursive: true });
    const body = readFileSync(src, "utf8");
    if (!rel.endsWith(".ts")) {
      writeFileSync(out, body);
      continue;
    }
    const js = ts.transpileModule(body, {
      fileName: rel,
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, esModuleInterop: true, verbatimModuleSyntax: false },
    });
    writeFileSync(out, js.outputText);
  }
  writeFileSync(path.join(dir, "package.json"), JSON.stringify({ type: "module" }));
  symlinkSync(path.join(REPO, "node_modules"), path.join(dir, "node_modules"), "dir");
  return { dir, child: path.join(dir, "test/bench/irc-bot-child.js") };
}

export async function benchIrc(opts: IrcBenchOptions = {}): Promise<Record<string, number | string>> {
  if (!existsSync(NGIRCD)) return { irc_skipped: `${NGIRCD} missing (apt-get install -y ngircd)` };
  const requests = Math.max(200, opts.requests ?? 300);
  const warmup = opts.warmup ?? 30;
  const command = opts.command ?? "!project 9p";
  const build = transpileBot();
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
