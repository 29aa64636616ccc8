// Token buckets, the one implementation: a bucket lets `burst` things through at once, then one
// per `intervalMs`. RateLimiter keeps one per user for commands (the first refusal is reported so
// the user is told once; later ones are silent until a token is free again); the IRC output queue
// uses one for lines on the wire.

export class TokenBucket {
  readonly burst: number;
  private tokens: number;
  private updatedAt: number;

  constructor(
    burst: number,
    readonly intervalMs: number,
    private readonly now: () => number,
  ) {
    this.burst = Math.max(1, Math.floor(burst));
    this.tokens = this.burst;
    this.updatedAt = now();
  }

  private refill(): void {
    const t = this.now();
    if (this.intervalMs <= 0) this.tokens = this.burst;
    else this.tokens = Math.min(this.burst, this.tokens + Math.max(0, t - this.updatedAt) / this.intervalMs);
    this.updatedAt = t;
  }

  tryTake(): boolean {
    this.refill();
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return true;
    }
    return false;
  }

  /** Milliseconds until tryTake() will succeed. */
  msUntilAvailable(): number {
    this.refill();
    return this.tokens >= 1 ? 0 : Math.ceil((1 - this.tokens) * this.intervalMs);
  }

  /** Tokens there now (fractions count: a bucket refills continuously). */
  available(): number {
    this.refill();
    return this.tokens;
  }

  /** Takes `n` tokens at once, as far as there are (a new bucket for a new pace inherits the debt). */
  spend(n: number): void {
    this.refill();
    this.tokens = Math.max(0, this.tokens - Math.max(0, n));
  }

  /** Gives back a token taken for nothing (there was nothing to send after all). */
  refund(): void {
    this.tokens = Math.min(this.burst, this.tokens + 1);
  }

  /** Start over with a full bucket (a new connection). */
  reset(): void {
    this.tokens = this.burst;
    this.updatedAt = this.now();
  }
}

export interface RateLimitOptions {
  burst: number;
  intervalMs: number;
  now?: () => number;
  /** Forget idle keys so memory stays flat however many people talk. */
  maxKeys?: number;
}

export type RateDecision = "allow" | "deny-first" | "deny-silent";

interface Entry {
  bucket: TokenBucket;
  warned: boolean;
}

export class RateLimiter {
  private readonly entries = new Map<string, Entry>();
  private readonly now: () => number;

  constructor(private readonly opts: RateLimitOptions) {
    this.now = opts.now ?? Date.now;
  }

  take(key: string): RateDecision {
    let entry = this.entries.get(key);
    if (!entry) {
      entry = { bucket: new TokenBucket(this.opts.burst, this.opts.intervalMs, this.now), warned: false };
      this.remember(key, entry);
    } else {
      // Most recently used last, so the keys forgotten past maxKeys are the idle ones, not a
      // flooder's bucket pushed out by 10,000 new names.
      this.entries.delete(key);
      this.entries.set(key, entry);
    }
    if (entry.bucket.tryTake()) {
      entry.warned = false;
      return "allow";
    }
    if (entry.warned) return "deny-silent";
    entry.warned = true;
    return "deny-first";
  }

  /** Seconds until the key may send again, for the warning text. */
  secondsUntilFree(key: string): number {
    const entry = this.entries.get(key);
    if (!entry) return 0;
    return Math.ceil(entry.bucket.msUntilAvailable() / 1000);
  }

  get size(): number {
    return this.entries.size;
  }

  private remember(key: string, entry: Entry): void {
    const max = this.opts.maxKeys ?? 10_000;
    if (this.entries.size >= max) {
      // Map iterates in insertion order, and take() moves a key to the end: drop the idlest.
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(key, entry);
  }
}
