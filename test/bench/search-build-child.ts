// Child of the search bench: builds the search index over a store file in the runtime the bot
// really runs (plain node on transpiled JavaScript, as `node dist/src/cli.js start` does), since
// tsx's loader makes the same code noticeably slower. Prints one JSON line:
//   { first, builds: [ms...], rssMiB }   first = the cold build, builds = later rebuilds
// Only src/ is imported: this file is transpiled alone by transpile-bot.ts.
import { readFileSync } from "node:fs";
import { ProjectSearch } from "../../src/search/search.js";
import type { StoreFile } from "../../src/projects/schema.js";

const file = process.argv[2];
const rebuilds = Number(process.argv[3] ?? 5);
if (!file) throw new Error("usage: search-build-child <store.json> [rebuilds]");
const data = JSON.parse(readFileSync(file, "utf8")) as StoreFile;

function build(revision: number): number {
  const search = new ProjectSearch({ revision, projects: () => data.projects, people: () => data.people });
  const t0 = performance.now();
  search.search("xen", 1); // the first search builds the index
  return performance.now() - t0;
}

const first = build(0);
const builds: number[] = [];
for (let i = 1; i <= rebuilds; i++) builds.push(build(i));
console.log(JSON.stringify({ first, builds, rssMiB: process.memoryUsage().rss / 2 ** 20 }));
