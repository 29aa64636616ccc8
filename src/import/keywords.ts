// Search keywords a maintainer would add by hand: the spelled-out forms of acronyms and the
// other names the page itself gives. Found by rule, never by a list of terms:
//  - "NUMA (Non-Uniform Memory Access)": an acronym followed by its expansion;
//  - "Last Level Cache (LLC, …)", "Trascendent memory (Tmem)": an expansion followed by its acronym;
//  - "…, also known as Direct Cache Access": an alternative name;
//  - "OVMF Compatibility Support Module support … how CSM works": an acronym the text uses and a
//    run of capitalised words with those initials;
//  - "KDD (Windows Debugger Stub) enhancements": an aside in parentheses in the title.
// Kept modest on purpose: only what the page states.

const STOP = new Set(["of", "the", "and", "for", "a", "an", "to", "in", "on", "with"]);

/** Can `acronym` be spelled by a non-empty prefix of each word, in order (stopwords may give none)? */
export function spells(words: readonly string[], acronym: string): boolean {
  const a = acronym.toLowerCase();
  const parts = words.flatMap((w) => w.split("-")).filter(Boolean);
  const go = (wi: number, ai: number): boolean => {
    if (wi === parts.length) return ai === a.length;
    const w = parts[wi]!.toLowerCase();
    if (STOP.has(w) && go(wi + 1, ai)) return true;
    for (let p = 1; p <= w.length && ai + p <= a.length; p++) {
      if (w.slice(0, p) !== a.slice(ai, ai + p)) break;
      if (go(wi + 1, ai + p)) return true;
    }
    return false;
  };
  return parts.length >= 2 && go(0, 0);
}

const ACRONYM = /^[A-Z][A-Za-z0-9]{1,9}$/;
/** NUMA, OSSTest: a word with at least two capitals. */
const isAcronym = (w: string): boolean => /^[A-Z][A-Za-z0-9]{1,9}$/.test(w) && (w.match(/[A-Z]/g) ?? []).length >= 2;

function parenthesised(text: string, out: string[]): void {
  for (const m of text.matchAll(/\(([^()]{1,200})\)/g)) {
    const inner = m[1]!.trim();
    const head = inner.split(/[,;]/)[0]!.trim();
    const before = text.slice(0, m.index).split(/[.;:!?,()]/).pop()!.trim().split(/\s+/).filter(Boolean);
    // "Y (X)": the words just before spell the acronym in the parentheses.
    if (ACRONYM.test(head) && /[A-Z].*[A-Za-z]/.test(head)) {
      for (let k = 2; k <= Math.min(7, before.length); k++) {
        const words = before.slice(-k);
        if (words[0]![0]!.toLowerCase() === head[0]!.toLowerCase() && !STOP.has(words[0]!.toLowerCase()) && spells(words, head)) {
          out.push(words.join(" "));
          break;
        }
      }
    }
    // "X (Y)": an acronym spelled out in the parentheses, maybe inside a longer aside:
    // "OSSTest (the Open Source Software Testing framework)".
    const acronym = before[before.length - 1];
    const words = head.split(/\s+/);
    while (words.length && STOP.has(words[0]!.toLowerCase())) words.shift();
    if (acronym && isAcronym(acronym) && words.length <= 8) {
      for (let k = words.length; k >= 2; k--) {
        if (words[0]![0]!.toLowerCase() === acronym[0]!.toLowerCase() && spells(words.slice(0, k), acronym)) {
          out.push(words.slice(0, k).join(" "));
          break;
        }
      }
    }
  }
}

function alsoKnownAs(text: string, out: string[]): void {
  const re = /\b(?:also known as|a\.k\.a\.?|aka|also called)\s+((?:[A-Z][\w-]*)(?:\s+(?:[A-Z][\w-]*|of|the|and|for))*)/g;
  for (const m of text.matchAll(re)) {
    const name = m[1]!.replace(/\s+(?:of|the|and|for)$/, "");
    if (name.includes(" ") || name.length >= 4) out.push(name);
  }
}

function capitalisedRuns(text: string, out: string[]): void {
  const acronyms = new Set([...text.matchAll(/(?<![\w-])([A-Z]{2,6})(?![\w-])/g)].map((m) => m[1]!));
  const words = text.split(/[^\p{L}\p{N}-]+/u).filter(Boolean);
  for (const acronym of acronyms) {
    for (let i = 0; i + acronym.length <= words.length; i++) {
      const run = words.slice(i, i + acronym.length);
      if (run.every((w) => /^\p{Lu}\p{Ll}+$/u.test(w)) && run.map((w) => w[0]).join("") === acronym) {
        out.push(run.join(" "));
        break;
      }
    }
  }
}

/** Keywords from the title and the project's own text, in order of appearance, without repeats. */
export function deriveKeywords(title: string, texts: readonly string[]): string[] {
  const found: string[] = [];
  for (const m of title.matchAll(/\(([^()]+)\)/g)) {
    const aside = m[1]!.trim();
    if (aside.split(/\s+/).length <= 6) found.push(aside);
  }
  const all = [title, ...texts].join("\n");
  for (const source of [title, ...texts]) {
    parenthesised(source, found);
    alsoKnownAs(source, found);
  }
  const byPosition = (k: string): number => {
    const i = all.indexOf(k);
    return i < 0 ? Number.MAX_SAFE_INTEGER : i;
  };
  capitalisedRuns(all, found);
  const seen = new Set([title.toLowerCase()]);
  return found
    .sort((a, b) => byPosition(a) - byPosition(b))
    .filter((k) => {
      const key = k.toLowerCase();
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}
