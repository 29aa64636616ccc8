// Text analysis for search: the same rules turn store text and user queries into terms, so
// "QuickPath", "quickpath" and "Quick path" meet, and "debuggers" finds "debugger".
// Pure functions, no state.

/** One word of a text as search sees it. */
export interface Term {
  /** lower-case, accents removed: "quickpath" */
  surface: string;
  /** light English stem of surface: "scheduling" → "schedul" */
  stem: string;
  /** true for a piece of a word ("path" of "QuickPath", "cooper" of "cooper3") */
  part: boolean;
  /** word position in its text (parts share their word's position); stop words take none */
  pos: number;
}

const STOP_WORDS = new Set(
  ("a an the of to for in on at by with and or nor is are was were be been being as it its this that these those from into " +
    "onto about how what which who whom i me my we our you your he she they them their there here than then so such not no " +
    "do does did can could should would will may might must also very just some any all each other more most like want wants " +
    "looking look find show tell please thing things something stuff etc e g eg ie via vs").split(" "),
);

const SPECIAL_LETTERS: Record<string, string> = { ł: "l", Ł: "L", đ: "d", Đ: "D", ø: "o", Ø: "O", ß: "ss", ı: "i", æ: "ae", Æ: "AE", œ: "oe", Œ: "OE" };

/** Removes accents ("Monné" → "Monne") but keeps case, which camel-case splitting needs. */
export function foldAccents(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[łŁđĐøØßıæÆœŒ]/g, (c) => SPECIAL_LETTERS[c] ?? c);
}

/**
 * Text folded for matching, never for showing: lower case, accents removed, anything but letters
 * and digits turned into single spaces (the importer's readableText, by contrast, keeps text as
 * people read it).
 */
export function foldForMatching(text: string): string {
  return foldAccents(text)
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

const VOWEL = /[aeiouy]/;

/**
 * A light stemmer: plural and a few verb endings, so "repositories"/"repository",
 * "debuggers"/"debugger"/"debugging"/"debug" and "capping"/"caps"/"cap" share a stem. Words
 * with digits, and short words, are kept whole.
 */
export function stem(word: string): string {
  if (word.length <= 3 || /[^a-z]/.test(word)) return word;
  let w = word;
  if (w.endsWith("ies") && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith("sses")) w = w.slice(0, -2);
  else if (/(?:x|ch|sh)es$/.test(w)) w = w.slice(0, -2);
  else if (w.endsWith("s") && !/(?:ss|us|is)$/.test(w)) w = w.slice(0, -1);
  const suffix = /(?:ing|ed|er)$/.exec(w);
  if (suffix) {
    const base = w.slice(0, suffix.index);
    if (base.length >= 3 && VOWEL.test(base)) {
      w = base;
      // "capp" → "cap", "debugg" → "debug"; but "fuzz", "pass", "install" keep their pair.
      if (/([^aeiouslz])\1$/.test(w)) w = w.slice(0, -1);
    }
  }
  if (w.endsWith("e") && w.length >= 4) w = w.slice(0, -1);
  return w;
}

/** Pieces of one word: camelCase humps ("PowerClamp", "HVMLoader") and letter/digit runs ("cooper3"). */
function wordParts(word: string): string[] {
  let upperInside = false;
  let lower = false;
  let digit = false;
  let letter = false;
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c >= 48 && c <= 57) digit = true;
    else {
      letter = true;
      if (c >= 97 && c <= 122) lower = true;
      else if (i > 0 && c >= 65 && c <= 90) upperInside = true;
    }
  }
  if (!(upperInside && lower) && !(digit && letter)) return [];
  const pieces = word
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .replace(/(\p{L})(\p{N})/gu, "$1 $2")
    .replace(/(\p{N})(\p{L})/gu, "$1 $2")
    .toLowerCase()
    .split(" ");
  return pieces.length > 1 ? pieces.filter((p) => p.length >= 2) : [];
}

const stemCache = new Map<string, string>();

/** stem(), remembered. */
export function cachedStem(word: string): string {
  if (word.length <= 3) return word;
  let s = stemCache.get(word);
  if (s === undefined) {
    s = stem(word);
    if (stemCache.size > 200_000) stemCache.clear();
    stemCache.set(word, s);
  }
  return s;
}

