// !suggest never dead-ends, on the real store: several skills mean any of them, ranked by how
// many match; a skill no project lists is found in the projects' text, saying so; a level
// nothing fits is relaxed one step with the reason; filler and politeness count for nothing.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ask, testBot } from "../support/bot.js";

const idsIn = (text: string) => [...text.matchAll(/\(([a-z0-9-]+)\) —/g)].map((m) => m[1]!);

describe("!suggest's fallbacks", async () => {
  const bot = await testBot({ random: () => 0.5 });

  it("reads several skills as any of them, the projects meeting most first", async () => {
    const a = await ask(bot, "!suggest C ocaml");
    assert.equal(a.status, "ok", a.text);
    assert.match(a.text, /Suggestions for any of C, OCaml \(7 fit/);
    for (const id of idsIn(a.text)) assert.ok(["C", "OCaml"].some((t) => bot.store.project(id)!.skills.tags.includes(t)), id);
    // unikernel-substrate lists OCaml, Haskell and Java: asked for two of them, it comes first.
    assert.equal(idsIn((await ask(bot, "!suggest haskell java", { nick: "other" })).text)[0], "unikernel-substrate");
  });

  it("takes linux for the Linux kernel too, and finds the hotplug scripts by their text", async () => {
    const seen = new Set<string>();
    for (let i = 0; i < 4; i++) for (const id of idsIn((await ask(bot, "!suggest linux", { nick: "linux-fan" })).text)) seen.add(id);
    for (const id of ["quickpath", "9p-transport", "cpu-ram-pci-diagram", "hotplug-scripts"]) assert.ok(seen.has(id), `${id} among ${[...seen]}`);
  });

  it("falls back to the projects whose text mentions a skill no project lists, and says so", async () => {
    const net = await ask(bot, "!suggest networking");
    assert.match(net.text, /^No project lists networking as a skill; these mention it in their text\./);
    assert.ok(idsIn(net.text).includes("quickpath"));
    assert.match(net.text, /mentions "network"/);
    assert.ok(idsIn((await ask(bot, "!suggest security")).text).includes("fuzz-testing"));
    const storage = idsIn((await ask(bot, "!suggest storage")).text);
    assert.ok(storage.includes("9p-transport") && storage.some((id) => ["drbd", "xl-xcp-motion", "quickpath", "tiny-vm"].includes(id)), String(storage));
  });

  it("relaxes a level nothing fits by one step, with the reason", async () => {
    const a = await ask(bot, "!suggest easy C");
    assert.match(a.text, /^No easy project lists C; nearest: kdd \(medium\)\./);
    assert.deepEqual(idsIn(a.text), ["kdd"]);
    const far = await ask(bot, "!suggest easy linux kernel");
    assert.match(far.text, /^No easy project lists Linux kernel, nor one step \(medium\); at any difficulty:/);
    assert.ok(idsIn(far.text).length > 0);
  });

  it("ignores politeness and filler, and reads 'not too hard'", async () => {
    for (const line of ["!suggest easy please", "!suggest something easy for me", "!suggest an easy project, thanks"]) {
      const a = await ask(bot, line);
      assert.equal(a.status, "ok", `${line}: ${a.text}`);
      assert.match(a.text, /Suggestions for easy\./, line);
    }
    assert.match((await ask(bot, "!suggest not too hard")).text, /Suggestions for easy or medium/);
  });

  it("leaves out a word nothing matches when others do, and refuses only when nothing is left", async () => {
    const a = await ask(bot, "!suggest easy cobol");
    assert.match(a.text, /^No project lists or mentions "cobol"; left out\./);
    assert.match(a.text, /Suggestions for easy\./);
    const cobol = await ask(bot, "!suggest cobol");
    assert.equal(cobol.status, "user-error");
    assert.match(cobol.text, /No project lists "cobol" as a skill or mentions it/);
  });
});
