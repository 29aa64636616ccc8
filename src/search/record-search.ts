// The ranked index and the verdict rules of `!project`, over any records: the MAINTAINERS
// sections and people are found with the same word-level, typo-tolerant, rarity-weighted
// matching (search-index.ts) and the same "clear / close / none" thresholds (search.ts) as the
// projects, rather than with a second search of their own.
import { TermIndex, type FieldSpec, type IndexOptions } from "./search-index.js";
import { CLEAR_RATIO, normaliseQuery, WEAK_SCORE } from "./search.js";

export interface RecordHit<T> {
  record: T;
  /** 0 = every word meets a full-weight field exactly, 1 = nothing meets. */
  score: number;
  /** The index's strength before rounding: above 1 when the words recur in a record, which breaks ties. */
  strength: number;
}

export type RecordVerdict<T> = { kind: "clear"; hit: RecordHit<T> } | { kind: "close"; hits: RecordHit<T>[] } | { kind: "none"; hits: RecordHit<T>[] };

const MAX_QUERY_CHARS = 200;

export class RecordSearch<T> {
  private readonly index: TermIndex<T>;

  constructor(records: readonly T[], fields: readonly FieldSpec<T>[], options: IndexOptions = { minPrefix: 3 }) {
    this.index = new TermIndex(records, fields, options);
  }

  /** Best first. */
  search(query: string, limit = 5): RecordHit<T>[] {
    if (!normaliseQuery(query) || limit < 1) return [];
    return this.index.search(query.slice(0, MAX_QUERY_CHARS), limit).map((r) => ({ record: this.index.records[r.ref]!, score: round(1 - r.strength), strength: r.strength }));
  }

  /** `!project`'s rules: one clear hit, a few close ones, or none good enough (weak hits kept as hints). */
  find(query: string, limit = 6): RecordVerdict<T> {
    const hits = this.search(query, limit);
    const best = hits[0];
    if (!best || best.score > WEAK_SCORE) return { kind: "none", hits };
    const strength = 1 - best.score;
    const close = hits.filter((h) => h.score <= WEAK_SCORE && 1 - h.score > CLEAR_RATIO * strength);
    return close.length <= 1 ? { kind: "clear", hit: best } : { kind: "close", hits: close };
  }
}

function round(score: number): number {
  return Math.min(1, Math.max(0, Math.round(score * 10_000) / 10_000));
}