const ASCII_WORD = /[A-Za-z0-9]+/g;
const ANY_WORD = /[\p{L}\p{N}]+/gu;
const ASCII_SLASHED = /(?<![A-Za-z0-9])([A-Za-z])\/([A-Za-z])(?![A-Za-z0-9])/g;
const ANY_SLASHED = /(?<![\p{L}\p{N}])(\p{L})\/(\p{L})(?![\p{L}\p{N}])/gu;

/** Calls visit for every term of a text, in order, without stemming it; see analyse. */
export function forEachTerm(text: string, visit: (surface: string, part: boolean, pos: number) => void, parts = true): void {
  // eslint-disable-next-line no-control-regex
  const ascii = !/[^\x00-\x7f]/.test(text);
  // "I/O", "R/W": two single letters around a slash are one word.
  if (text.includes("/")) text = text.replace(ascii ? ASCII_SLASHED : ANY_SLASHED, "$1$2");
  const words = ascii ? text.match(ASCII_WORD) : foldAccents(text).match(ANY_WORD);
  if (!words) return;
  let pos = 0;
  for (const word of words) {
    const surface = word.toLowerCase();
    if (STOP_WORDS.has(surface)) continue;
    visit(surface, false, pos);
    if (parts) {
      for (const piece of wordParts(word)) {
        if (piece !== surface && !STOP_WORDS.has(piece)) visit(piece, true, pos);
      }
    }
    pos++;
  }
}

/**
 * The terms of a text, in order. Words split at anything but letters and digits; stop words
 * are dropped; each word also yields its camelCase and letter/digit pieces as `part` terms.
 */
export function analyse(text: string, opts: { parts?: boolean } = {}): Term[] {
  const terms: Term[] = [];
  forEachTerm(text, (surface, part, pos) => terms.push({ surface, stem: cachedStem(surface), part, pos }), opts.parts !== false);
  return terms;
}

/** Letters present in a word, as bits (a..z, then one bit for anything else): a cheap filter for edit distance. */
export function letterMask(word: string): number {
  let mask = 0;
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i) - 97;
    mask |= c >= 0 && c < 26 ? 1 << c : 1 << 26;
  }
  return mask;
}

/** Bits set in a 32-bit number. */
export function bitCount(n: number): number {
  n -= (n >>> 1) & 0x55555555;
  n = (n & 0x33333333) + ((n >>> 2) & 0x33333333);
  return (((n + (n >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

let rowA = new Int32Array(64);
let rowB = new Int32Array(64);
let rowC = new Int32Array(64);

/**
 * Optimal-string-alignment distance (an adjacent transposition is one edit), or max + 1 as
 * soon as the distance is known to exceed max.
 */
export function boundedEditDistance(a: string, b: string, max: number): number {
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > max) return max + 1;
  if (la === 0 || lb === 0) return Math.max(la, lb);
  if (rowA.length <= lb) {
    rowA = new Int32Array(lb + 1);
    rowB = new Int32Array(lb + 1);
    rowC = new Int32Array(lb + 1);
  }
  let prev2 = rowA;
  let prev = rowB;
  let cur = rowC;
  for (let j = 0; j <= lb; j++) prev[j] = j;
  for (let i = 1; i <= la; i++) {
    cur[0] = i;
    let rowMin = i;
    const ca = a.charCodeAt(i - 1);
    const caPrev = i > 1 ? a.charCodeAt(i - 2) : -1;
    for (let j = 1; j <= lb; j++) {
      const cb = b.charCodeAt(j - 1);
      let v = prev[j - 1]! + (ca === cb ? 0 : 1);
      const del = prev[j]! + 1;
      if (del < v) v = del;
      const ins = cur[j - 1]! + 1;
      if (ins < v) v = ins;
      if (j > 1 && ca === b.charCodeAt(j - 2) && caPrev === cb) {
        const tr = prev2[j - 2]! + 1;
        if (tr < v) v = tr;
      }
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    const t = prev2;
    prev2 = prev;
    prev = cur;
    cur = t;
  }
  return prev[lb]!;
}
