// The causes a connection failure is read as, and when its warnings become errors.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { FailingSince, hintFor, matrixRefusalHint } from "../../../src/transports/failure-hints.js";

const irc = { transport: "irc" as const, host: "irc.example.org", port: 6697, tls: true };
const matrix = { transport: "matrix" as const, host: "matrix.example.org", port: 443, tls: true };

describe("failure hints", () => {
  it("names the common causes", () => {
    const cases: Array<[string, string]> = [
      ["140F0000:error:0A00010B:SSL routines:ssl3_get_record:wrong version number", "tls-mismatch"],
      ["Client network socket disconnected before secure TLS connection was established", "tls-mismatch"],
      ["connect ECONNREFUSED 127.0.0.1:6697", "refused"],
      ["getaddrinfo ENOTFOUND irc.exmaple.org", "dns"],
      ["getaddrinfo EAI_AGAIN irc.example.org", "dns-temporary"],
      ["self-signed certificate", "certificate"],
      ["Hostname/IP does not match certificate's altnames", "certificate"],
      ["connect ETIMEDOUT 10.0.0.1:6697", "timeout"],
      ["read ECONNRESET", "reset"],
      ["connect EHOSTUNREACH", "unreachable"],
    ];
    for (const [error, cause] of cases) assert.equal(hintFor(error, irc)?.cause, cause, error);
    assert.equal(hintFor("something else", irc), null);
    assert.equal(hintFor(null, irc), null);
    assert.match(hintFor("wrong version number", irc)!.hint, /irc\.example\.org:6697 does not speak TLS.*irc\.tls: false/);
    assert.match(hintFor("EPROTO", matrix)!.hint, /use http:\/\//);
  });

  it("reads Matrix refusals", () => {
    assert.equal(matrixRefusalHint(401, "M_UNKNOWN_TOKEN", "https://m.org")?.cause, "token");
    assert.equal(matrixRefusalHint(403, "M_FORBIDDEN", "https://m.org")?.cause, "login");
    assert.equal(matrixRefusalHint(404, null, "https://m.org")?.cause, "not-matrix");
    assert.equal(matrixRefusalHint(500, null, "https://m.org"), null);
  });

  it("FailingSince: warn at first, error once (and after) failing for the time given, reset by a success", () => {
    let now = 0;
    const f = new FailingSince(60_000, null, () => now);
    assert.deepEqual(f.failed(), { level: "warn", failingForMs: 0, nowError: false });
    now = 59_999;
    assert.equal(f.failed().level, "warn");
    now = 60_000;
    assert.deepEqual(f.failed(), { level: "error", failingForMs: 60_000, nowError: true });
    now = 70_000;
    assert.deepEqual(f.failed(), { level: "error", failingForMs: 70_000, nowError: false });
    f.recovered();
    assert.equal(f.failing, false);
    assert.equal(f.failed().level, "warn");
    // A bot that has not connected yet counts from its first attempt.
    f.recovered();
    now = 100_000;
    f.attempt();
    now = 161_000;
    assert.deepEqual(f.failed(), { level: "error", failingForMs: 61_000, nowError: true });
  });

  it("FailingSince says it is still failing once when a failure crosses the mark before the timer fires", async () => {
    const calls: number[] = [];
    let now = 0;
    const f = new FailingSince(10_000, (ms) => calls.push(ms), () => now);
    f.failed();
    now = 10_050; // the wall clock is past the mark; the 10 s timer has not fired yet
    assert.equal(f.failed().nowError, true);
    assert.deepEqual(calls, [10_050]);
    f.failed();
    f.dispose();
    assert.deepEqual(calls, [10_050], "once, and the timer no longer runs");
  });

  it("FailingSince calls onStillFailing once at the mark, unless the connection recovered", async () => {
    const calls: number[] = [];
    const f = new FailingSince(50, (ms) => calls.push(ms));
    f.failed();
    await new Promise((r) => setTimeout(r, 120));
    assert.equal(calls.length, 1);
    assert.equal(f.failed().level, "error");
    f.recovered();
    f.failed();
    f.recovered();
    await new Promise((r) => setTimeout(r, 120));
    assert.equal(calls.length, 1, "a recovery cancels it");
  });
});
