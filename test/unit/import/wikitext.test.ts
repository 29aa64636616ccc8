// The MediaWiki source form ({{project|…}} templates under == headings ==), from the hand-made
// fixture test/fixtures/projects.wiki, which carries seven of the real page's projects.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, it } from "node:test";
import { buildStoreWithReport } from "../../../src/import/build-store.js";
import { ImportError } from "../../../src/import/errors.js";
import { detectFormat } from "../../../src/import/run-import.js";
import { parseWikiText } from "../../../src/import/wiki-text.js";
import { renderWikitext } from "../../../src/import/wikitext-markup.js";
import { pageTitleFor, parseWikitextTemplates } from "../../../src/import/wikitext-template.js";
import { StoreFileSchema } from "../../../src/projects/schema.js";

const WIKI_FILE = "test/fixtures/projects.wiki";
const WIKI = readFileSync(fileURLToPath(new URL("../../fixtures/projects.wiki", import.meta.url)), "utf8");
const PAGE = readFileSync(fileURLToPath(new URL("../../../data/sources/xen-development-projects.txt", import.meta.url)), "utf8");
const now = new Date("2025-01-01T00:00:00Z");

describe("renderWikitext", () => {
  it("renders lists, links and emphasis the way the page shows them", () => {
    const r = renderWikitext("'''Expected:'''\n* one [[GSoC_2013#x|two]]\n# a\n# b [http://e.org label]\n<code>f()</code> &lt;q&gt;");
    assert.equal(r.text, "Expected:\n  • one two\n  1. a\n  2. b label\nf() <q>");
    assert.deepEqual(r.links, [
      { url: "https://wiki.xenproject.org/wiki/GSoC_2013#x", label: "two" },
      { url: "http://e.org", label: "label" },
    ]);
  });
});

