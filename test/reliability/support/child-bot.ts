// Parent side of support/bot-child.ts: writes a config file, starts the bot as its own plain-node
// process (--expose-gc), and talks to it over IPC.
import { fork, type ChildProcess } from "node:child_process";
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { transpileBot } from "../../bench/transpile-bot.js";
import { REAL_STORE, REPO_ROOT } from "../../support/bot.js";

export interface Probe {
  rss: number;
  heapUsed: number;
  peakRss: number;
  handles: Record<string, number>;
  listeners: Record<string, number> & { total: number };
  irc: { connects: number; registrations: number; disconnects: number; linesSent: number; linesDropped: number; handlerErrors: number; state: string; queued: number } | null;
  matrix: { state: string } | null;
}

export interface ChildBot {
  child: ChildProcess;
  dir: string;
  probe(): Promise<Probe>;
  resetPeak(): void;
  /** What the bot logged (warn and above unless XENBOT_CHILD_LOG says otherwise). */
  stderr(): string;
  stop(): Promise<void>;
}

let build: { dir: string; child: string } | null = null;

/** Starts the bot with `config` (store and state_dir are filled in: a copy of the real store, a fresh state dir). */
export async function startChildBot(config: Record<string, unknown>, env: NodeJS.ProcessEnv = {}): Promise<ChildBot> {
  build ??= transpileBot("test/reliability/support/bot-child.ts");
  const dir = mkdtempSync(path.join(os.tmpdir(), "xenbot-child-"));
  copyFileSync(REAL_STORE, path.join(dir, "projects.json"));
  const file = path.join(dir, "xenbot.yaml");
  // JSON is YAML: the config file is read exactly as `xenbot start --config` reads it.
  writeFileSync(file, JSON.stringify({ store: "projects.json", state_dir: "state", ...config }, null, 2));
  const child = fork(build.child, [file], {
    cwd: REPO_ROOT,
    execArgv: ["--expose-gc"],
    env: { ...process.env, XENBOT_CONFIG: "", ...env },
    stdio: ["ignore", "ignore", "pipe", "ipc"],
  });
  let err = "";
  child.stderr!.on("data", (d: Buffer) => {
    err += d.toString("utf8");
    if (process.env.XENBOT_TEST_LOG) process.stderr.write(d);
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const next = <T>(type: string, timeoutMs: number): Promise<T> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`bot process: no "${type}" within ${timeoutMs} ms; its log:\n${err.slice(-3000)}`));
      }, timeoutMs);
      const onMessage = (m: { type?: string }) => {
        if (m?.type !== type) return;
        cleanup();
        resolve(m as T);
      };
      const onExit = (code: number | null) => {
        cleanup();
        reject(new Error(`bot process exited (${code}) waiting for "${type}"; its log:\n${err.slice(-3000)}`));
      };
      const cleanup = () => {
        clearTimeout(timer);
        child.off("message", onMessage);
        child.off("exit", onExit);
      };
      child.on("message", onMessage);
      child.once("exit", onExit);
    });
  try {
    await next("ready", 60_000);
  } catch (e) {
    child.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  return {
    child,
    dir,
    probe: () => {
      const p = next<Probe>("probe", 30_000);
      child.send("probe");
      return p;
    },
    resetPeak: () => child.send("reset-peak"),
    stderr: () => err,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.send("stop");
        const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The transpiled tree, removed when the test process ends. */
process.once("exit", () => {
  if (build) rmSync(build.dir, { recursive: true, force: true });
});
