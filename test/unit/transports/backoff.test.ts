import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { backoffDelay } from "../../../src/transports/backoff.js";

describe("reconnect backoff", () => {
  it("grows exponentially from the minimum and stays within [min, max]", () => {
    const opts = { minMs: 2000, maxMs: 300_000 };
    // The first retry is jittered too: every client retries at once after a server restart.
    assert.equal(backoffDelay(0, opts, () => 0), 2000);
    assert.equal(backoffDelay(0, opts, () => 1), 4000);
    assert.equal(backoffDelay(1, opts, () => 1), 8000);
    assert.equal(backoffDelay(3, opts, () => 0), 16_000);
    assert.equal(backoffDelay(3, opts, () => 1), 32_000);
    assert.equal(backoffDelay(50, opts, () => 1), 300_000);
    assert.equal(backoffDelay(50, opts, () => 0), 150_000);
  });

  it("property: bounded for any attempt, config and random source", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 0, max: 1_000_000 }), fc.double({ min: 0, max: 1, noNaN: true }), (attempt, min, max, r) => {
        const d = backoffDelay(attempt, { minMs: min, maxMs: max }, () => r);
        const lo = Math.max(50, min);
        const hi = Math.max(lo, max);
        return Number.isFinite(d) && d >= lo && d <= hi;
      }),
      { numRuns: 1000 },
    );
  });

  it("jitter spreads clients apart", () => {
    const delays = new Set(Array.from({ length: 50 }, () => backoffDelay(4, { minMs: 1000, maxMs: 60_000 })));
    assert.ok(delays.size > 10);
  });
});
