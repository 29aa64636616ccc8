// The core on the real store: start-up cost and the latency of each command through the
// dispatcher, as a user's message would travel after the transport.
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { ask, testBot } from "../support/bot.js";
import { mib, ms, printTable, summarise } from "./stats.js";

const COMMANDS = ["!project 9p", "!project windows debugger", "!projects easy", "!suggest easy", "!suggest ocaml", "!contact cooper", "!contact kdd", "!start", "!help project", "!about", "!skills", "!nosuchcommand", "just chatting", "xenbot: who mentors the kdd project?", "xenbot: anything not too hard in C?"];

export async function benchCore(rounds = 200): Promise<void> {
  const t0 = performance.now();
  const bot = await testBot();
  const startup = performance.now() - t0;
  await ask(bot, "!project warm-up");
  const rows: Array<[string, string]> = [["bot start-up (store load + index on first query)", ms(startup)]];
  for (const command of COMMANDS) {
    const samples: number[] = [];
    for (let i = 0; i < rounds; i++) {
      const started = performance.now();
      await ask(bot, command);
      samples.push(performance.now() - started);
    }
    const s = summarise(samples);
    rows.push([command, `median ${ms(s.median)}  p99 ${ms(s.p99)}  (n=${s.n})`]);
  }
  // The bot processes of the IRC and Matrix benches give the RSS that matters; this one also
  // holds tsx and the bench tooling.
  rows.push(["bench process RSS / heap used", `${mib(process.memoryUsage().rss)} / ${mib(process.memoryUsage().heapUsed)}`]);
  printTable("Core: each command through the dispatcher on the real store", rows);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await benchCore();
