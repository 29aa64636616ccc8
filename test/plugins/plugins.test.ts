// The newcomer commands on the real store, checked against what the wiki page says.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ask, testBot } from "../support/bot.js";

/** A seeded generator, so "varied between calls" is tested without flakiness. */
function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const idsIn = (text: string) => [...text.matchAll(/\(([a-z0-9-]+)\) —/g)].map((m) => m[1]!);

describe("!project", async () => {
  const bot = await testBot();

  it("shows a three-line card with the page's facts", async () => {
    const a = await ask(bot, "!project kdd");
    const lines = a.text.split("\n");
    assert.equal(lines.length, 3, a.text);
    assert.match(lines[0]!, /^KDD \(Windows Debugger Stub\) enhancements \(kdd\) — Userspace Tools/);
    assert.match(lines[1]!, /Difficulty: medium/);
    assert.match(lines[1]!, /Paul Durrant <paul\.durrant@citrix\.com>/);
    assert.match(lines[1]!, /GSoC: yes/);
    assert.match(lines[2]!, /!project kdd full/);
  });

  it("gives the whole text privately with 'full'", async () => {
    const a = await ask(bot, "!project kdd full");
    assert.equal(a.replies[0]?.delivery, "private");
    assert.match(a.text, /Windows Server 2012/);
    assert.match(a.text, /Code is submitted to xen-devel@xen\.org/);
  });

  it("asks for words when given none", async () => {
    const a = await ask(bot, "!project");
    assert.equal(a.status, "usage");
    assert.match(a.text, /Usage: !project <words or id>/);
  });

  it("says so when nothing matches", async () => {
    const a = await ask(bot, "!project zzzzqqqxxx");
    assert.match(a.text, /No project matches "zzzzqqqxxx"/);
  });
});

describe("!suggest", () => {
  it("suggests only fitting projects and says why", async () => {
    const bot = await testBot({ random: seeded(1) });
    const a = await ask(bot, "!suggest hard ocaml");
    const ids = idsIn(a.text);
    assert.ok(ids.length >= 1);
    for (const id of ids) {
      const p = bot.store.project(id)!;
      assert.equal(p.difficulty.max, "hard");
      assert.ok(p.skills.tags.includes("OCaml"));
    }
    assert.match(a.text, /difficulty hard; needs OCaml/);
  });

  it("varies its picks between calls and walks through all that fit", async () => {
    const bot = await testBot({ random: seeded(7) });
    const first = idsIn((await ask(bot, "!suggest")).text);
    const second = idsIn((await ask(bot, "!suggest")).text);
    assert.equal(first.length, 3);
    assert.equal(second.length, 3);
    assert.deepEqual(first.filter((id) => second.includes(id)), [], "the second call shows other projects");
  });

  it("treats gsoc as a filter and refuses unknown skills clearly", async () => {
    const bot = await testBot({ random: seeded(3) });
    const gsoc = await ask(bot, "!suggest gsoc hard");
    for (const id of idsIn(gsoc.text)) assert.equal(bot.store.project(id)!.gsoc.value, "yes");
    const cobol = await ask(bot, "!suggest cobol");
    assert.equal(cobol.status, "user-error");
    assert.match(cobol.text, /No project lists "cobol" as a skill/);
    // Names of Object's own properties are words like any other (found by the core fuzzer).
    for (const word of ["constructor", "__proto__", "toString"]) {
      const odd = await ask(bot, `!suggest ${word}`);
      assert.notEqual(odd.status, "error", `!suggest ${word}: ${odd.text}`);
      assert.equal((await ask(bot, `!start ${word}`)).status, "usage", `!start ${word} is no topic`);
    }
  });

  it("reads a range of levels and the words between criteria", async () => {
    const bot = await testBot({ random: seeded(5) });
    const a = await ask(bot, "!suggest medium to hard with ocaml");
    assert.equal(a.status, "ok", a.text);
    const ids = idsIn(a.text);
    assert.ok(ids.length >= 2, a.text);
    for (const id of ids) {
      const p = bot.store.project(id)!;
      assert.ok(p.skills.tags.includes("OCaml"), id);
      assert.ok(p.difficulty.min === "medium" || p.difficulty.min === "hard" || p.difficulty.max === "medium" || p.difficulty.max === "hard", id);
    }
    assert.match(a.text, /Suggestions for medium or hard \+ OCaml/);
  });
});

