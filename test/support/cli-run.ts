// The xenbot command as a real process, for tests that check what operators see: `run` waits for
// it to exit (check, import); `spawnBot` keeps it running (start) and collects its log lines.
import { spawn, spawnSync } from "node:child_process";
import path from "node:path";
import { REPO_ROOT } from "./bot.js";

export const CLI = path.join(REPO_ROOT, "src/cli.ts");

export function runXenbot(args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 90_000): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, ["--import", "tsx", CLI, ...args], { cwd: REPO_ROOT, encoding: "utf8", env: { ...process.env, XENBOT_CONFIG: "", ...env }, timeout: timeoutMs });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** As runXenbot, without blocking this process (a test homeserver in it must keep answering). */
export function runXenbotAsync(args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 90_000): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", CLI, ...args], { cwd: REPO_ROOT, env: { ...process.env, XENBOT_CONFIG: "", ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  child.stdout!.on("data", (d: Buffer) => (out += d.toString("utf8")));
  child.stderr!.on("data", (d: Buffer) => (err += d.toString("utf8")));
  const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
  return new Promise((resolve) =>
    child.once("close", (code) => {
      clearTimeout(timer);
      resolve({ code, out, err });
    }),
  );
}

export interface RunningCli {
  pid: number;
  exited: Promise<number | null>;
  stderr(): string;
  /** The JSON log lines so far. */
  logs(): Array<Record<string, unknown>>;
  /** Resolves with the first log line (so far or to come) that passes `pred`. */
  waitForLog(pred: (r: Record<string, unknown>) => boolean, timeoutMs?: number, what?: string): Promise<Record<string, unknown>>;
  signal(sig: NodeJS.Signals): void;
  /** SIGTERM, then SIGKILL after 15 s; resolves with the exit code. */
  stop(): Promise<number | null>;
}

export function spawnXenbot(args: string[], env: NodeJS.ProcessEnv = {}): RunningCli {
  // A key given as undefined is left out (XENBOT_LOG_LEVEL: undefined lets the config's log_level rule).
  const merged: NodeJS.ProcessEnv = { ...process.env, XENBOT_CONFIG: "", XENBOT_LOG_LEVEL: "info", ...env };
  for (const [k, v] of Object.entries(merged)) if (v === undefined) delete merged[k];
  const child = spawn(process.execPath, ["--import", "tsx", CLI, ...args], { cwd: REPO_ROOT, env: merged, stdio: ["ignore", "ignore", "pipe"] });
  let err = "";
  child.stderr!.on("data", (d: Buffer) => {
    err += d.toString("utf8");
    if (process.env.XENBOT_TEST_LOG) process.stderr.write(d);
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const logs = () =>
    err
      .split("\n")
      .filter((l) => l.startsWith("{"))
      .flatMap((l) => {
        try {
          return [JSON.parse(l) as Record<string, unknown>];
        } catch {
          return [];
        }
      });
  return {
    pid: child.pid!,
    exited,
    stderr: () => err,
    logs,
    async waitForLog(pred, timeoutMs = 30_000, what = "a matching log line") {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const hit = logs().find(pred);
        if (hit) return hit;
        if (child.exitCode !== null || child.signalCode !== null) throw new Error(`xenbot exited (${child.exitCode ?? child.signalCode}) before ${what}; its log:\n${err.slice(-3000)}`);
        if (Date.now() > deadline) throw new Error(`no ${what} within ${timeoutMs} ms; the log:\n${err.slice(-3000)}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    signal: (sig) => void child.kill(sig),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
        const code = await exited;
        clearTimeout(timer);
        return code;
      }
      return child.exitCode;
    },
  };
}
