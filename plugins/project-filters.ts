// Small predicates over projects, shared by !projects and !suggest.
import { compareText, type DifficultyField, LEVELS } from "../src/plugin-api.js";

/** Does the project's difficulty (a level or a range) include this level? Unknown includes none. */
export function difficultyIncludes(d: DifficultyField, level: string): boolean {
  if (!d.known || !d.min) return false;
  const rank = (l: string) => (LEVELS as readonly string[]).indexOf(l);
  const want = rank(level);
  return want >= rank(d.min) && want <= rank(d.max ?? d.min);
}

/** Values with their counts, most frequent first, then alphabetical. */
export function tagCounts(values: readonly string[], byCount = true): [string, number][] {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort((a, b) => (byCount ? b[1] - a[1] : 0) || compareText(a[0], b[0]));
}
