// Limnoria (Debian's `limnoria`, the peer the IRC bench compares with) as its own process on the
// bench's IRC server. Its config is generated here at run time into a temp dir, with its flood
// guards lifted as ours are for the latency comparison (throttleTime 0, no command-flood
// ignore), and its built-in Utilities `echo` as the answered command. Nothing of it is kept.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { scratchDir } from "./bot-process.js";

export const SUPYBOT = "/usr/bin/supybot";

export interface LimnoriaProcess {
  nick: string;
  pid: number;
  /** Its log (messages.log), for when it does not come up. */
  log(): string;
  stop(): Promise<void>;
}

/** Why Limnoria cannot run here, or null when it can. */
export function limnoriaMissing(): string | null {
  return existsSync(SUPYBOT) ? null : `${SUPYBOT} is not installed (apt-get install -y limnoria): Limnoria's rows are skipped`;
}

export function limnoriaConfig(dir: string, server: { host: string; port: number }, nick: string, channel: string): string {
  const d = (name: string) => path.join(dir, name);
  return [
    `supybot.nick: ${nick}`,
    `supybot.ident: ${nick}`,
    "supybot.user: Limnoria (xenbot bench)",
    "supybot.networks: bench",
    `supybot.networks.bench.servers: ${server.host}:${server.port}`,
    `supybot.networks.bench.channels: ${channel}`,
    "supybot.networks.bench.ssl: False",
    `supybot.directories.conf: ${d("conf")}`,
    `supybot.directories.data: ${d("data")}`,
    `supybot.directories.data.tmp: ${d("data/tmp")}`,
    `supybot.directories.data.web: ${d("data/web")}`,
    `supybot.directories.backup: ${d("backup")}`,
    `supybot.directories.log: ${d("logs")}`,
    "supybot.plugins: Admin Channel Config Misc Owner User Utilities",
    "supybot.plugins.Utilities: True",
    // Flood guards lifted, as the bench lifts xenbot's: this compares answering, not pacing.
    "supybot.protocols.irc.throttleTime: 0.0",
    "supybot.abuse.flood.command: False",
    "supybot.abuse.flood.command.invalid: False",
    "supybot.reply.whenAddressedBy.chars: !",
    "supybot.reply.whenNotCommand: False",
    "supybot.log.stdout: False",
    "supybot.log.level: WARNING",
    "",
  ].join("\n");
}

/** Starts Limnoria; resolves once `isIn()` says it joined (the caller watches the channel). */
export async function startLimnoria(server: { host: string; port: number }, opts: { nick: string; channel: string; isIn: () => boolean; timeoutMs?: number }): Promise<LimnoriaProcess> {
  const dir = scratchDir("limnoria");
  for (const sub of ["conf", "data/tmp", "data/web", "backup", "logs"]) mkdirSync(path.join(dir, sub), { recursive: true });
  const conf = path.join(dir, "bench.conf");
  writeFileSync(conf, limnoriaConfig(dir, server, opts.nick, opts.channel));
  const args = process.getuid?.() === 0 ? ["--allow-root", conf] : [conf];
  const child: ChildProcess = spawn(SUPYBOT, args, { cwd: dir, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
  const log = () => {
    try {
      return `${stderr}${readFileSync(path.join(dir, "logs/messages.log"), "utf8")}`.split("\n").slice(-20).join("\n");
    } catch {
      return stderr;
    }
  };
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      child.kill("SIGTERM");
      const killer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await exited;
      clearTimeout(killer);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
  while (!opts.isIn()) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`Limnoria did not join ${opts.channel}:\n${log()}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { nick: opts.nick, pid: child.pid!, log, stop };
}
