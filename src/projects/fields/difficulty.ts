// The "Difficulty" field: a level (Easy/Low, Medium, High/Hard/Difficult) or a range ("Low to
// medium"), which !suggest and !projects filter on. An unreadable value throws a ValueError
// rather than being guessed.
import type { DifficultyField, Level } from "../schema.js";
import { isUnknownText } from "./unknown-text.js";
import { ValueError } from "./value-error.js";

const LEVEL_WORDS: Record<string, Level> = {
  easy: "easy", low: "easy", simple: "easy", beginner: "easy", trivial: "easy",
  medium: "medium", moderate: "medium", intermediate: "medium", mid: "medium", average: "medium",
  high: "hard", hard: "hard", difficult: "hard", advanced: "hard", challenging: "hard",
};
const ORDER: readonly Level[] = ["easy", "medium", "hard"];

/** The level a word names; own keys only, so "constructor" names none. */
function levelWord(word: string | undefined): Level | undefined {
  return word !== undefined && Object.hasOwn(LEVEL_WORDS, word) ? LEVEL_WORDS[word] : undefined;
}

/** Easy/Low, Medium, High/Hard/Difficult, or a range "Low to medium"; "Unknown" is not known. */
export function parseDifficulty(text: string): DifficultyField {
  const t = text.trim().toLowerCase().replace(/[.!]+$/, "");
  if (isUnknownText(t)) return { raw: text, known: false, min: null, max: null };
  const single = levelWord(t);
  if (single) return { raw: text, known: true, min: single, max: single };
  const range = /^([a-z]+)\s*(?:to|-|–|\/|or)\s*([a-z]+)$/.exec(t);
  const a = levelWord(range?.[1]);
  const b = levelWord(range?.[2]);
  if (a && b) {
    const [min, max] = ORDER.indexOf(a) <= ORDER.indexOf(b) ? [a, b] : [b, a];
    return { raw: text, known: true, min, max };
  }
  throw new ValueError(
    `difficulty "${text.trim()}" is not recognised (expected Easy/Low, Medium, High/Hard/Difficult, a range such as "Low to medium", or Unknown)`,
  );
}
