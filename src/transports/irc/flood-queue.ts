// Outgoing flood control: a token bucket (`burst` lines at once, then one per `intervalMs`)
// in front of a queue that is fair between users: each user has a FIFO and the queue takes one
// line from each user in turn, so one person's ten-line answer does not hold up everyone else.
// The clock is injected so tests can drive time by hand.
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

export type DropReason = "too-old" | "queue-full" | "cleared";

export interface FairQueueOptions<T> {
  burst: number;
  intervalMs: number;
  send: (item: T) => void;
  clock?: QueueClock;
  /** Lines one key may have waiting; more are dropped (default 200). */
  maxPerKey?: number;
  /** Lines waiting in all (default 2000). */
  maxTotal?: number;
  /** Lines older than this when their turn comes are dropped (default 5 minutes). */
  maxAgeMs?: number;
  onDrop?: (item: T, reason: DropReason) => void;
  onError?: (err: unknown) => void;
}

interface Entry<T> {
  item: T;
  at: number;
}

export class FairQueue<T> {
  // Map keeps insertion order: the first key is the next to send; a key that still has lines
  // after sending one is moved to the back. That is the round-robin.
  private readonly queues = new Map<string, Entry<T>[]>();
  private readonly bucket: TokenBucket;
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

  push(key: string, item: T): boolean {
    const maxPerKey = this.opts.maxPerKey ?? 200;
    const maxTotal = this.opts.maxTotal ?? 2000;
    let q = this.queues.get(key);
    if ((q?.length ?? 0) >= maxPerKey || this.total >= maxTotal) {
      this.opts.onDrop?.(item, "queue-full");
      return false;
    }
    if (!q) {
      q = [];
      this.queues.set(key, q);
    }
    q.push({ item, at: this.clock.now() });
    this.total++;
    this.pump();
    return true;
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
    for (const q of this.queues.values()) for (const e of q) this.opts.onDrop?.(e.item, "cleared");
    this.queues.clear();
    this.total = 0;
    this.cancelTimer();
    return dropped;
  }

  private cancelTimer(): void {
    if (this.timer !== null) {
      this.clock.clearTimeout(this.timer);
      this.timer = null;
    }
  }

  private next(): T | undefined {
    const maxAge = this.opts.maxAgeMs ?? 300_000;
    const now = this.clock.now();
    for (const [key, q] of this.queues) {
      this.queues.delete(key);
      let entry = q.shift();
      this.total--;
      while (entry && now - entry.at > maxAge) {
        this.opts.onDrop?.(entry.item, "too-old");
        entry = q.shift();
        if (entry) this.total--;
      }
      if (q.length > 0) this.queues.set(key, q);
      if (entry) return entry.item;
    }
    return undefined;
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
        if (item === undefined) return;
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
