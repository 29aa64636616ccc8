// Project ids: short, typeable slugs derived from the title by one rule, and kept across
// re-imports. The rule, in order:
//  1. Clean the title: drop parenthesised asides ("KDD (Windows Debugger Stub) …"), "-like"
//     suffixes, and turn a participle compound before its noun into the noun compound
//     ("passed-through GPU" → "GPU passthrough"). After a colon, only the subtitle counts.
//  2. A run of 3+ capitalised words whose initials appear as an acronym in the project's own
//     text becomes that acronym ("Compatibility Support Module" → CSM when the text says CSM).
//  3. Stopwords and generic words ("enabling", "support", "Xen", "project" …) split the title
//     into phrases.
//  4. With acronym-like words (≥2 capitals or a digit: QuickPath, 9P, NUMA, CPU/RAM/PCI): take
//     up to two of them, plus a word joined to one by "and"/"&" (NUMA and Tmem); when all are
//     short (≤3 letters: 9P, HVM, XL), add the longest plain word of their phrases for meaning.
//     Without: the last two words of the first phrase (the head noun and its modifier).
//  5. At most 24 characters, cut at a word.
import { slugify } from "../projects/fields/slug.js";
import type { Project } from "../projects/schema.js";

export const MAX_ID_LENGTH = 24;

const STOPWORDS = new Set(
  "a an the to of for in on with and or as at by from into onto via its their our your is are be that this these those towards toward about between over under without not using".split(" "),
);
/** Words that say what kind of work a project is, not what it is about. */
const GENERIC = new Set(
  ("enable enabling introduce introducing integrate integrating integration improve improving improvement improvements " +
    "enhance enhancing enhancement enhancements allow allowing utilize utilise utilizing utilising use create creating " +
    "refactor refactoring implement implementing implementation add adding support supporting new better xen project projects " +
    "tool tools work")
    .split(" "),
);

type Token = { word: string; kind: "stop" | "strong" | "plain" };

const isStrong = (w: string): boolean => /\d/.test(w) || (w.match(/\p{Lu}/gu) ?? []).length >= 2;
const isShort = (w: string): boolean => w.split("/").every((part) => part.replace(/[^\p{L}\p{N}]/gu, "").length <= 3);

function cleanTitle(title: string, projectText: string): string[] {
  let t = title.replace(/\([^()]*\)/g, " ").replace(/[.!?]+$/, "");
  const colon = t.lastIndexOf(":");
  if (colon >= 0 && /\p{L}/u.test(t.slice(colon + 1))) t = t.slice(colon + 1);
  t = t.replace(/(\p{L}+)-like\b/gu, "$1");
  // "passed-through GPU" → "GPU passthrough": a participle before its noun reads as a noun compound after it.
  t = t.replace(/\b(\p{L}+)ed-(through|in|out|up|over|back)\s+(\S+)/gu, (_all, stem: string, particle: string, noun: string) => {
    // "plugged" → "plug", but "passed" → "pass": ss/ll/ff/zz belong to the stem.
    const undoubled = /([b-df-hj-km-np-tv-z])\1$/i.test(stem) && !/(ss|ll|ff|zz)$/i.test(stem) ? stem.slice(0, -1) : stem;
    return `${noun} ${undoubled}${particle}`;
  });
  const words = t.split(/\s+/).filter(Boolean).map((w) => w.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "")).filter(Boolean);
  // Capitalised runs that the text abbreviates.
  const acronyms = new Set(projectText.match(/\b[A-Z][A-Z0-9]{1,7}\b/g) ?? []);
  const out: string[] = [];
  for (let i = 0; i < words.length; ) {
    let taken = 1;
    let word = words[i]!;
    for (let len = Math.min(6, words.length - i); len >= 3; len--) {
      const run = words.slice(i, i + len);
      const acronym = run.map((w) => w[0]).join("");
      if (run.every((w) => /^\p{Lu}\p{Ll}+$/u.test(w)) && acronyms.has(acronym)) {
        word = acronym;
        taken = len;
        break;
      }
    }
    out.push(word);
    i += taken;
  }
  return out;
}

