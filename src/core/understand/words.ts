// A sentence as the understanding step reads it. Every word is folded for matching (lower case,
// accents off, contractions opened: "I'm" → "i am", "what's" → "what is") and keeps the form the
// person typed, so the arguments handed on to a command read as they were written. A file path
// stays one word ("xen/common/kexec.c") and is marked, so it is never taken for a project's name.
import { foldAccents } from "../../search/search-text.js";
import { isFilePath } from "./file-path.js";

export interface Word {
  /** As typed, with surrounding punctuation removed: "Madhavapeddy", "xen/common/kexec.c". */
  typed: string;
  /** Folded for matching: "madhavapeddy". */
  norm: string;
  /** A file path or file name: a question about code, never a project search. */
  path: boolean;
}

export interface Sentence {
  words: Word[];
  /** Written as a question ("…?"), which tells a sentence from a command. */
  question: boolean;
}

// A word starts with a letter or digit and may hold the characters names, paths and languages
// use inside: "lagar-cavilla", "cpu/ram/pci", "c++", "c#", "kexec.c", "don't".
const WORD = /[\p{L}\p{N}][\p{L}\p{N}'’._+#/-]*/gu;
// Pasted markup is not words: "<b>who</b>" reads as "who".
const HTML_TAG = /<\/?[a-z][^<>]{0,200}>/gi;

/** "'s" after these is "is" ("what's"); after a name it is a possessive ("Durrant's"). */
const IS_BEFORE = new Set(["what", "who", "where", "how", "that", "it", "there", "here", "which", "when", "why"]);
const SUFFIXES: Record<string, string> = { "'m": "am", "'re": "are", "'ve": "have", "'d": "would", "'ll": "will" };
const NEGATIONS: Record<string, string> = { "can't": "can", "won't": "will", "shan't": "shall", "ain't": "is" };

/** One typed word as the words it stands for: "i'm" → ["i", "am"], "doesn't" → ["does", "not"]. */
function openContraction(norm: string): string[] {
  if (!norm.includes("'")) return [norm];
  const negated = Object.hasOwn(NEGATIONS, norm) ? NEGATIONS[norm] : undefined;
  if (negated) return [negated, "not"];
  if (norm.endsWith("n't")) return [norm.slice(0, -3), "not"];
  for (const [suffix, full] of Object.entries(SUFFIXES)) if (norm.endsWith(suffix)) return [norm.slice(0, -suffix.length), full];
  if (norm.endsWith("'s")) {
    const base = norm.slice(0, -2);
    return IS_BEFORE.has(base) ? [base, "is"] : [base];
  }
  return [norm.replace(/'/g, "")];
}

/** Folded for matching: lower case, accents removed, the typographic apostrophe made plain. */
export function foldWord(typed: string): string {
  return foldAccents(typed).toLowerCase().replace(/’/g, "'");
}

export function readSentence(line: string): Sentence {
  const text = line.replace(HTML_TAG, " ");
  const words: Word[] = [];
  for (const match of text.matchAll(WORD)) {
    const raw = match[0];
    if (isFilePath(raw)) {
      words.push({ typed: raw, norm: foldWord(raw), path: true });
      continue;
    }
    // Sentence punctuation is not part of a word: "kdd.", "patches?", "cooper's".
    const typed = raw.replace(/[._/'’-]+$/, "");
    if (!typed) continue;
    const parts = openContraction(foldWord(typed));
    parts.forEach((norm, i) => {
      // The first part keeps the typed form (without the contraction), the rest are implied.
      if (norm) words.push({ typed: i === 0 ? typed.replace(/['’].*$/, "") || typed : norm, norm, path: false });
    });
  }
  return { words, question: text.includes("?") };
}
