// What becomes of waiting lines when people move, and which pace a server gets.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { OutLine } from "../../../../src/transports/irc/outgoing.js";
import { pacingFor } from "../../../../src/transports/irc/pacing.js";
import { ircPerson } from "../../../../src/transports/irc/port.js";
import { expiryNote, leavesWith, overflowNote, renamedLine } from "../../../../src/transports/irc/queue-lines.js";

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
const channelLine: OutLine = { command: "PRIVMSG", target: "#xen", text: "alice: hello", address: "alice: ", reader: "alice", asker: "alice", room: "#xen" };
const privateLine: OutLine = { command: "PRIVMSG", target: "alice", text: "step 1", reader: "alice", asker: "alice", room: "#xen" };
const pointedLine: OutLine = { command: "PRIVMSG", target: "bob", text: "step 1", reader: "bob", asker: "alice", room: "#xen" };

describe("waiting lines follow people", () => {
  it("a nick change retargets private lines and re-addresses channel lines", () => {
    assert.deepEqual(renamedLine(privateLine, "Alice", "alice2", same), { ...privateLine, target: "alice2", reader: "alice2", asker: "alice2" });
    assert.deepEqual(renamedLine(channelLine, "alice", "al", same), { ...channelLine, text: "al: hello", address: "al: ", reader: "al", asker: "al" });
    assert.equal(renamedLine(pointedLine, "carol", "c", same), pointedLine, "someone else's line is left as it is");
    // The asker renamed: the pointed line still goes to bob; notes will go to the new nick.
    assert.deepEqual(renamedLine(pointedLine, "alice", "al", same), { ...pointedLine, asker: "al" });
  });

  it("a quit takes every line of its reader; a part or kick those of that channel", () => {
    assert.equal(leavesWith(privateLine, "ALICE", null, same), true);
    assert.equal(leavesWith(privateLine, "alice", "#xen", same), true, "the private part of an answer asked in the channel left");
    assert.equal(leavesWith(channelLine, "alice", "#other", same), false);
    assert.equal(leavesWith(pointedLine, "alice", null, same), false, "lines for bob stay when the asker quits");
  });

  it("notes: the overflow goes where the lines would have; the expiry to the asker, privately", () => {
    assert.equal(overflowNote(channelLine, 3).text, "alice: (3 more lines not sent: I am answering many people at once; ask me again in a minute.)");
    const note = expiryNote(pointedLine, 2, 60_000);
    assert.equal(note.command, "NOTICE");
    assert.equal(note.target, "alice");
    assert.match(note.text, /2 lines of my answer waited over a minute/);
    assert.match(expiryNote(privateLine, 1, 5_000).text, /1 line of my answer waited over 5 s and was dropped/);
  });
});

describe("pacing for a server", () => {
  it("the generic profile is Sopel's; InspIRCd's one command a second; configured values win, each alone", () => {
    assert.deepEqual(pacingFor(null, {}), { name: "generic", burst: 4, intervalMs: 700 });
    assert.deepEqual(pacingFor("solanum-1.0-dev", {}), { name: "generic", burst: 4, intervalMs: 700 });
    assert.deepEqual(pacingFor("InspIRCd-3", {}), { name: "inspircd", burst: 4, intervalMs: 1000 });
    assert.deepEqual(pacingFor("InspIRCd-3", { interval_ms: 120 }), { name: "inspircd, configured", burst: 4, intervalMs: 120 });
    assert.deepEqual(pacingFor("ngircd-26.1", { burst: 2 }), { name: "generic, configured", burst: 2, intervalMs: 700 });
  });
});

describe("who a person is on IRC", () => {
  it("the services account when known, else user@host, else the nick", () => {
    assert.equal(ircPerson("Alice", "~a", "host.example", "alice"), "account:alice");
    assert.equal(ircPerson(null, "~a", "Host.Example", "alice"), "mask:~a@host.example");
    assert.equal(ircPerson(null, "", "", "Alice"), "nick:alice");
  });
});
