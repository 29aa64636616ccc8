import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { CommandSpec, Plugin } from "../../../src/core/plugin.js";
import { Registry, RegistryError } from "../../../src/core/registry.js";

const command = (name: string, aliases: string[] = []): CommandSpec => ({
  name,
  aliases,
  usage: name,
  help: `does ${name}`,
  examples: [{ input: `!${name}`, expect: "x" }],
  handler: () => undefined,
});
const plugin = (name: string, ...commands: CommandSpec[]): Plugin => ({ name, commands });

describe("Registry", () => {
  it("finds commands by name and alias, case-insensitively", () => {
    const r = new Registry([plugin("a", command("start", ["newcomer", "onboard"]))]);
    assert.equal(r.get("START")?.name, "start");
    assert.equal(r.get("onboard")?.name, "start");
    assert.equal(r.get("nope"), undefined);
    assert.deepEqual(r.names().sort(), ["newcomer", "onboard", "start"]);
    assert.equal(r.commands().length, 1);
  });

  it("resolves a hidden alias but never lists it for guesses", () => {
    const r = new Registry([plugin("a", { ...command("contact"), hiddenAliases: ["who"] })]);
    assert.equal(r.get("who")?.name, "contact");
    assert.deepEqual(r.names(), ["contact"]);
    assert.deepEqual(r.names({ includeHidden: true }).sort(), ["contact", "who"]);
    assert.throws(() => new Registry([plugin("a", { ...command("contact"), hiddenAliases: ["who"] }), plugin("b", command("who"))]), /"who" is already an alias of contact/);
  });

  it("refuses a duplicate command name", () => {
    assert.throws(() => new Registry([plugin("a", command("help")), plugin("b", command("help"))]), (e: Error) => e instanceof RegistryError && /"help" is already a command \(plugin a\)/.test(e.message));
  });

  it("refuses an alias that clashes with a name or another alias", () => {
    assert.throws(() => new Registry([plugin("a", command("project")), plugin("b", command("find", ["project"]))]), RegistryError);
    assert.throws(() => new Registry([plugin("a", command("x", ["y"])), plugin("b", command("z", ["y"]))]), /alias of x/);
  });

  it("refuses a command without usage, help or examples", () => {
    assert.throws(() => new Registry([plugin("a", { ...command("x"), help: " " })]), /needs usage, help/);
    assert.throws(() => new Registry([plugin("a", { ...command("x"), examples: [] })]), /at least one example/);
  });

  it("refuses names that cannot be typed as commands", () => {
    assert.throws(() => new Registry([plugin("a", command("Bad Name"))]), /not a valid command name/);
  });
});
