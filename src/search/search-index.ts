// A field-aware word index with typo tolerance: the ranking core of search.ts.
//
// Every record's fields are analysed into terms (search-text.ts). A query word meets a term
// exactly (same stem), as a prefix ("hotplu" → "hotplug"), with a typo (edit distance 1, or
// 2 for long words), split in two ("9pfs" → "9p" + "fs") or joined with its neighbour
// ("power clamp" → "powerclamp"). How well a word matches a record is the similarity of the
// best meeting times the weight of the field it meets in (a title counts more than a
// description). Words are weighted by rarity (BM25 inverse document frequency), so in
// "debugger for windows guests" the rare "debugger" matters more than the common "guests".
//
// A record's strength is Σ rarity × match / Σ rarity: 1 when every word meets the title
// exactly, 0 when none meets anything. That makes strengths comparable across queries, which
// the verdict rules in search.ts rely on. Adjacent query words found adjacent in a field add a
// small phrase bonus.
import { analyse, bitCount, boundedEditDistance, cachedStem, forEachTerm, letterMask, type Term } from "./search-text.js";

export interface FieldSpec<T> {
  name: string;
  /** 0..1: how much a match in this field counts (title 1, description ~0.35) */
  weight: number;
  get(record: T): string | readonly string[];
  /** Also index each two neighbouring words as one ("File System" → "filesystem"); for short fields. */
  joins?: boolean;
}

export interface IndexOptions {
  /** Shortest query word that may match as a prefix of a longer term. */
  minPrefix: number;
  /** Reduce words to stems ("debuggers" → "debug"); off for names ("Cooper" is not "coop"). */
  stemming?: boolean;
}

export interface Ranked {
  /** position of the record in the array given to the index */
  ref: number;
  /** 0..1, higher is better; see the header comment */
  strength: number;
}

/** How much a piece of a word ("path" of "QuickPath") counts against the whole word. */
const PART_FACTOR = 0.85;
/** A typo in the first letter counts this much of one elsewhere. */
const FIRST_LETTER_TYPO = 0.85;
/** Two neighbouring words of a title read as one. */
const JOIN_FACTOR = 0.95;
/** A query word split in two, or its pieces, counts this much of a whole-word match. */
const SPLIT_FACTOR = 0.9;
/** Extra for a term that occurs more than once in a record: + TF_BONUS × ln(occurrences). */
const TF_BONUS = 0.04;
/** Share of the remaining distance to 1 that a perfect phrase match closes. */
const PHRASE_BONUS = 0.3;
/** Longest query word looked at, and most words per query. */
const MAX_WORD = 32;
const MAX_WORDS = 12;
/** Prefix candidates per query word (the shortest are kept). */
const MAX_PREFIX = 24;
/** Records re-ranked with the phrase bonus. */
const PHRASE_POOL = 24;

interface Candidate {
  id: number;
  sim: number;
}

/** How well one query word matches each record (ref → 0..1), and how much the word counts. */
interface WordMatch {
  scores: Map<number, number>;
  rarity: number;
  /** terms that stand for this word in a phrase check */
  ids: Set<number>;
}

export class TermIndex<T> {
  /** term (a stem, or the word itself without stemming) → term id */
  private readonly termIds = new Map<string, number>();
  /** term id → term */
  private readonly terms: string[] = [];
  /** every word form seen → its term id */
  private readonly surfaceIds = new Map<string, number>();
  /** term id → records holding it, and how well (field weight, plus a little per repeat) */
  private readonly postRefs: number[][] = [];
  private readonly postWeights: number[][] = [];
  private readonly sortedSurfaces: string[];
  private readonly surfacesByLength: { word: string; mask: number; id: number }[][] = [];
  /** per record, per field: the term ids of whole words in order, for the phrase bonus */
  private readonly sequences: { weight: number; ids: number[] }[][] = [];
  private readonly maxRarity: number;
  private readonly stemming: boolean;
  // Per-record scratch while indexing, by term id.
  private bestWeight = new Float64Array(4096);
  private seen = new Int32Array(4096);

  constructor(
    readonly records: readonly T[],
    private readonly fields: readonly FieldSpec<T>[],
    private readonly options: IndexOptions = { minPrefix: 4 },
  ) {
    this.stemming = options.stemming !== false;
    records.forEach((record, ref) => this.add(record, ref));
    this.sortedSurfaces = [...this.surfaceIds.keys()].sort();
    for (const word of this.sortedSurfaces) (this.surfacesByLength[word.length] ??= []).push({ word, mask: letterMask(word), id: this.surfaceIds.get(word)! });
    this.maxRarity = this.rarity(1);
  }

  get size(): number {
    return this.records.length;
  }

