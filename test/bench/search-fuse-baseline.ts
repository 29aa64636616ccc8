// fuse.js on its own, over the same projects and queries as our search: the baseline that
// search.ts is measured against. Ranking uses our word index because fuse.js, even with
// word-level token search, misses queries ours finds, and its cost grows with the store (see
// the figures this prints). Two configurations: fuse's defaults over title and description,
// and the best one we found (token search, ignoreLocation, weighted keys like ours).
import Fuse, { type IFuseOptions } from "fuse.js";
import type { Project } from "../../src/projects/schema.js";
import type { BenchQuery } from "./search.js";
import { summarise } from "./stats.js";

const CONFIGS: Record<string, IFuseOptions<Project>> = {
  "fuse.js defaults (title, description)": { keys: ["title", "description.text"] },
  "fuse.js token search, weighted keys": {
    keys: [
      { name: "title", weight: 3 },
      { name: "id", weight: 3 },
      { name: "keywords", weight: 2 },
      { name: "skills.tags", weight: 1.5 },
      { name: "category", weight: 1 },
      { name: "description.text", weight: 1 },
      { name: "outcomes.text", weight: 1 },
    ],
    ignoreLocation: true,
    threshold: 0.4,
    useTokenSearch: true,
  },
};

export function fuseFirstRight(projects: readonly Project[], queries: readonly BenchQuery[]): Array<{ config: string; right: string }> {
  return Object.entries(CONFIGS).map(([config, options]) => {
    const fuse = new Fuse([...projects], options);
    const right = queries.filter(({ q, expect }) => {
      const top = fuse.search(q, { limit: 1 })[0];
      return top !== undefined && expect.includes(top.item.title);
    }).length;
    return { config, right: `${right}/${queries.length}` };
  });
}

/** Build time and per-query latency of the token-search configuration over a large store. */
export function fuseLatency(projects: readonly Project[], queries: readonly string[], runs: number): { build: number; median: number; p99: number } {
  const options = CONFIGS["fuse.js token search, weighted keys"]!;
  const t0 = performance.now();
  const fuse = new Fuse([...projects], options);
  fuse.search("xen", { limit: 1 });
  const build = performance.now() - t0;
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fuse.search(queries[i % queries.length]!, { limit: 5 });
    samples.push(performance.now() - t);
  }
  const s = summarise(samples);
  return { build, median: s.median, p99: s.p99 };
}
