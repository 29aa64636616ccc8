// How people name a difficulty: "easy", "beginner", "for a newbie", "not too hard" (easy or
// medium), "challenging". One table for sentences and for `!suggest`'s arguments alike. The
// page's own difficulty field is read elsewhere (projects/fields/difficulty.ts): people asking
// and pages describing use different words.
import type { Level } from "../../projects/schema.js";
import { withinOneEdit } from "../did-you-mean.js";

const EASY: Level[] = ["easy"];
const MEDIUM: Level[] = ["medium"];
const HARD: Level[] = ["hard"];
const UP_TO_MEDIUM: Level[] = ["easy", "medium"];
const FROM_MEDIUM: Level[] = ["medium", "hard"];

/** Phrases of several words, longest first; "not too hard" must not read as "hard". */
const PHRASES: Array<[string[], Level[]]> = [
  ...["too", "very", "that", "so", "overly", "super"].flatMap((adverb): Array<[string[], Level[]]> => [
    [["not", adverb, "hard"], UP_TO_MEDIUM],
    [["not", adverb, "difficult"], UP_TO_MEDIUM],
    [["not", adverb, "complex"], UP_TO_MEDIUM],
    [["not", adverb, "easy"], FROM_MEDIUM],
    [["not", adverb, "simple"], FROM_MEDIUM],
  ]),
  [["not", "hard"], UP_TO_MEDIUM],
  [["not", "difficult"], UP_TO_MEDIUM],
  [["not", "easy"], FROM_MEDIUM],
  [["entry", "level"], EASY],
  [["beginner", "friendly"], EASY],
  [["first", "timer"], EASY],
  [["first", "timers"], EASY],
  [["medium", "difficulty"], MEDIUM],
  [["medium", "level"], MEDIUM],
  [["in", "between"], MEDIUM],
];

const WORDS: Record<string, Level[]> = {
  ...Object.fromEntries(
    "easy easiest easier beginner beginners beginner-friendly simple simplest simpler starter starters newbie newbies newcomer newcomers novice novices low basic trivial small smallest gentle junior entry-level"
      .split(" ")
      .map((w) => [w, EASY]),
  ),
  ...Object.fromEntries("medium intermediate moderate moderately mid middle average mid-level".split(" ").map((w) => [w, MEDIUM])),
  ...Object.fromEntries("hard hardest harder difficult challenging challenge advanced high tough tougher complex expert experts senior ambitious".split(" ").map((w) => [w, HARD])),
};

/** Long level words a slip of the keyboard may not hide ("begginer", "intermidiate"). */
const TYPO_SAFE = Object.keys(WORDS).filter((w) => w.length >= 6 && !w.includes("-"));

export interface LevelRead {
  levels: Level[];
  /** How many words the level took. */
  length: number;
}

/** A level named at `at` in folded words, or null. */
export function readLevel(words: readonly string[], at: number): LevelRead | null {
  for (const [phrase, levels] of PHRASES) {
    if (phrase.every((w, i) => words[at + i] === w)) return { levels, length: phrase.length };
  }
  const word = words[at];
  if (!word) return null;
  // Own keys only: "constructor" or "__proto__" typed as a word must not read Object.prototype.
  const exact = Object.hasOwn(WORDS, word) ? WORDS[word] : undefined;
  if (exact) return { levels: exact, length: 1 };
  if (word.length >= 6) {
    const near = TYPO_SAFE.find((w) => withinOneEdit(word, w));
    if (near) return { levels: WORDS[near]!, length: 1 };
  }
  return null;
}
