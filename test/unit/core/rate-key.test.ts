// The command limit is the person's, not the nick's: a port's Sender.person (IRC: account, else
// user@host; Matrix: the user id) keys the bucket, so a new nick is no new budget, and a pointed
// answer costs the asker, whoever it is pointed at.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ask, testBot } from "../../support/bot.js";

describe("rate limit per person", () => {
  it("a nick change keeps the bucket when the port says who the person is", async () => {
    const b = await testBot({ config: { rate_limit: { burst: 2, interval_ms: 60_000 } } });
    const person = "mask:~alice@host.example";
    assert.equal((await ask(b, "!help", { nick: "alice", person })).status, "ok");
    assert.equal((await ask(b, "!about", { nick: "alice_", person })).status, "ok");
    assert.equal((await ask(b, "!help", { nick: "alice__", person })).status, "rate-limited");
    assert.equal((await ask(b, "!help", { nick: "bob", person: "mask:~bob@elsewhere" })).status, "ok", "someone else is not affected");
  });

  it("a pointed answer costs the asker", async () => {
    const b = await testBot({ config: { rate_limit: { burst: 1, interval_ms: 60_000 } } });
    assert.equal((await ask(b, "!start > victim", { nick: "mallory", person: "mask:~m@h" })).status, "ok");
    assert.equal((await ask(b, "!start > victim2", { nick: "mallory2", person: "mask:~m@h" })).status, "rate-limited");
    assert.equal((await ask(b, "!help", { nick: "victim", person: "mask:~v@h" })).status, "ok", "the member pointed at keeps their own budget");
  });
});
