// Outgoing flood control, fair between people: a token bucket (`burst` lines at once, then one per
// `intervalMs`) in front of one FIFO per person (the person who asked: a services account or
// user@host, so a nick change does not buy a fresh share).
//
// Whose line goes next: the person attended to least recently. A person's place is the time of
// their previous question when their lines start waiting (a newcomer has none, so goes first; a
// flooder asked a moment ago, so goes last), and once a line of theirs is sent, the time it was
// sent: people with long answers then take turns with everyone else.
//
// What does not go: beyond a person's share (`maxPerPerson` waiting lines) one line saying so
// replaces the rest; lines older than `maxAgeMs` when their turn comes are dropped, and one note
// takes their place; the port drops or retargets lines when people leave or change nick
// (`rewrite`). The clock is injected so tests drive time by hand.
import { TokenBucket } from "../../core/rate-limit.js";

export interface QueueClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: QueueClock = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref?.();
    return t;
  },
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export type DropReason = "too-old" | "over-share" | "queue-full" | "departed" | "cleared";

export interface Pace {
  burst: number;
  intervalMs: number;
}

export interface FairQueueOptions<T> extends Pace {
  send: (item: T) => void;
  clock?: QueueClock;
  /** Lines one person may have waiting (default 20); beyond it, one overflow note. */
  maxPerPerson?: number;
  /** Lines waiting in all (default 2000). */
  maxTotal?: number;
  /** Lines older than this when their turn comes are dropped (default one minute). */
  maxAgeMs?: number;
  /** The one line that stands for `held` lines beyond a person's share (null: none). */
  overflowNote?: (firstHeld: T, held: number) => T | null;
  /** The one line that tells a person `count` lines waited too long (null: none). */
  expiryNote?: (firstExpired: T, count: number) => T | null;
  onDrop?: (item: T, reason: DropReason) => void;
  onError?: (err: unknown) => void;
}

interface Waiting<T> {
  item: T;
  at: number;
  /** A note the queue made itself: never expires. */
  note?: boolean;
}

interface PersonQueue<T> {
  lines: Waiting<T>[];
  /** Smaller goes first: the previous question's time, then the last line sent's. */
  rank: number;
  /** An overflow note is waiting already: at most one per wait. */
  overflowNoted: boolean;
}

/** Question times remembered for ranking; the oldest are forgotten beyond this. */
const MAX_PEOPLE_REMEMBERED = 10_000;

export class FairQueue<T> {
  private readonly people = new Map<string, PersonQueue<T>>();
  /** Per person, the time of their latest question and of the one before it. */
  private readonly questions = new Map<string, { latest: number; previous: number | null }>();
  private bucket: TokenBucket;
  private readonly clock: QueueClock;
  private total = 0;
  private paused = false;
  private timer: unknown = null;
  private pumping = false;

  constructor(private readonly opts: FairQueueOptions<T>) {
    this.clock = opts.clock ?? systemClock;
    this.bucket = new TokenBucket(opts.burst, opts.intervalMs, () => this.clock.now());
  }

  get size(): number {
    return this.total;
  }

  get isPaused(): boolean {
    return this.paused;
  }

  get pace(): Pace {
    return { burst: this.bucket.burst, intervalMs: this.bucket.intervalMs };
  }

  /** A new pace (the server is known now); lines already spent still count against it. */
  setPace(pace: Pace): void {
    if (pace.burst === this.bucket.burst && pace.intervalMs === this.bucket.intervalMs) return;
    const spent = this.bucket.burst - this.bucket.available();
    this.bucket = new TokenBucket(pace.burst, pace.intervalMs, () => this.clock.now());
    this.bucket.spend(spent);
    this.cancelTimer();
    this.pump();
  }

  /** `person` asked something: their next answer ranks by the question before this one. */
  asked(person: string): void {
    const q = this.questions.get(person);
    const now = this.clock.now();
    this.questions.delete(person); // re-inserted last: the Map's order is least recent first
    this.questions.set(person, { latest: now, previous: q ? q.latest : null });
    if (this.questions.size > MAX_PEOPLE_REMEMBERED) this.questions.delete(this.questions.keys().next().value!);
  }

  /** Queues one answer's lines for `person`; returns how many of them will be sent. */
  push(person: string, items: readonly T[]): number {
    const maxPerPerson = this.opts.maxPerPerson ?? 20;
    const maxTotal = this.opts.maxTotal ?? 2000;
    let q = this.people.get(person);
    if (!q) {
      q = { lines: [], rank: this.questions.get(person)?.previous ?? -Infinity, overflowNoted: false };
      this.people.set(person, q);
    }
    const now = this.clock.now();
    let waiting = q.lines.length; // notes take a place of the share too
    let accepted = 0;
    for (const [i, item] of items.entries()) {
      if (this.total >= maxTotal) {
        this.opts.onDrop?.(item, "queue-full");
        continue;
      }
      // The last place of a share is kept for the note, unless this line is the answer's last.
      const fits = waiting < maxPerPerson - 1 || (waiting < maxPerPerson && i === items.length - 1);
      if (!fits) {
        this.holdBack(q, items.slice(i));
        break;
      }
      q.lines.push({ item, at: now });
      this.total++;
      waiting++;
      accepted++;
    }
    if (q.lines.length === 0) this.people.delete(person);
    this.pump();
    return accepted;
  }

