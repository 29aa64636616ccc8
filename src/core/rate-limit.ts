// Per-key token buckets: a user may send `burst` commands at once, then one per `intervalMs`.
// The first refusal is reported so the user is told once; later ones are silent until a
// token is free again.

export interface RateLimitOptions {
  burst: number;
  intervalMs: number;
  now?: () => number;
  /** Forget idle keys so memory stays flat however many people talk. */
  maxKeys?: number;
}

export type RateDecision = "allow" | "deny-first" | "deny-silent";

interface Bucket {
  tokens: number;
  updatedAt: number;
  warned: boolean;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly now: () => number;

  constructor(private readonly opts: RateLimitOptions) {
    this.now = opts.now ?? Date.now;
  }

  take(key: string): RateDecision {
    const now = this.now();
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = { tokens: this.opts.burst, updatedAt: now, warned: false };
      this.remember(key, bucket);
    } else if (this.opts.intervalMs > 0) {
      const refill = (now - bucket.updatedAt) / this.opts.intervalMs;
      bucket.tokens = Math.min(this.opts.burst, bucket.tokens + refill);
      bucket.updatedAt = now;
    } else {
      bucket.tokens = this.opts.burst;
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      bucket.warned = false;
      return "allow";
    }
    if (bucket.warned) return "deny-silent";
    bucket.warned = true;
    return "deny-first";
  }

  /** Seconds until the key may send again, for the warning text. */
  secondsUntilFree(key: string): number {
    const bucket = this.buckets.get(key);
    if (!bucket || bucket.tokens >= 1) return 0;
    return Math.ceil(((1 - bucket.tokens) * this.opts.intervalMs) / 1000);
  }

  get size(): number {
    return this.buckets.size;
  }

  private remember(key: string, bucket: Bucket): void {
    const max = this.opts.maxKeys ?? 10_000;
    if (this.buckets.size >= max) {
      // Map iterates in insertion order: drop the oldest key.
      const oldest = this.buckets.keys().next().value;
      if (oldest !== undefined) this.buckets.delete(oldest);
    }
    this.buckets.set(key, bucket);
  }
}
