// Natural-question bench: how many newcomers' questions get a right answer through the real
// bot (the public file and our held-out file, judged as the project judges them), and how long
// the understanding step alone takes per question. Prints figures; asserts nothing. Run alone:
//   node --import tsx test/bench/natural.ts
import path from "node:path";
import { pathToFileURL } from "node:url";
import { ask, testBot } from "../support/bot.js";
import { HELDOUT_NL, judge, loadNlCases, PUBLIC_NL } from "../support/nl-cases.js";
import { ms, summarise } from "./stats.js";

const TIMING_ROUNDS = 200;

interface Accuracy {
  right: number;
  total: number;
  misses: Array<{ question: string; fault: string; answer: string }>;
}

async function accuracy(file: string): Promise<Accuracy> {
  const cases = loadNlCases(file);
  const bot = await testBot();
  const misses: Accuracy["misses"] = [];
  for (const [i, c] of cases.queries.entries()) {
    const answer = await ask(bot, c.q, { private: true, nick: `newbie${i}` });
    const faults = judge(answer.text, c, cases.generic_none);
    if (faults.length) misses.push({ question: c.q, fault: faults.join("; "), answer: answer.text.replace(/\n/g, " ⏎ ").slice(0, 140) });
  }
  return { right: cases.queries.length - misses.length, total: cases.queries.length, misses };
}

const pct = (a: Accuracy) => `${a.right}/${a.total} (${((100 * a.right) / a.total).toFixed(1)}%)`;

export async function benchNatural(): Promise<void> {
  console.log("\n## natural questions — through the real bot, as private messages, on the real store");
  for (const [label, file] of [["public (test/fixtures/public/nl-queries.json)", PUBLIC_NL], ["held-out, written before the rules (test/bench/nl-heldout.json)", HELDOUT_NL]] as const) {
    const a = await accuracy(file);
    console.log(`${label}: answered right ${pct(a)}`);
    if (a.misses.length) console.table(a.misses);
  }

  // The understanding step alone: sentence in, command out, on the warm vocabulary.
  const bot = await testBot();
  const questions = [...loadNlCases(PUBLIC_NL).queries, ...loadNlCases(HELDOUT_NL).queries].map((c) => c.q);
  for (const q of questions) bot.understanding.understand(q);
  const samples: number[] = [];
  for (let round = 0; round < TIMING_ROUNDS; round++) {
    for (const q of questions) {
      const t0 = performance.now();
      bot.understanding.understand(q);
      samples.push(performance.now() - t0);
    }
  }
  const s = summarise(samples);
  console.log(`understanding step alone, per question (${questions.length} questions × ${TIMING_ROUNDS}; goal p99 under 1 ms):`);
  console.table([{ median: ms(s.median), p90: ms(s.p90), p99: ms(s.p99), max: ms(s.max), n: s.n }]);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  await benchNatural();
}
