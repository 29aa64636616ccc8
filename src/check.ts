// `xenbot check [--connect]`: what an operator (and systemd's ExecStartPre) asks before starting
// the bot. It validates the config and the store as the bot would load them, warns about a store
// or state_dir it cannot write, and with --connect tries each configured server as the bot would
// connect, naming host, port and the likely cause when one fails. Nothing is written.
import { createBot } from "./app.js";
import type { Config } from "./config.js";
import { silentLogger } from "./log.js";
import { directoryUnwritable, fileUnwritable } from "./state/writable.js";
import type { ProbeResult } from "./transports/failure-hints.js";

export interface CheckReport {
  /** For stdout: "config ok; …", and each server that answered. */
  ok: string[];
  /** For stderr: what will not work (warnings, failed connections with their hints). */
  problems: string[];
  /** 0, or 1 when a server could not be reached. */
  code: number;
}

export async function runCheck(config: Config, opts: { connect: boolean; timeoutMs?: number }): Promise<CheckReport> {
  const bot = await createBot({ config, logger: silentLogger() }); // throws StoreError for a bad store
  const transports = [config.irc ? `IRC ${config.irc.host}:${config.irc.port}` : null, config.matrix ? `Matrix ${config.matrix.homeserver}` : null].filter(Boolean);
  const ok = [
    `config ok; store ${config.store}: ${bot.store.projects({ includeArchived: true }).length} projects, ${bot.store.people().length} people; ` +
      `maintainers ${config.maintainers}: xen.git ${bot.maintainers.source.commit} (${bot.maintainers.source.date}), ${bot.maintainers.sections().length} sections; ` +
      `${bot.registry.commands().length} commands; transports: ${transports.length ? transports.join(", ") : "console only"}`,
  ];
  const problems: string[] = [];
  const store = await fileUnwritable(config.store);
  if (store) problems.push(`warning: store ${config.store} cannot be written (${store}): admin edits (!set, !verify, !archive) will fail`);
  const state = await directoryUnwritable(config.state_dir);
  if (state) problems.push(`warning: state_dir ${config.state_dir} cannot be written (${state}): the instance lock, Matrix's sync token, the greeted list and the audit log will not be kept`);
  let code = 0;
  if (opts.connect) {
    const results = await Promise.all(probes(config, opts.timeoutMs));
    if (results.length === 0) ok.push("connect: no irc: or matrix: section, nothing to try");
    for (const r of results) {
      if (r.ok) ok.push(`connect: ${r.target}: ok, ${r.summary}`);
      else {
        code = 1;
        problems.push(`error: connect: ${r.target}: ${r.summary}${r.hint ? `\n  hint: ${r.hint.hint}` : ""}`);
      }
    }
  }
  return { ok, problems, code };
}

function probes(config: Config, timeoutMs?: number): Array<Promise<ProbeResult>> {
  const list: Array<Promise<ProbeResult>> = [];
  const irc = config.irc;
  const matrix = config.matrix;
  if (irc) list.push(import("./transports/irc/probe.js").then((m) => m.probeIrc(irc, timeoutMs)));
  if (matrix) list.push(import("./transports/matrix/probe.js").then((m) => m.probeMatrix(matrix, config.state_dir, timeoutMs)));
  return list;
}
