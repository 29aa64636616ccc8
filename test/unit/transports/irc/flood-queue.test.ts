import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { FairQueue, type FairQueueOptions, type QueueClock } from "../../../../src/transports/irc/flood-queue.js";

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
  function setup(burst = 2, intervalMs = 1000, extra: Partial<FairQueueOptions<string>> = {}) {
    const clock = new FakeClock();
    const sent: Array<{ t: number; line: string }> = [];
    const dropped: string[] = [];
    const q = new FairQueue<string>({ burst, intervalMs, clock, send: (line) => sent.push({ t: clock.t, line }), onDrop: (l, why) => dropped.push(`${l}:${why}`), maxAgeMs: 60_000, ...extra });
    return { clock, sent, dropped, q };
  }
  const lines = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`);

  it("sends a burst at once, then paces the rest at the refill rate", () => {
    const { clock, sent, q } = setup(2, 1000);
    q.push("alice", lines("a", 5));
    assert.deepEqual(sent.map((s) => s.line), ["a1", "a2"]);
    clock.advance(10_000);
    assert.deepEqual(sent.map((s) => [s.line, s.t]), [["a1", 0], ["a2", 0], ["a3", 1000], ["a4", 2000], ["a5", 3000]]);
    assert.equal(clock.pending, 0, "no timer left once empty");
  });

  it("takes turns: whoever was attended to least recently goes next", () => {
    const { clock, sent, q } = setup(1, 100);
    q.pause();
    q.push("alice", lines("a", 10));
    q.push("bob", lines("b", 2));
    q.push("carol", ["c1"]);
    q.resume();
    clock.advance(10_000);
    assert.deepEqual(sent.map((s) => s.line).slice(0, 7), ["a1", "b1", "c1", "a2", "b2", "a3", "a4"]);
    assert.equal(sent.length, 13);
  });

  it("a newcomer during a flood goes before the flooders", () => {
    const { clock, sent, q } = setup(1, 1000);
    // Flooders asking every 500 ms for a while: each has been answered, and asked again since.
    for (let round = 0; round < 8; round++) {
      for (const f of ["f1", "f2", "f3"]) {
        q.asked(f);
        q.push(f, lines(`${f}.${round}.`, 3));
      }
      clock.advance(500);
    }
    assert.ok(q.size > 10, "the flooders' lines pile up");
    const before = sent.length;
    q.push("newcomer", ["n1", "n2"]); // never asked before
    clock.advance(1000);
    assert.equal(sent[before]!.line, "n1", "the newcomer's first line is the next one out");
  });

  it("orders people by the time of their previous question", () => {
    const { clock, sent, q } = setup(1, 1000);
    q.asked("recent");
    clock.advance(100);
    q.asked("old");
    clock.advance(100_000);
    q.asked("recent");
    clock.advance(10);
    q.asked("old");
    q.asked("recent");
    // previous questions: recent at 100_100, old at 100; recent asked three times.
    q.pause();
    q.push("recent", ["r1"]);
    q.push("old", ["o1"]);
    q.resume();
    clock.advance(5000);
    assert.deepEqual(sent.map((s) => s.line), ["o1", "r1"]);
  });

  it("caps a person's waiting lines: the rest become one line saying so, once per wait", () => {
    const notes: Array<[string, number]> = [];
    const { clock, sent, dropped, q } = setup(1, 1000, {
      maxPerPerson: 4,
      overflowNote: (first, held) => {
        notes.push([first, held]);
        return `note:${held}`;
      },
    });
    q.pause();
    assert.equal(q.push("alice", lines("a", 6)), 3, "three lines and the note fill a share of four");
    assert.equal(q.push("alice", ["more"]), 0, "a full share takes nothing more, and no second note");
    assert.equal(q.push("bob", lines("b", 4)), 4, "an answer that fits exactly is sent whole");
    q.resume();
    clock.advance(20_000);
    assert.deepEqual(notes, [["a4", 3]]);
    assert.deepEqual(sent.filter((s) => !s.line.startsWith("b")).map((s) => s.line), ["a1", "a2", "a3", "note:3"]);
    assert.deepEqual(dropped, ["a4:over-share", "a5:over-share", "a6:over-share", "more:over-share"]);
  });

  it("drops lines that waited too long, with one note in their place", () => {
    const { clock, sent, dropped, q } = setup(2, 1000, { maxAgeMs: 1500, expiryNote: (first, n) => `expired:${first}:${n}` });
    q.pause();
    q.push("a", lines("a", 3));
    clock.advance(1000);
    q.push("b", ["b1"]);
    clock.advance(600); // a's lines are 1.6 s old, b's 0.6 s
    q.resume();
    clock.advance(10_000);
    assert.deepEqual(sent.map((s) => s.line), ["expired:a1:3", "b1"]);
    assert.deepEqual(dropped, ["a1:too-old", "a2:too-old", "a3:too-old"]);
  });

  it("bounds the lines waiting in all", () => {
    const { dropped, q } = setup(1, 1000, { maxTotal: 3 });
    q.pause();
    q.push("a", ["1", "2"]);
    assert.equal(q.push("b", ["b1", "b2"]), 1);
    assert.deepEqual(dropped, ["b2:queue-full"]);
    assert.equal(q.clear(), 3);
    assert.equal(q.size, 0);
  });

  it("rewrites waiting lines (a nick change) and drops those whose reader left", () => {
    const { clock, sent, dropped, q } = setup(1, 1000);
    q.pause();
    q.push("p1", ["to:old x", "to:old y"]);
    q.push("p2", ["to:gone z", "to:stays w"]);
    q.rewrite((l) => l.replace("to:old", "to:new"));
    assert.equal(q.rewrite((l) => (l.startsWith("to:gone") ? null : l)), 1);
    assert.deepEqual(dropped, ["to:gone z:departed"]);
    assert.equal(q.size, 3);
    q.resume();
    clock.advance(5000);
    assert.deepEqual(sent.map((s) => s.line), ["to:new x", "to:stays w", "to:new y"]);
  });

  it("a new pace keeps the debt already spent", () => {
    const { clock, sent, q } = setup(4, 2000);
    q.push("a", lines("a", 6)); // a1..a4 at once
    q.setPace({ burst: 4, intervalMs: 500 });
    assert.deepEqual(q.pace, { burst: 4, intervalMs: 500 });
    assert.equal(sent.length, 4, "no second burst from changing the pace");
    clock.advance(1000);
    assert.deepEqual(sent.slice(4).map((s) => [s.line, s.t]), [["a5", 500], ["a6", 1000]]);
  });

  it("holds lines while paused and sends them on resume", () => {
    const { clock, sent, q } = setup(5, 1000);
    q.pause();
    q.push("a", ["x"]);
    clock.advance(5000);
    assert.equal(sent.length, 0);
    q.resume({ resetBucket: true });
    assert.equal(sent.length, 1);
  });

  it("survives a throwing sender", () => {
    const clock = new FakeClock();
    const errors: unknown[] = [];
    let n = 0;
    const q = new FairQueue<string>({ burst: 5, intervalMs: 10, clock, send: () => {
      n++;
      throw new Error("boom");
    }, onError: (e) => errors.push(e) });
    q.push("a", ["1", "2"]);
    assert.equal(n, 2);
    assert.equal(errors.length, 2);
    assert.equal(q.size, 0);
  });

  it("property: never more than burst + elapsed/interval lines sent, and all lines eventually sent", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 1, max: 2000 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 3000 }), fc.constantFrom("a", "b", "c", "d"), fc.integer({ min: 1, max: 4 })), { maxLength: 40 }),
        (burst, interval, pushes) => {
          const clock = new FakeClock();
          const times: number[] = [];
          const q = new FairQueue<string>({ burst, intervalMs: interval, clock, send: () => times.push(clock.t), maxAgeMs: Infinity, maxPerPerson: 1000 });
          let total = 0;
          for (const [dt, key, n] of pushes) {
            clock.advance(dt);
            q.asked(key);
            q.push(key, Array.from({ length: n }, () => "x"));
            total += n;
          }
          clock.advance(interval * (total + 1));
          if (times.length !== total) return false;
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
