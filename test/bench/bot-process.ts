// The bots the benches compare, each as its own process: xenbot (bot-child.ts, transpiled to plain
// JavaScript on plain node, as production runs it), from this checkout or from another one (a
// "before" worktree), and its RSS read from /proc the same way for every bot.
import { fork, type ChildProcess } from "node:child_process";
import { closeSync, openSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { transpileBot } from "./transpile-bot.js";

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** Resident memory of a process, from /proc (the same reading for node and python bots). */
export function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1]);
  return kb * 1024;
}

export interface BotMemory {
  rss: number;
  heapUsed: number;
  matrixSdkLoaded: boolean;
}

export interface XenbotProcess {
  child: ChildProcess;
  /** Memory when every transport was in. */
  atReady: BotMemory;
  memory(): Promise<BotMemory>;
  /** The bot's log (pino JSON lines, and what node flags print). */
  log(): string;
  stop(): Promise<void>;
}

export interface XenbotOptions {
  /** Top-level config sections (irc, matrix, rate_limit…). */
  config: Record<string, unknown>;
  /** Be in this IRC channel before ready. */
  channel?: string;
  /** Another checkout's src/ and plugins/ (a "before" worktree); default this one. */
  sourceRepo?: string;
  /** node flags, as a unit file would give them. */
  execArgv?: string[];
}

/** Starts xenbot in its own process; resolves once it is connected everywhere it was told to be. */
export async function startXenbot(opts: XenbotOptions): Promise<XenbotProcess> {
  const sourceRepo = opts.sourceRepo ?? REPO;
  const build = transpileBot("test/bench/bot-child.ts", sourceRepo);
  const logFile = path.join(build.dir, "bot.log");
  const logFd = openSync(logFile, "w");
  const payload = { store: path.join(sourceRepo, "data/projects.json"), repo: sourceRepo, config: opts.config, ...(opts.channel ? { channel: opts.channel } : {}) };
  // BENCH_NODE_FLAGS (e.g. "--trace-gc" or "--cpu-prof --cpu-prof-dir=/tmp/prof") to look inside;
  // whatever they print goes to the bot's log file.
  const execArgv = [...(opts.execArgv ?? []), ...(process.env.BENCH_NODE_FLAGS?.split(/\s+/).filter(Boolean) ?? [])];
  const child = fork(build.child, [JSON.stringify(payload)], { cwd: sourceRepo, execArgv, stdio: ["ignore", logFd, logFd, "ipc"] });
  closeSync(logFd);
  const next = (type: string, timeoutMs = 60_000) =>
    new Promise<BotMemory>((resolve, reject) => {
      const timer = setTimeout(() => done(new Error(`bench bot: no "${type}" within ${timeoutMs} ms; log:\n${tail()}`)), timeoutMs);
      const onMessage = (m: { type?: string } & BotMemory) => m?.type === type && done(null, m);
      const onExit = (code: number | null) => done(new Error(`bench bot exited (${code}) before "${type}"; log:\n${tail()}`));
      function done(err: Error | null, m?: BotMemory): void {
        clearTimeout(timer);
        child.off("message", onMessage);
        child.off("exit", onExit);
        if (err) reject(err);
        else resolve(m!);
      }
      child.on("message", onMessage);
      child.once("exit", onExit);
    });
  const tail = () => {
    try {
      return readFileSync(logFile, "utf8").split("\n").slice(-15).join("\n");
    } catch {
      return "(no log)";
    }
  };
  const stop = () => stopBenchChild(child, build.dir);
  try {
    const atReady = await next("ready");
    return {
      child,
      atReady,
      memory: () => {
        child.send("memory");
        return next("memory");
      },
      log: () => readFileSync(logFile, "utf8"),
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** A scratch directory for a peer bot's generated config. */
/** Asks a forked bench bot to stop (SIGKILL after 5 s), then removes its transpiled build. */
export async function stopBenchChild(child: ChildProcess, buildDir: string): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    if (child.connected) child.send("stop");
    const killer = setTimeout(() => child.kill("SIGKILL"), 5_000);
    await exited;
    clearTimeout(killer);
  }
  rmSync(buildDir, { recursive: true, force: true });
}

export function scratchDir(name: string): string {
  return path.join(os.tmpdir(), `xenbot-bench-${name}-${process.pid}-${Date.now()}`);
}