  /**
   * Rewrites every waiting line: `fn` returns the line unchanged or changed (a nick change), or
   * null to drop it (its reader left). Returns how many lines were dropped.
   */
  rewrite(fn: (item: T) => T | null): number {
    let dropped = 0;
    for (const [person, q] of this.people) {
      const kept: Waiting<T>[] = [];
      for (const w of q.lines) {
        const next = fn(w.item);
        if (next === null) {
          dropped++;
          this.total--;
          this.opts.onDrop?.(w.item, "departed");
        } else kept.push(next === w.item ? w : { ...w, item: next });
      }
      q.lines = kept;
      if (kept.length === 0) this.people.delete(person);
    }
    return dropped;
  }

  /** Stop sending (disconnected); lines keep waiting. */
  pause(): void {
    this.paused = true;
    this.cancelTimer();
  }

  /** Send again, with a full bucket (a fresh connection has no flood debt). */
  resume(opts: { resetBucket?: boolean } = {}): void {
    this.paused = false;
    if (opts.resetBucket) this.bucket.reset();
    this.pump();
  }

  /** Drops everything waiting; returns how many lines were dropped. */
  clear(): number {
    const dropped = this.total;
    for (const q of this.people.values()) for (const w of q.lines) this.opts.onDrop?.(w.item, "cleared");
    this.people.clear();
    this.total = 0;
    this.cancelTimer();
    return dropped;
  }

  /** Lines beyond a person's share: dropped, and one note (once per wait) says so. */
  private holdBack(q: PersonQueue<T>, held: readonly T[]): void {
    for (const item of held) this.opts.onDrop?.(item, "over-share");
    if (q.overflowNoted || held.length === 0) return;
    const note = this.opts.overflowNote?.(held[0]!, held.length);
    if (!note) return;
    q.lines.push({ item: note, at: this.clock.now(), note: true });
    q.overflowNoted = true;
    this.total++;
  }

  private cancelTimer(): void {
    if (this.timer !== null) {
      this.clock.clearTimeout(this.timer);
      this.timer = null;
    }
  }

  /** The person whose turn it is: the smallest rank; on a tie, whoever started waiting first. */
  private nextPerson(): [string, PersonQueue<T>] | undefined {
    let best: [string, PersonQueue<T>] | undefined;
    for (const entry of this.people) if (!best || entry[1].rank < best[1].rank) best = entry;
    return best;
  }

  /** The next line to send, after dropping what waited too long (one note in its place). */
  private next(): T | undefined {
    const maxAge = this.opts.maxAgeMs ?? 60_000;
    const now = this.clock.now();
    for (;;) {
      const found = this.nextPerson();
      if (!found) return undefined;
      const [person, q] = found;
      const expired: T[] = [];
      while (q.lines.length > 0 && !q.lines[0]!.note && now - q.lines[0]!.at > maxAge) {
        expired.push(q.lines.shift()!.item);
        this.total--;
      }
      if (expired.length > 0) {
        for (const item of expired) this.opts.onDrop?.(item, "too-old");
        const note = this.opts.expiryNote?.(expired[0]!, expired.length);
        if (note) {
          q.lines.unshift({ item: note, at: now, note: true });
          this.total++;
        }
      }
      const head = q.lines.shift();
      if (!head) {
        this.people.delete(person);
        continue;
      }
      this.total--;
      if (q.lines.length === 0) this.people.delete(person);
      else q.rank = now;
      return head.item;
    }
  }

  private pump(): void {
    if (this.pumping) return; // send() may push more lines; the running loop will take them
    this.pumping = true;
    try {
      while (!this.paused && this.total > 0) {
        if (this.timer !== null) return; // waiting for a token already
        if (!this.bucket.tryTake()) {
          const wait = Math.max(1, this.bucket.msUntilAvailable());
          this.timer = this.clock.setTimeout(() => {
            this.timer = null;
            this.pump();
          }, wait);
          return;
        }
        const item = this.next();
        if (item === undefined) {
          this.bucket.refund();
          return;
        }
        try {
          this.opts.send(item);
        } catch (err) {
          this.opts.onError?.(err);
        }
      }
    } finally {
      this.pumping = false;
    }
  }
}
