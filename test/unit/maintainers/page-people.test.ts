// The archived page's people in today's MAINTAINERS: the facts of issue 13, and no guesswork.
import assert from "node:assert/strict";
import path from "node:path";
import { before, describe, it } from "node:test";
import { readMaintainersFile } from "../../../src/maintainers/maintainers-file.js";
import { findInMaintainers } from "../../../src/maintainers/page-people.js";
import type { MaintainerPerson } from "../../../src/maintainers/schema.js";
import { readStoreFile } from "../../../src/store/store-file.js";
import type { Person } from "../../../src/projects/schema.js";
import { REAL_STORE, REPO_ROOT } from "../../support/bot.js";

let people: MaintainerPerson[];
let page: Person[];
before(async () => {
  people = (await readMaintainersFile(path.join(REPO_ROOT, "data/maintainers.json"))).people;
  page = (await readStoreFile(REAL_STORE)).people;
});

const pagePerson = (name: string) => page.find((p) => p.name === name)!;
const today = (name: string) => findInMaintainers(pagePerson(name), people);
const roles = (p: MaintainerPerson | null) => p?.sections.map((r) => `${r.kind} ${r.section}`);

describe("the page's people today", () => {
  it("finds those still in MAINTAINERS, at today's addresses", () => {
    const george = today("George Dunlap")!;
    assert.equal(george.emails[0], "gwd@xenproject.org");
    assert.deepEqual(roles(george), ["reviewer GOLANG BINDINGS", "reviewer SCHEDULING"]);
    assert.equal(today("Wei Liu")?.emails[0], "wl@xen.org");
    assert.deepEqual(roles(today("Paul Durrant")), ["maintainer X86 VIRIDIAN ENLIGHTENMENTS"]);
    assert.equal(today("Paul Durrant")?.emails[0], "paul@xen.org");
    assert.equal(today("Dario Faggioli")?.emails[0], "dfaggioli@suse.com");
    assert.equal(today("Roger Pau Monné")?.emails[0], "roger@xenproject.org");
    assert.equal(today("Andrew Cooper")?.emails[0], "andrew.cooper3@citrix.com");
  });

  it("says who is not in it today", () => {
    for (const name of ["Konrad Rzeszutek Wilk", "Andres Lagar-Cavilla", "Ian Campbell", "Dave Scott", "Anil Madhavapeddy", "John Morris"]) {
      assert.equal(today(name), null, name);
    }
  });

  it("matches through accents, case, the page's aliases and Andy/Andrew; never by surname or a near spelling", () => {
    const find = (name: string, extra: Partial<Person> = {}) => findInMaintainers({ name, aliases: [], email: null, ...extra }, people)?.name ?? null;
    assert.equal(find("Roger Pau Monne"), "Roger Pau Monné");
    assert.equal(find("ROGER PAU MONNÉ"), "Roger Pau Monné");
    assert.equal(find("Andy Cooper"), "Andrew Cooper");
    assert.equal(find("A. Cooper", { aliases: ["Andy Cooper"] }), "Andrew Cooper");
    assert.equal(find("Anthony Perard"), "Anthony PERARD");
    assert.equal(find("Cooper"), null, "a surname alone");
    assert.equal(find("Jane Cooper"), null, "another person of the same surname");
    assert.equal(find("Andrew Coper"), null, "a near spelling");
    assert.equal(find("Tim Deegan-Smith"), null);
    // The same address is the same person, whatever the name.
    assert.equal(find("T. D.", { email: "TIM@xen.org" }), "Tim Deegan");
  });
});
