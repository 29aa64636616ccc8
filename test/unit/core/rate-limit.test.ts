import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { RateLimiter, TokenBucket } from "../../../src/core/rate-limit.js";

describe("RateLimiter", () => {
  it("allows a burst, warns once, then stays silent until a token refills", () => {
    let now = 0;
    const limiter = new RateLimiter({ burst: 3, intervalMs: 1000, now: () => now });
    assert.deepEqual([1, 2, 3].map(() => limiter.take("u")), ["allow", "allow", "allow"]);
    assert.equal(limiter.take("u"), "deny-first");
    assert.equal(limiter.take("u"), "deny-silent");
    assert.equal(limiter.secondsUntilFree("u"), 1);
    now += 1000;
    assert.equal(limiter.take("u"), "allow");
    assert.equal(limiter.take("u"), "deny-first", "warned again after being allowed");
  });

  it("keeps users apart", () => {
    const limiter = new RateLimiter({ burst: 1, intervalMs: 60_000, now: () => 0 });
    assert.equal(limiter.take("a"), "allow");
    assert.equal(limiter.take("a"), "deny-first");
    assert.equal(limiter.take("b"), "allow");
  });

  it("forgets the oldest users beyond maxKeys", () => {
    const limiter = new RateLimiter({ burst: 1, intervalMs: 1000, now: () => 0, maxKeys: 100 });
    for (let i = 0; i < 1000; i++) limiter.take(`user${i}`);
    assert.equal(limiter.size, 100);
  });
});

describe("TokenBucket", () => {
  it("gives a burst, then one token per interval", () => {
    let now = 0;
    const clock = { now: () => now, advance: (ms: number) => (now += ms) };
    const b = new TokenBucket(3, 1000, clock.now);
    assert.deepEqual([b.tryTake(), b.tryTake(), b.tryTake(), b.tryTake()], [true, true, true, false]);
    assert.equal(b.msUntilAvailable(), 1000);
    clock.advance(400);
    assert.equal(b.tryTake(), false);
    assert.equal(b.msUntilAvailable(), 600);
    clock.advance(600);
    assert.equal(b.tryTake(), true);
    clock.advance(60_000);
    assert.deepEqual([b.tryTake(), b.tryTake(), b.tryTake(), b.tryTake()], [true, true, true, false], "refill is capped at the burst");
  });

  it("interval 0 means no limit", () => {
    const b = new TokenBucket(1, 0, () => 0);
    for (let i = 0; i < 100; i++) assert.equal(b.tryTake(), true);
  });
});

describe("RateLimiter memory", () => {
  it("forgets the idlest users first, not an active one", () => {
    const limiter = new RateLimiter({ burst: 1, intervalMs: 60_000, now: () => 0, maxKeys: 10 });
    assert.equal(limiter.take("flooder"), "allow");
    for (let i = 0; i < 50; i++) {
      limiter.take(`new${i}`);
      limiter.take("flooder"); // still asking: stays remembered, and refused
    }
    assert.equal(limiter.take("flooder"), "deny-silent");
  });
});