  /** The term id of a word form, made on first sight. */
  private idOf(surface: string): number {
    let id = this.surfaceIds.get(surface);
    if (id !== undefined) return id;
    const term = this.stemming ? cachedStem(surface) : surface;
    id = this.termIds.get(term);
    if (id === undefined) {
      id = this.terms.length;
      this.termIds.set(term, id);
      this.terms.push(term);
      this.postRefs.push([]);
      this.postWeights.push([]);
      if (id >= this.seen.length) {
        const grow = <A extends Float64Array | Int32Array>(a: A, make: (n: number) => A): A => {
          const b = make(a.length * 2);
          b.set(a);
          return b;
        };
        this.bestWeight = grow(this.bestWeight, (n) => new Float64Array(n));
        this.seen = grow(this.seen, (n) => new Int32Array(n));
      }
    }
    this.surfaceIds.set(surface, id);
    return id;
  }

  /** The term id of a word form if the index knows it as it is (a form seen, or a term). */
  private lookup(surface: string): number | undefined {
    return this.surfaceIds.get(surface) ?? this.termIds.get(surface);
  }

  private add(record: T, ref: number): void {
    const touched: number[] = [];
    const seqs: { weight: number; ids: number[] }[] = [];
    const note = (id: number, w: number) => {
      const n = this.seen[id]!;
      if (n === 0) {
        touched.push(id);
        this.bestWeight[id] = w;
      } else if (w > this.bestWeight[id]!) this.bestWeight[id] = w;
      this.seen[id] = n + 1;
    };
    for (const field of this.fields) {
      const value = field.get(record);
      const whole = field.weight;
      const part = field.weight * PART_FACTOR;
      const join = field.weight * JOIN_FACTOR;
      for (const text of typeof value === "string" ? [value] : value) {
        const ids: number[] = [];
        const surfaces: string[] = [];
        forEachTerm(text, (surface, isPart, pos) => {
          const id = this.idOf(surface);
          note(id, isPart ? part : whole);
          if (isPart) return;
          ids[pos] = id;
          surfaces[pos] = surface;
          if (field.joins && pos > 0) {
            // "File System" → "filesystem"; "passed-through" → "passthrough" (terms joined)
            const bySurface = surfaces[pos - 1]! + surface;
            const byTerm = this.terms[ids[pos - 1]!]! + this.terms[id]!;
            note(this.idOf(bySurface), join);
            if (byTerm !== bySurface) note(this.idOf(byTerm), join);
          }
        });
        if (ids.length) seqs.push({ weight: whole, ids });
      }
    }
    for (const id of touched) {
      const n = this.seen[id]!;
      this.postRefs[id]!.push(ref);
      // May pass 1 a little: repeated mentions break ties between equal best fields.
      this.postWeights[id]!.push(n > 1 ? this.bestWeight[id]! + TF_BONUS * Math.log(n) : this.bestWeight[id]!);
      this.seen[id] = 0;
    }
    this.sequences.push(seqs);
  }

  private analyse(text: string, parts: boolean): Term[] {
    const terms = analyse(text, { parts });
    if (!this.stemming) for (const t of terms) t.stem = t.surface;
    return terms;
  }

