// "Did you mean" for command names: the closest names by edit distance (transpositions count
// as one edit, since "porject" is a typical slip).
import { compareText } from "./compare-text.js";

export function editDistance(a: string, b: string, max = Infinity): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * editDistance(a, b) <= 1, without building the table: one substitution, insertion, deletion or
 * swap of two neighbours. The understanding step asks this for every word of a sentence.
 */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > 1) return false;
  let i = 0;
  while (i < la && i < lb && a[i] === b[i]) i++;
  if (la === lb) {
    // One substitution ("medum"/"medium" is not this case), or a swap of neighbours ("ocmal").
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  return la < lb ? a.slice(i) === b.slice(i + 1) : a.slice(i + 1) === b.slice(i);
}

export interface ClosestOptions {
  /** How many names at most (default 2). */
  limit?: number;
  /**
   * For a shared room, where "!seen" or "!tell" may be another bot's command: one slip at most
   * (two for words over six letters), and nothing for words under three letters.
   */
  strict?: boolean;
}

/** Shortest name offered as a guess: one-letter aliases ("p") would match any short word. */
const MIN_GUESS = 3;

/** Names within a distance that grows with the word's length; best first. */
export function closestNames(word: string, names: readonly string[], opts: ClosestOptions = {}): string[] {
  const w = word.toLowerCase();
  if (w.length > 30) return [];
  if (opts.strict && w.length < 3) return [];
  const allowed = opts.strict ? (w.length <= 6 ? 1 : 2) : w.length <= 3 ? 1 : w.length <= 6 ? 2 : 3;
  return names
    .filter((name) => name.length >= MIN_GUESS)
    .map((name) => ({ name, distance: editDistance(w, name, allowed) }))
    .filter((c) => c.distance <= allowed || (w.length >= 4 && c.name.startsWith(w)))
    .sort((x, y) => x.distance - y.distance || x.name.length - y.name.length || compareText(x.name, y.name))
    .slice(0, opts.limit ?? 2)
    .map((c) => c.name);
}
