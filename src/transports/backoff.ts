// Retry delays for every transport (IRC reconnects; Matrix start-up, sync, sends and joins):
// exponential with "equal jitter" (half fixed, half random), never below the configured minimum
// nor above the maximum, so a restarted server is not hit by every client at once and a dead one
// is retried at a gentle, bounded pace forever.

export interface BackoffOptions {
  minMs: number;
  maxMs: number;
  /**
   * The longest the first retry waits; later retries double it. Default: twice the growth base
   * (max(minMs, 250)), so even the first retry, the one every client makes at once after a server
   * restart, is spread out.
   */
  firstMaxMs?: number;
}

/** Growth starts from at least this, so `min_delay_ms: 0` still backs off. */
export const BACKOFF_BASE_FLOOR_MS = 250;
/** No delay is shorter than this: a refused connection must not become a busy loop. */
export const BACKOFF_ABSOLUTE_MIN_MS = 50;

/**
 * Delay before retry number `attempt` (0 = the first retry after a failure).
 * Bounds: max(minMs, 50) ≤ delay ≤ max(maxMs, minMs, 50).
 */
export function backoffDelay(attempt: number, opts: BackoffOptions, random: () => number = Math.random): number {
  const min = Math.max(BACKOFF_ABSOLUTE_MIN_MS, opts.minMs);
  const max = Math.max(min, opts.maxMs);
  const first = opts.firstMaxMs ?? 2 * Math.max(BACKOFF_BASE_FLOOR_MS, opts.minMs);
  const n = Math.max(0, Math.min(Math.floor(attempt), 40));
  // Retry n waits between half of first·2ⁿ and first·2ⁿ (capped).
  const ceiling = Math.min(max, first * 2 ** n);
  const floor = Math.max(min, ceiling / 2);
  const r = Math.min(1, Math.max(0, random()));
  return Math.round(floor + r * (ceiling - floor));
}