  /** BM25's inverse document frequency of a term found in df records. */
  private rarity(df: number): number {
    const n = this.records.length;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  private rarityOf(id: number): number {
    return this.rarity(this.postRefs[id]!.length);
  }

  /** The terms a query word may stand for, each with a similarity 0..1. */
  private candidates(word: Term): Candidate[] {
    const out = new Map<number, number>();
    const put = (id: number, sim: number) => {
      if ((out.get(id) ?? 0) < sim) out.set(id, sim);
    };
    const s = word.surface;
    const exact = this.termIds.get(word.stem) ?? this.surfaceIds.get(s);
    if (exact !== undefined) put(exact, 1);
    if (s.length >= this.options.minPrefix) {
      const found: string[] = [];
      for (let i = lowerBound(this.sortedSurfaces, s); i < this.sortedSurfaces.length && this.sortedSurfaces[i]!.startsWith(s); i++) found.push(this.sortedSurfaces[i]!);
      found.sort((a, b) => a.length - b.length);
      for (const f of found.slice(0, MAX_PREFIX)) if (f !== s) put(this.surfaceIds.get(f)!, 0.6 + (0.3 * s.length) / f.length);
    }
    // Typos: always for longer words (a typo may happen to be some rare word of the store), else
    // only when the word is unknown.
    if (exact === undefined || s.length >= 5) {
      const max = s.length >= 9 ? 2 : s.length >= 4 ? 1 : 0;
      const mask = letterMask(s);
      for (let len = s.length - max; max > 0 && len <= s.length + max; len++) {
        for (const f of this.surfacesByLength[len] ?? []) {
          // Each edit adds or removes at most two letters from the set of letters used.
          if (bitCount(mask ^ f.mask) > 2 * max) continue;
          const d = boundedEditDistance(s, f.word, max);
          if (d > max) continue;
          // People seldom get the first letter wrong: a typo there is less likely a typo.
          const firstKept = f.word.charCodeAt(0) === s.charCodeAt(0) || (f.word[0] === s[1] && f.word[1] === s[0]);
          put(f.id, (0.85 - (0.5 * d) / s.length) * (firstKept ? 1 : FIRST_LETTER_TYPO));
        }
      }
    }
    return [...out].map(([id, sim]) => ({ id, sim }));
  }

  private scoresOf(cands: readonly Candidate[]): Map<number, number> {
    const scores = new Map<number, number>();
    for (const { id, sim } of cands) {
      const refs = this.postRefs[id]!;
      const weights = this.postWeights[id]!;
      for (let k = 0; k < refs.length; k++) {
        const v = sim * weights[k]!;
        const ref = refs[k]!;
        if ((scores.get(ref) ?? 0) < v) scores.set(ref, v);
      }
    }
    return scores;
  }

  private wordMatch(word: Term, pieces: readonly Term[]): WordMatch {
    const cands = this.candidates(word);
    const scores = this.scoresOf(cands);
    const ids = new Set(cands.filter((c) => c.sim >= 0.7).map((c) => c.id));
    let rarity = 0;
    if (cands.length) {
      const top = Math.max(...cands.map((c) => c.sim));
      rarity = Math.max(...cands.filter((c) => c.sim >= top - 1e-9).map((c) => this.rarityOf(c.id)));
    }
    // Pieces of the word: its own ("cooper3" → "cooper"), or any split into two known words.
    const splits: string[][] = [];
    if (pieces.length) splits.push(pieces.map((p) => p.surface));
    if (!cands.some((c) => c.sim === 1)) {
      const s = word.surface;
      for (let k = 2; k <= s.length - 2; k++) {
        const a = s.slice(0, k);
        const b = s.slice(k);
        if (this.lookup(a) !== undefined && this.lookup(b) !== undefined) splits.push([a, b]);
      }
    }
    for (const split of splits) {
      const pieceIds = split.map((p) => this.lookup(p));
      if (pieceIds.some((id) => id === undefined)) continue;
      const parts = (pieceIds as number[]).map((id) => this.scoresOf([{ id, sim: 1 }]));
      // A record meets the split word as well as it meets its weaker piece.
      for (const [ref, v0] of parts[0]!) {
        let v = v0;
        for (const other of parts.slice(1)) v = Math.min(v, other.get(ref) ?? 0);
        v *= SPLIT_FACTOR;
        if (v > (scores.get(ref) ?? 0)) scores.set(ref, v);
      }
      rarity = Math.max(rarity, ...(pieceIds as number[]).map((id) => this.rarityOf(id)));
    }
    if (rarity === 0) rarity = this.maxRarity * 0.5; // a word we do not know still counts against every record
    return { scores, rarity, ids };
  }

  /** Records matching the query, strongest first. */
  search(query: string, limit: number): Ranked[] {
    const all = this.analyse(query.slice(0, MAX_WORD * MAX_WORDS), true);
    const words = all.filter((t) => !t.part && t.surface.length <= MAX_WORD).slice(0, MAX_WORDS);
    if (words.length === 0) return [];
    const matches = words.map((w) =>
      this.wordMatch(
        w,
        all.filter((t) => t.part && t.pos === w.pos),
      ),
    );
    // Two query words written as one in the store: "power clamp" → "powerclamp".
    for (let i = 0; i + 1 < words.length; i++) {
      if (words[i + 1]!.pos !== words[i]!.pos + 1) continue;
      const id = this.surfaceIds.get(words[i]!.surface + words[i + 1]!.surface);
      if (id === undefined) continue;
      for (const [ref, v] of this.scoresOf([{ id, sim: 1 }])) {
        for (const m of [matches[i]!, matches[i + 1]!]) if (v > (m.scores.get(ref) ?? 0)) m.scores.set(ref, v);
      }
    }
    const total = matches.reduce((sum, m) => sum + m.rarity, 0);
    const strength = new Map<number, number>();
    for (const m of matches) {
      for (const [ref, v] of m.scores) strength.set(ref, (strength.get(ref) ?? 0) + (m.rarity * v) / total);
    }
    let ranked = [...strength].map(([ref, s]) => ({ ref, strength: s }));
    ranked.sort(byStrength);
    if (matches.length > 1) {
      const pool = ranked.slice(0, PHRASE_POOL).map((r) => ({ ref: r.ref, strength: r.strength + Math.max(0, 1 - r.strength) * PHRASE_BONUS * this.phrase(r.ref, matches) }));
      ranked = [...pool, ...ranked.slice(PHRASE_POOL)];
      ranked.sort(byStrength);
    }
    return ranked.slice(0, limit);
  }

  /** 0..1: how many adjacent query word pairs appear adjacent in one field, by field weight. */
  private phrase(ref: number, matches: readonly WordMatch[]): number {
    let sum = 0;
    for (let i = 0; i + 1 < matches.length; i++) {
      const a = matches[i]!.ids;
      const b = matches[i + 1]!.ids;
      let best = 0;
      for (const { weight, ids } of this.sequences[ref]!) {
        if (weight <= best) continue;
        for (let p = 0; p + 1 < ids.length; p++) {
          if (a.has(ids[p]!) && b.has(ids[p + 1]!)) {
            best = weight;
            break;
          }
        }
      }
      sum += best;
    }
    return sum / (matches.length - 1);
  }
}

function byStrength(x: Ranked, y: Ranked): number {
  return y.strength - x.strength || x.ref - y.ref;
}

function lowerBound(sorted: readonly string[], key: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
