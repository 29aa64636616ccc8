import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assignIds, deriveId, type IdCandidate } from "../../../src/import/ids.js";
import { slugify } from "../../../src/projects/fields/slug.js";
import type { Project } from "../../../src/projects/schema.js";

describe("slugify", () => {
  it("lower-cases, strips accents and joins words with hyphens", () => {
    assert.equal(slugify("Roger Pau Monné"), "roger-pau-monne");
    assert.equal(slugify("  CPU/RAM/PCI diagram tool! "), "cpu-ram-pci-diagram-tool");
  });
});

describe("deriveId", () => {
  it("prefers acronym-like words", () => {
    assert.equal(deriveId("Utilize Intel QuickPath on network and block path."), "quickpath");
    assert.equal(deriveId("CPUID Programming for Humans"), "cpuid");
    assert.equal(deriveId("DRBD Integration"), "drbd");
    assert.equal(deriveId("Introducing PowerClamp-like driver for Xen"), "powerclamp");
  });
  it("drops parenthesised asides and generic words", () => {
    assert.equal(deriveId("KDD (Windows Debugger Stub) enhancements"), "kdd");
  });
  it("adds the most telling plain word to a short acronym", () => {
    assert.equal(deriveId("Enabling the 9P File System transport as a paravirt device"), "9p-transport");
    assert.equal(deriveId("Create a tiny VM for easy load testing"), "tiny-vm");
    assert.equal(deriveId("XL to XCP VM motion"), "xl-xcp-motion");
  });
  it("keeps words coordinated with an acronym", () => {
    assert.equal(deriveId("Integrating NUMA and Tmem"), "numa-tmem");
  });
  it("abbreviates a capitalised run the project's text abbreviates", () => {
    assert.equal(deriveId("OVMF Compatibility Support Module support in Xen", "… figure out how CSM works"), "ovmf-csm");
    assert.equal(deriveId("OVMF Compatibility Support Module support in Xen", "no abbreviation here"), "ovmf");
  });
  it("turns a participle before its noun into a noun compound", () => {
    assert.equal(deriveId("Allowing guests to boot with a passed-through GPU as the primary display"), "gpu-passthrough");
    assert.equal(deriveId("Booting from a plugged-in USB disk"), "usb-plugin");
  });
  it("takes the head of the first phrase when there is no acronym", () => {
    assert.equal(deriveId("Refactor Linux hotplug scripts"), "hotplug-scripts");
    assert.equal(deriveId("Lazy restore using memory paging"), "lazy-restore");
    assert.equal(deriveId("Fuzz testing Xen with Mirage"), "fuzz-testing");
    assert.equal(deriveId("Towards a multi-language unikernel substrate for Xen"), "unikernel-substrate");
    assert.equal(deriveId("From simulation to emulation to production: self-scaling apps"), "self-scaling-apps");
  });
  it("stays within 24 characters and the schema's pattern", () => {
    for (const title of [
      "Supercalifragilisticexpialidocious hypervisor instrumentation",
      "A",
      "The of and",
      "Über-Fast Über-Reliable Über-Storage",
      "Advanced Scheduling Parameters",
    ]) {
      const id = deriveId(title);
      assert.ok(id.length <= 24 && /^[a-z0-9][a-z0-9-]*$/.test(id) && !id.endsWith("-"), `${title} → ${id}`);
    }
  });
});

function candidate(title: string, extra: Partial<IdCandidate> = {}): IdCandidate {
  return { title, category: "Tools", insertedRaw: "01/01/2013", contactsRaw: "A <a@x.org>", text: "", ...extra };
}
function previousProject(id: string, c: IdCandidate): Project {
  return {
    id, title: c.title, category: c.category,
    inserted: { raw: c.insertedRaw, iso: null, readings: [], ambiguous: false, year: null },
    verified: { raw: "", iso: null, readings: [], ambiguous: false, year: null, stale: false },
    gsoc: { raw: "", value: "unknown", reason: null },
    contacts: { raw: c.contactsRaw, people: [] },
    mailingList: { raw: "", address: null }, ircChannel: { raw: "", channel: null },
    difficulty: { raw: "", known: false, min: null, max: null },
    skills: { raw: "", tags: [], specified: false },
    description: { raw: "", text: "", specified: false }, outcomes: { raw: "", text: "", specified: false },
    links: [], keywords: [], archived: false, sourceLine: null,
  };
}

describe("assignIds", () => {
  it("de-duplicates with a suffix", () => {
    assert.deepEqual(assignIds([candidate("DRBD Integration"), candidate("DRBD integration, again", { insertedRaw: "x" })]), ["drbd", "drbd-2"]);
  });
  it("keeps ids by title, whatever the order, and gives new projects fresh ids", () => {
    const a = candidate("Fuzz testing Xen with Mirage");
    const b = candidate("DRBD Integration", { contactsRaw: "B" });
    const prev = [previousProject("fuzz", a), previousProject("drbd", b)];
    const added = candidate("DRBD Integration for XAPI pools", { insertedRaw: "02/02/2020" });
    assert.deepEqual(assignIds([added, b, a], prev), ["drbd-xapi", "drbd", "fuzz"]);
  });
  it("keeps the id when the title changes but category, date and contacts do not", () => {
    const a = candidate("Fuzz testing Xen with Mirage");
    const prev = [previousProject("fuzz-testing", a)];
    assert.deepEqual(assignIds([candidate("Fuzz-testing Xen using MirageOS")], prev), ["fuzz-testing"]);
  });
  it("uses title overlap when several old projects share date and contacts", () => {
    const x = candidate("Fuzz testing Xen with Mirage", { contactsRaw: "Anil" });
    const y = candidate("Towards a multi-language unikernel substrate for Xen", { contactsRaw: "Anil" });
    const prev = [previousProject("fuzz-testing", x), previousProject("unikernel-substrate", y)];
    assert.deepEqual(
      assignIds([candidate("A multi-language unikernel substrate", { contactsRaw: "Anil" }), candidate("Fuzz testing Xen with Mirage", { contactsRaw: "Anil" })], prev),
      ["unikernel-substrate", "fuzz-testing"],
    );
  });
  it("never hands a removed project's id to a new one", () => {
    const gone = previousProject("drbd", candidate("DRBD Integration", { insertedRaw: "old" }));
    assert.deepEqual(assignIds([candidate("DRBD replication", { insertedRaw: "new", contactsRaw: "other" })], [gone]), ["drbd-2"]);
  });
});