describe("the wikitext fixture", () => {
  const parsed = parseWikitextTemplates(WIKI, WIKI_FILE);
  const { store, warnings } = buildStoreWithReport(parsed, { file: WIKI_FILE, now });
  const text = buildStoreWithReport(parseWikiText(PAGE, "page.txt"), { file: "page.txt", now }).store;

  it("is detected as wikitext, and the rendered page as text", () => {
    assert.equal(detectFormat(WIKI, "x.txt"), "wikitext");
    assert.equal(detectFormat(PAGE, "x.txt"), "text");
    assert.equal(detectFormat("anything", "page.wiki"), "wikitext");
  });

  it("validates and has the seven projects under their headings", () => {
    assert.equal(StoreFileSchema.safeParse(store).success, true);
    assert.equal(store.source.title, "Archived/Xen Development Projects");
    assert.deepEqual(store.projects.map((p) => [p.id, p.category, p.sourceLine]), [
      ["quickpath", "Domain support", 15],
      ["9p-transport", "Domain support", 31],
      ["firmware-hvm", "Domain support", 45],
      ["powerclamp", "Hypervisor", 64],
      ["numa-tmem", "Hypervisor", 80],
      ["cpu-ram-pci-diagram", "Userspace Tools", 97],
      ["kdd", "Userspace Tools", 109],
    ]);
  });

  it("normalises every field exactly as the rendered page does", () => {
    for (const p of store.projects) {
      const q = text.projects.find((x) => x.title === p.title);
      assert.ok(q, p.title);
      for (const key of ["id", "category", "inserted", "verified", "gsoc", "difficulty", "skills", "links", "keywords", "archived"] as const) {
        assert.deepEqual(p[key], q[key], `${p.id}.${key}`);
      }
      assert.deepEqual(p.contacts.people, q.contacts.people, `${p.id}.contacts`);
      assert.deepEqual([p.description.text, p.description.specified], [q.description.text, q.description.specified], `${p.id}.description`);
      assert.deepEqual([p.outcomes.text, p.outcomes.specified], [q.outcomes.text, q.outcomes.specified], `${p.id}.outcomes`);
    }
    const qp = store.projects[0]!;
    assert.deepEqual(qp.mailingList, { raw: "xen-devel@", address: "xen-devel@lists.xenproject.org" });
    assert.deepEqual(qp.ircChannel, { raw: "#xen-devel", channel: "#xen-devel" });
  });

  it("keeps the markup as the raw text", () => {
    const kdd = store.projects.find((p) => p.id === "kdd")!;
    assert.ok(kdd.description.raw.includes("'''Expected Results:'''\n\n# Add support for Windows 8 (x86, x64) to kdd"));
    assert.ok(store.projects.find((p) => p.id === "powerclamp")!.description.raw.endsWith("for both. [[GSoC_2013#powerclamp-for-xen]]"));
  });

  it("merges the Coopers here too", () => {
    assert.deepEqual(store.people.find((p) => p.id === "andrew-cooper")?.aliases, ["Andy Cooper"]);
    assert.deepEqual(store.people.find((p) => p.id === "andrew-cooper")?.projects, ["firmware-hvm", "cpu-ram-pci-diagram"]);
  });

  it("reads the onboarding from the text before the headings", () => {
    assert.equal(store.onboarding.intro, text.onboarding.intro);
    assert.deepEqual(store.onboarding.steps, [text.onboarding.steps[0], text.onboarding.steps[1], "Your work should be based on xen-unstable development tree, if it's Xen and/or tools related."]);
    const urls = store.onboarding.links.map((l) => l.url);
    assert.deepEqual(urls.slice(0, 3), [
      "http://lists.xensource.com/mailman/listinfo/xen-devel",
      "https://wiki.xenproject.org/wiki/Submitting_Xen_Project_Patches",
      "https://wiki.xenproject.org/wiki/XenRepositories",
    ]);
    assert.ok(store.onboarding.notes.some((n) => n.startsWith("Quick links to changelogs")));
  });

  it("warns only about the fields the fixture leaves out", () => {
    assert.ok(warnings.length > 0 && warnings.every((w) => /has no "(Mailing list|IRC channel)/.test(w)), warnings.join("\n"));
  });
});

describe("broken wikitext", () => {
  const wiki = (body: string) => `Intro.\n* step\n== Cat ==\n${body}`;
  it("a template without its title fails at the template's line", () => {
    assert.throws(
      () => parseWikitextTemplates(wiki("{{project\n|Date=01/01/2013\n}}"), "x.wiki"),
      (err: unknown) => err instanceof ImportError && err.line === 4 && /without "Project="/.test(err.message),
    );
  });
  it("an unclosed template fails at its line", () => {
    assert.throws(
      () => parseWikitextTemplates(wiki("\n{{project\n|Project=A\n"), "x.wiki"),
      (err: unknown) => err instanceof ImportError && err.line === 5 && /never closed/.test(err.message),
    );
  });
  it("an unknown parameter is a warning with its line; a bad difficulty an error at its line", () => {
    const parsed = parseWikitextTemplates(wiki("{{project\n|Project=A thing\n|Mentor=Bob\n|Difficulty=Spicy\n}}"), "x.wiki");
    assert.deepEqual(parsed.warnings.filter((w) => w.startsWith("line")), ['line 6: unknown template parameter "Mentor=Bob" ignored']);
    assert.throws(
      () => buildStoreWithReport(parsed, { file: "x.wiki" }),
      (err: unknown) => err instanceof ImportError && err.line === 7 && /difficulty "Spicy"/.test(err.message),
    );
  });
});

describe("the MediaWiki source as the page shows it", () => {
  const source = (top: string) => `${top}Intro.\n* step\n= List of projects =\n== Cat ==\n{{project\n|Project=A thing\n|Contact=Ann <ann@example.org>\n|Difficulty=Easy\n|Skills=C\n|Desc=See the spec and {{Code|xen/drivers}}; also {{Note|see {{Tt|xl info}}}}.{{Anchor|here}}\n}}\n`;

  it("takes the page's title from DISPLAYTITLE or the file name, never from a heading", () => {
    assert.equal(parseWikitextTemplates(source("{{DISPLAYTITLE:Archived/Xen Development Projects}}\n"), "x.wiki").title, "Archived/Xen Development Projects");
    const plain = parseWikitextTemplates(source(""), "saved/Archived%2FXen_Development_Projects.wiki");
    assert.equal(plain.title, "Archived/Xen Development Projects");
    assert.equal(plain.titleFrom, "file name");
    assert.equal(parseWikitextTemplates(source(""), "index.php?title=Xen_Development_Projects&action=raw").title, "Xen Development Projects");
    assert.ok(plain.warnings.some((w) => /no \{\{DISPLAYTITLE/.test(w)));
  });

  it("keeps the store's title on a re-import of the source, unless that title is a heading", () => {
    const parsed = parseWikitextTemplates(source(""), "page.wiki");
    assert.equal(pageTitleFor(parsed, source(""), "Archived/Xen Development Projects").title, "Archived/Xen Development Projects");
    assert.equal(pageTitleFor(parsed, source(""), "List of projects").title, "page");
  });

  it("renders inline templates' text: {{Code|xen/drivers}} is not dropped", () => {
    const p = parseWikitextTemplates(source(""), "x.wiki").projects[0]!;
    assert.equal(p.fields.description!.text, "See the spec and xen/drivers; also see xl info.");
    assert.equal(p.fields.description!.raw.includes("{{Code|xen/drivers}}"), true);
  });
});
