import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { RateLimiter } from "../../src/core/rate-limit.js";

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