describe("!contact", async () => {
  const bot = await testBot();

  it("finds a person by surname, first name or alias, with all their projects", async () => {
    const anil = await ask(bot, "!contact madhavapeddy");
    assert.match(anil.text, /Anil Madhavapeddy <anil@recoil\.org>/);
    assert.match(anil.text, /3 projects/);
    const andy = await ask(bot, "!contact andy cooper");
    assert.match(andy.text, /Andrew Cooper/);
  });

  it("lists a project's contacts, mailing list and channel", async () => {
    const a = await ask(bot, "!contact numa");
    assert.match(a.text, /Konrad Rzeszutek Wilk/);
    assert.match(a.text, /Dario Faggioli/);
    assert.match(a.text, /IRC: #xen-devel/);
  });

  it("shows the e-mail pattern, never a made-up address", async () => {
    const a = await ask(bot, "!contact dave scott");
    assert.match(a.text, /Dave Scott \(no address on the page, only the pattern first\.last@citrix\.com\)/);
  });
});

describe("!start, !help, !about, !skills, !categories, !projects", async () => {
  const bot = await testBot();

  it("!start walks through the page's steps with links and ends with a next action", async () => {
    const a = await ask(bot, "!onboard");
    assert.match(a.text, /Send an email to xen-devel/);
    assert.match(a.text, /xen-unstable/);
    assert.match(a.text, /lists\.xensource\.com\/mailman\/listinfo\/xen-devel/);
    assert.match(a.text, /Submitting/);
    assert.match(a.text.split("\n").at(-1)!, /^Next: type !suggest easy/);
    const step = await ask(bot, "!start 2");
    assert.match(step.text, /^Step 2\/\d+: Send an email to xen-devel/);
    assert.match(step.text, /Then: !start 3/);
    assert.equal((await ask(bot, "!start 99")).status, "usage");
    assert.equal((await ask(bot, "!start two")).status, "usage");
  });

  it("!help lists commands and explains one; unknown gets did-you-mean", async () => {
    const all = await ask(bot, "!help");
    for (const c of ["!project", "!projects", "!suggest", "!contact", "!start", "!skills", "!categories", "!about", "!help"]) assert.ok(all.text.includes(c), c);
    const one = await ask(bot, "!help contact");
    assert.match(one.text, /!contact <project or person> \(also !who\)/);
    const typo = await ask(bot, "!help sugest");
    assert.match(typo.text, /Did you mean !suggest\?/);
  });

  it("!about says where the data came from and how fresh it is", async () => {
    const a = await ask(bot, "!about");
    assert.match(a.text, /19 projects/);
    assert.match(a.text, /not updated in 2020/);
  });

  it("!skills and !categories count", async () => {
    assert.match((await ask(bot, "!skills")).text, /OCaml \(4\)/);
    assert.match((await ask(bot, "!categories")).text, /Domain support \(4\), Hypervisor \(2\), Mirage and XAPI projects \(5\), Userspace Tools \(8\)/);
  });

  it("!projects filters by level, skill, category and gsoc, and refuses nonsense", async () => {
    const easy = await ask(bot, "!projects easy");
    assert.match(easy.text, /^3 easy projects:/);
    assert.match((await ask(bot, "!projects hyperv")).text, /^2 projects in Hypervisor/);
    // A word inside a category's name finds it too.
    assert.match((await ask(bot, "!projects xapi")).text, /^5 projects in Mirage and XAPI projects/);
    assert.match((await ask(bot, "!projects gsoc")).text, /^15 projects suitable for GSoC/);
    assert.equal((await ask(bot, "!projects banana")).status, "user-error");
  });
});
