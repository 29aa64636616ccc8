// MAINTAINERS bench: `!maintainers PATH` over every path of xen.git's file list, through the real
// core (message in, answer out) and the resolver alone, with the whole list's time; the public
// cases' exact matches; and the cost of loading the data. Prints figures; asserts nothing.
// Goal (issue 13): p99 under 1 ms a path, the whole list under 1 s. Run alone:
//   node --import tsx test/bench/maintainers.ts
import { readFileSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { Maintainers } from "../../src/maintainers/maintainers.js";
import { bundledProjectAreasPath } from "../../src/paths.js";
import { ask, REPO_ROOT, testBot } from "../support/bot.js";
import { ms, printTable, summarise } from "./stats.js";

const TREE = path.join(REPO_ROOT, "data/sources/xen-tree-files.txt");
const CASES = path.join(REPO_ROOT, "test/fixtures/public/maintainers-cases.json");
const DATA = path.join(REPO_ROOT, "data/maintainers.json");

interface PublicCase {
  path: string;
  people: Array<{ name: string; email: string; role: string }>;
}

/** Public cases answered with exactly their people, roles and order. */
export function publicExactMatches(m: Maintainers): { right: number; total: number; wrong: string[] } {
  const cases = (JSON.parse(readFileSync(CASES, "utf8")) as { cases: PublicCase[] }).cases;
  const wrong = cases.filter((c) => JSON.stringify(m.whoToCc([c.path]).entries.map((e) => ({ name: e.name, email: e.email, role: e.role }))) !== JSON.stringify(c.people)).map((c) => c.path);
  return { right: cases.length - wrong.length, total: cases.length, wrong };
}

export async function benchMaintainers(): Promise<void> {
  const paths = readFileSync(TREE, "utf8").split("\n").filter(Boolean);
  const t0 = performance.now();
  const m = await Maintainers.open(DATA, bundledProjectAreasPath());
  const load = performance.now() - t0;
  const exact = publicExactMatches(m);

  // The resolver alone: path check and get_maintainer.pl's rules.
  m.whoToCc(["README"]);
  const resolver: number[] = [];
  const r0 = performance.now();
  for (const p of paths) {
    const started = performance.now();
    const check = m.checkPath(p);
    if (check.ok === true) m.whoToCc([check.path]);
    resolver.push(performance.now() - started);
  }
  const resolverTotal = performance.now() - r0;

  // The command as a user's message travels it: parse, dispatch, handler, reply lines.
  // No rate limit here: the bench asks thousands of times as one user.
  const bot = await testBot({ config: { rate_limit: { burst: 1_000_000, interval_ms: 0 } } });
  await ask(bot, "!maintainers README");
  const command: number[] = [];
  let answered = 0;
  const c0 = performance.now();
  for (const p of paths) {
    const started = performance.now();
    const a = await ask(bot, `!maintainers ${p}`);
    command.push(performance.now() - started);
    if (a.status === "ok" && a.text.startsWith("Cc for ")) answered++;
  }
  const commandTotal = performance.now() - c0;

  const areaQueries = ["scheduling", "xenstore", "kdd", "arm port", "George Dunlap", "x86"];
  const areas: number[] = [];
  for (let round = 0; round < 100; round++) {
    for (const q of areaQueries) {
      const started = performance.now();
      await ask(bot, `!maintainers ${q}`);
      areas.push(performance.now() - started);
    }
  }

  const rc = summarise(resolver);
  const cc = summarise(command);
  const ac = summarise(areas);
  printTable("MAINTAINERS: !maintainers over every path of xen.git's file list (goal: p99 < 1 ms, all < 1 s)", [
    ["public cases answered exactly (people, roles, order)", `${exact.right}/${exact.total}${exact.wrong.length ? ` (wrong: ${exact.wrong.join(", ")})` : ""}`],
    ["load data/maintainers.json + indexes", ms(load)],
    [`!maintainers <path> through the core, ${cc.n} paths (${answered} answered)`, `p50 ${ms(cc.median)}  p99 ${ms(cc.p99)}  max ${ms(cc.max)}  all ${ms(commandTotal)}`],
    [`resolver alone (path check + rules), ${rc.n} paths`, `p50 ${ms(rc.median)}  p99 ${ms(rc.p99)}  max ${ms(rc.max)}  all ${ms(resolverTotal)}`],
    [`!maintainers <area or person> through the core, ${ac.n} asks`, `p50 ${ms(ac.median)}  p99 ${ms(ac.p99)}`],
  ]);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await benchMaintainers();
