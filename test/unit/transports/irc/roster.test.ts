import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { caseFolder, IrcRoster } from "../../../../src/transports/irc/roster.js";

describe("IRC case mapping", () => {
  it("folds []\\^ under rfc1459, not under ascii", () => {
    assert.equal(caseFolder("rfc1459")("Nick[]\\^"), "nick{}|~");
    assert.equal(caseFolder("strict-rfc1459")("Nick[]\\^"), "nick{}|^");
    assert.equal(caseFolder("ascii")("Nick[]\\^"), "nick[]\\^");
  });
});

describe("IrcRoster", () => {
  function roster(): IrcRoster {
    const r = new IrcRoster();
    r.selfJoined("#Xen");
    r.setMembers("#xen", ["xenbot", "Alice", "bob"]);
    return r;
  }

  it("tracks members through join, part, kick, nick and quit, case-insensitively", () => {
    const r = roster();
    assert.ok(r.isMember("#XEN", "ALICE"));
    r.join("#xen", "Carol");
    r.rename("carol", "Caroline");
    assert.ok(r.isMember("#xen", "caroline") && !r.isMember("#xen", "carol"));
    r.leave("#xen", "bob");
    r.quit("alice");
    assert.ok(!r.isMember("#xen", "bob") && !r.isMember("#xen", "alice"));
    r.selfLeft("#xen");
    assert.ok(!r.isJoined("#xen") && !r.isMember("#xen", "caroline"));
  });

  it("keeps accounts only for nicks in a shared channel, and forgets them when they leave", () => {
    const r = roster();
    r.join("#xen", "dave", "dave-account"); // extended-join
    assert.equal(r.account("Dave"), "dave-account");
    r.setAccount("alice", "alice-acct"); // account-notify / WHOX
    r.setAccount("stranger", "x"); // not in a shared channel: not trusted
    assert.equal(r.account("stranger"), undefined);
    r.setAccount("alice", false); // logged out
    assert.equal(r.account("alice"), null);
    r.rename("dave", "david");
    assert.equal(r.account("david"), "dave-account");
    r.leave("#xen", "david");
    assert.equal(r.account("david"), undefined);
  });

  it("knows when a channel refuses formatting (+c, +S), from the mode list and from changes", () => {
    const r = roster();
    assert.equal(r.allowsFormatting("#xen"), true);
    r.applyModes("#xen", [{ mode: "+n" }, { mode: "+c" }], true);
    assert.equal(r.allowsFormatting("#XEN"), false);
    r.applyModes("#xen", [{ mode: "-c" }]);
    assert.equal(r.allowsFormatting("#xen"), true);
    r.applyModes("#xen", [{ mode: "+S" }]);
    assert.equal(r.allowsFormatting("#xen"), false);
    assert.equal(r.allowsFormatting("#unknown"), true);
  });
});
