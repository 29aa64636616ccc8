// `npm run bench`: every benchmark, one after another, printing figures (never pass/fail), each
// beside its peer where there is one (Limnoria for IRC, a minimal matrix-bot-sdk bot for Matrix).
// BENCH_BEFORE=<another checkout> adds that checkout's xenbot to the IRC rows, the scenarios and
// the start-up time (a "before" table); BENCH_RUNS=3 repeats the side-by-side runs.
import { benchCore } from "./core.js";
import { benchIrcCompare, compareRows } from "./irc-compare.js";
import { benchIrcScenarios, scenarioRows } from "./irc-scenarios.js";
import { benchMaintainers } from "./maintainers.js";
import { benchMatrixCompare, matrixRows } from "./matrix-compare.js";
import { benchNatural } from "./natural.js";
import { benchSearch } from "./search.js";
import { benchStartup } from "./startup.js";
import { printTable } from "./stats.js";

const before = process.env.BENCH_BEFORE;
const runs = Math.max(1, Number(process.env.BENCH_RUNS ?? 1));
console.log(`xenbot benchmarks — node ${process.version}, ${new Date().toISOString()}${before ? `, before: ${before}` : ""}`);
await benchCore();
await benchSearch();
await benchNatural();
await benchMaintainers();
printTable("Start-up: xenbot ask \"!project 9p\"", benchStartup({ before }));
for (let run = 1; run <= runs; run++) {
  printTable(
    `IRC side by side on one local ngircd (penalties off, flood guards lifted, each bot asked privately about every 0.5 s), run ${run} of ${runs}: time to the first reply line`,
    compareRows(await benchIrcCompare({ before })),
  );
}
printTable("IRC with the default settings on a local ngircd (its penalties on): 8 people at once, and a newcomer during a flood", scenarioRows(await benchIrcScenarios({ before })));
for (let run = 1; run <= runs; run++) {
  printTable(`Matrix side by side on the test homeserver (each bot asked in its own room about every 0.5 s), run ${run} of ${runs}: round trip`, matrixRows(await benchMatrixCompare()));
}