/** The id the rule gives for a title (before de-duplication). */
export function deriveId(title: string, projectText = ""): string {
  const tokens: Token[] = cleanTitle(title, projectText).map((word) => {
    const lower = word.toLowerCase();
    if (STOPWORDS.has(lower) || GENERIC.has(lower)) return { word, kind: "stop" };
    return { word, kind: isStrong(word) ? "strong" : "plain" };
  });
  // Phrases: runs of content words between stop/generic words.
  const phraseOf: number[] = [];
  let phrase = 0;
  tokens.forEach((t, i) => {
    if (t.kind === "stop" && i > 0 && tokens[i - 1]!.kind !== "stop") phrase++;
    phraseOf.push(phrase);
  });
  const content = tokens.map((t, i) => ({ ...t, i, phrase: phraseOf[i]! })).filter((t) => t.kind !== "stop");
  let parts: typeof content;
  const strong = content.filter((t) => t.kind === "strong").slice(0, 2);
  if (strong.length) {
    parts = [...strong];
    for (const s of strong) {
      // "NUMA and Tmem": a word coordinated with an acronym is part of the topic.
      for (const [conj, other] of [[s.i + 1, s.i + 2], [s.i - 1, s.i - 2]] as const) {
        const o = content.find((c) => c.i === other);
        if (o && /^(?:and|&)$/i.test(tokens[conj]?.word ?? "") && !parts.includes(o)) parts.push(o);
      }
    }
    if (parts.every((p) => isShort(p.word))) {
      const phrases = new Set(parts.map((p) => p.phrase));
      const extra = content
        .filter((c) => c.kind === "plain" && phrases.has(c.phrase))
        .sort((a, b) => b.word.length - a.word.length || a.i - b.i)[0];
      if (extra) parts.push(extra);
    }
  } else {
    const first = content.filter((c) => c.phrase === content[0]?.phrase);
    parts = first.slice(-2);
  }
  parts.sort((a, b) => a.i - b.i);
  let slugs = parts.map((p) => slugify(p.word)).filter(Boolean);
  while (slugs.length > 1 && slugs.join("-").length > MAX_ID_LENGTH) slugs = slugs.slice(0, -1);
  const id = slugs.join("-").slice(0, MAX_ID_LENGTH).replace(/-+$/, "");
  return id || slugify(title).slice(0, MAX_ID_LENGTH).replace(/-+$/, "") || "project";
}

export interface IdCandidate {
  title: string;
  category: string;
  insertedRaw: string;
  contactsRaw: string;
  /** description, outcomes, skills: where acronyms of title words may be spelled out */
  text: string;
}

const norm = (s: string): string => s.trim().replace(/\s+/g, " ").toLowerCase();
const words = (s: string): Set<string> => new Set(norm(s).split(/[^a-z0-9]+/).filter(Boolean));
function overlap(a: string, b: string): number {
  const x = words(a);
  const y = words(b);
  const common = [...x].filter((w) => y.has(w)).length;
  return common / Math.max(1, new Set([...x, ...y]).size);
}

/**
 * Ids for the projects, in order. A project of the previous store keeps its id when matched by
 * title, or (title edited) by category + insert date + contact line; the rest get the derived id,
 * never one the previous store used, with "-2", "-3" … on clashes.
 */
export function assignIds(projects: readonly IdCandidate[], previous: readonly Project[] = []): string[] {
  const ids: Array<string | null> = projects.map(() => null);
  const taken = new Set<string>();
  const unmatched = new Set(previous);
  projects.forEach((p, i) => {
    const hit = [...unmatched].find((q) => norm(q.title) === norm(p.title));
    if (!hit) return;
    ids[i] = hit.id;
    taken.add(hit.id);
    unmatched.delete(hit);
  });
  projects.forEach((p, i) => {
    if (ids[i]) return;
    const key = (c: string, d: string, k: string): string => `${norm(c)}|${norm(d)}|${norm(k)}`;
    const same = [...unmatched].filter((q) => key(q.category, q.inserted.raw, q.contacts.raw) === key(p.category, p.insertedRaw, p.contactsRaw));
    const best = same.sort((a, b) => overlap(b.title, p.title) - overlap(a.title, p.title))[0];
    if (!best || (same.length > 1 && overlap(best.title, p.title) === 0)) return;
    ids[i] = best.id;
    taken.add(best.id);
    unmatched.delete(best);
  });
  for (const q of previous) taken.add(q.id); // an id once given is never given to another project
  return projects.map((p, i) => {
    if (ids[i]) return ids[i]!;
    const base = deriveId(p.title, p.text);
    let id = base;
    for (let k = 2; taken.has(id); k++) id = `${base.slice(0, MAX_ID_LENGTH - String(k).length - 1).replace(/-+$/, "")}-${k}`;
    taken.add(id);
    return id;
  });
}
