import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { FairQueue, type QueueClock } from "../../../../src/transports/irc/flood-queue.js";

/** A clock the test moves by hand; timers fire in order as time passes. */
class FakeClock implements QueueClock {
  t = 0;
  private timers: Array<{ at: number; fn: () => void; id: number }> = [];
  private nextId = 1;
  now = (): number => this.t;
  setTimeout = (fn: () => void, ms: number): unknown => {
    const id = this.nextId++;
    this.timers.push({ at: this.t + ms, fn, id });
    return id;
  };
  clearTimeout = (h: unknown): void => {
    this.timers = this.timers.filter((x) => x.id !== h);
  };
  advance(ms: number): void {
    const end = this.t + ms;
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at);
      const next = this.timers[0];
      if (!next || next.at > end) break;
      this.timers.shift();
      this.t = next.at;
      next.fn();
    }
    this.t = end;
  }
  get pending(): number {
    return this.timers.length;
  }
}

describe("FairQueue", () => {
  function setup(burst = 2, intervalMs = 1000) {
    const clock = new FakeClock();
    const sent: Array<{ t: number; line: string }> = [];
    const dropped: string[] = [];
    const q = new FairQueue<string>({ burst, intervalMs, clock, send: (line) => sent.push({ t: clock.t, line }), onDrop: (l, why) => dropped.push(`${l}:${why}`), maxAgeMs: 60_000 });
    return { clock, sent, dropped, q };
  }

  it("sends a burst at once, then paces the rest at the refill rate", () => {
    const { clock, sent, q } = setup(2, 1000);
    for (let i = 1; i <= 5; i++) q.push("alice", `a${i}`);
    assert.deepEqual(sent.map((s) => s.line), ["a1", "a2"]);
    clock.advance(10_000);
    assert.deepEqual(sent.map((s) => [s.line, s.t]), [["a1", 0], ["a2", 0], ["a3", 1000], ["a4", 2000], ["a5", 3000]]);
    assert.equal(clock.pending, 0, "no timer left once empty");
  });

  it("takes one line from each user in turn", () => {
    const { clock, sent, q } = setup(1, 100);
    q.pause();
    for (let i = 1; i <= 10; i++) q.push("alice", `a${i}`);
    q.push("bob", "b1");
    q.push("bob", "b2");
    q.push("carol", "c1");
    q.resume();
    clock.advance(10_000);
    assert.deepEqual(sent.map((s) => s.line).slice(0, 7), ["a1", "b1", "c1", "a2", "b2", "a3", "a4"]);
    assert.equal(sent.length, 13);
  });

  it("a newcomer waits at most one round, not behind a long answer", () => {
    const { clock, sent, q } = setup(1, 1000);
    for (let i = 1; i <= 10; i++) q.push("alice", `a${i}`);
    clock.advance(1500); // a1 at 0, a2 at 1000
    q.push("bob", "b1");
    clock.advance(2000);
    assert.deepEqual(sent.slice(2, 4).map((s) => [s.line, s.t]), [["a3", 2000], ["b1", 3000]], "one alice line, then bob");
  });

  it("holds lines while paused and sends them on resume", () => {
    const { clock, sent, q } = setup(5, 1000);
    q.pause();
    q.push("a", "x");
    clock.advance(5000);
    assert.equal(sent.length, 0);
    q.resume({ resetBucket: true });
    assert.equal(sent.length, 1);
  });

  it("drops lines that waited too long, and refuses beyond its bounds", () => {
    const clock = new FakeClock();
    const dropped: string[] = [];
    const q = new FairQueue<string>({ burst: 1, intervalMs: 1000, clock, send: () => undefined, onDrop: (l, why) => dropped.push(`${l}:${why}`), maxAgeMs: 1500, maxPerKey: 3, maxTotal: 4 });
    q.pause();
    for (const l of ["1", "2", "3", "4"]) q.push("a", l);
    assert.deepEqual(dropped, ["4:queue-full"]);
    q.push("b", "b1");
    assert.equal(q.push("c", "c1"), false, "total bound");
    clock.advance(2000);
    q.resume();
    assert.ok(dropped.includes("1:too-old") && dropped.includes("b1:too-old"));
    assert.equal(q.clear(), 0);
  });

  it("survives a throwing sender", () => {
    const clock = new FakeClock();
    const errors: unknown[] = [];
    let n = 0;
    const q = new FairQueue<string>({ burst: 5, intervalMs: 10, clock, send: () => {
      n++;
      throw new Error("boom");
    }, onError: (e) => errors.push(e) });
    q.push("a", "1");
    q.push("a", "2");
    assert.equal(n, 2);
    assert.equal(errors.length, 2);
    assert.equal(q.size, 0);
  });

  it("property: never more than burst + elapsed/interval lines sent, and all lines eventually sent", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 1, max: 2000 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 3000 }), fc.constantFrom("a", "b", "c", "d")), { maxLength: 60 }),
        (burst, interval, pushes) => {
          const clock = new FakeClock();
          const times: number[] = [];
          const q = new FairQueue<string>({ burst, intervalMs: interval, clock, send: () => times.push(clock.t), maxAgeMs: Infinity });
          for (const [dt, key] of pushes) {
            clock.advance(dt);
            q.push(key, "x");
          }
          clock.advance(interval * (pushes.length + 1));
          if (times.length !== pushes.length) return false;
          // In any window [t0, t1], at most burst + (t1 - t0) / interval lines.
          for (let i = 0; i < times.length; i++) {
            for (let j = i; j < times.length; j++) {
              if (j - i + 1 > burst + (times[j]! - times[i]!) / interval + 1e-9) return false;
            }
          }
          return true;
        },
      ),
      { numRuns: 200 },
    );
  });
});
