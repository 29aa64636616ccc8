// A second page in the same rendered format (test/fixtures/sister-page.txt, written for these
// tests): other sections and people, missing and reordered fields, other languages. Then broken
// variants of it, which must fail naming the file and line.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, it } from "node:test";
import { buildStoreWithReport } from "../../../src/import/build-store.js";
import { ImportError } from "../../../src/import/errors.js";
import { parseWikiText } from "../../../src/import/wiki-text.js";
import { StoreFileSchema } from "../../../src/projects/schema.js";

const FILE = "test/fixtures/sister-page.txt";
const TEXT = readFileSync(fileURLToPath(new URL("../../fixtures/sister-page.txt", import.meta.url)), "utf8");

function importText(text: string) {
  return buildStoreWithReport(parseWikiText(text, FILE), { file: FILE, now: new Date("2025-01-01T00:00:00Z") });
}
/** The page with 1-based line `n` replaced (or removed when `by` is null). */
function withLine(n: number, by: string | null): string {
  const lines = TEXT.split("\n");
  assert.ok(lines[n - 1] !== undefined);
  if (by === null) lines.splice(n - 1, 1);
  else lines[n - 1] = by;
  return lines.join("\n");
}
function failsAt(text: string, line: number, message: RegExp): void {
  assert.throws(
    () => importText(text),
    (err: unknown) => {
      assert.ok(err instanceof ImportError, String(err));
      assert.equal(err.line, line, err.message);
      assert.equal(err.file, FILE);
      assert.match(err.message, new RegExp(`^${FILE.replace(/\./g, "\\.")}:${line}: `));
      assert.match(err.message, message);
      return true;
    },
  );
}

describe("the sister page", () => {
  const { store, warnings } = importText(TEXT);
  const p = (id: string) => {
    const found = store.projects.find((x) => x.id === id);
    assert.ok(found, `no project ${id} in ${store.projects.map((x) => x.id).join(", ")}`);
    return found;
  };

  it("validates and has its four projects in their sections", () => {
    assert.equal(StoreFileSchema.safeParse(store).success, true);
    assert.equal(store.source.title, "Archived/Xen Tooling Projects");
    assert.deepEqual(store.projects.map((x) => [x.id, x.category, x.sourceLine]), [
      ["osstest", "Test infrastructure", 22],
      ["go-bindings", "Test infrastructure", 40],
      ["reproducible-builds", "Packaging and distribution", 56],
      ["port-xenstored", "Packaging and distribution", 67],
    ]);
  });

  it("reads 'Verified: 2017', 'GSoC: No' and 'Medium to hard'", () => {
    const x = p("osstest");
    assert.deepEqual(x.verified, { raw: "2017", iso: null, readings: [], ambiguous: false, year: 2017, stale: false });
    assert.deepEqual(x.gsoc, { raw: "No", value: "no", reason: null });
    assert.deepEqual(x.difficulty, { raw: "Medium to hard", known: true, min: "medium", max: "hard" });
    assert.equal(x.inserted.iso, "2016-03-14");
  });

  it("reads contacts joined by 'and' and '&', with and without e-mail, as shared people", () => {
    assert.deepEqual(p("osstest").contacts.people, ["lena-park", "tomas-berg"]);
    assert.deepEqual(p("reproducible-builds").contacts.people, ["priya-nair", "lena-park"]);
    assert.deepEqual(p("port-xenstored").contacts, { raw: "Unknown", people: [] });
    assert.deepEqual(store.people, [
      { id: "lena-park", name: "Lena Park", aliases: [], email: null, emailPattern: null, projects: ["osstest", "reproducible-builds"] },
      { id: "tomas-berg", name: "Tomas Berg", aliases: [], email: "tomas.berg@xen-tooling.org", emailPattern: null, projects: ["osstest", "go-bindings"] },
      { id: "priya-nair", name: "Priya Nair", aliases: [], email: "priya.nair@xen-tooling.org", emailPattern: null, projects: ["reproducible-builds"] },
    ]);
  });

  it("tags Python, Perl, shell, Go, Rust and OCaml skills", () => {
    assert.deepEqual(p("osstest").skills.tags, ["Python", "Perl", "shell", "scripting"]);
    assert.deepEqual(p("go-bindings").skills.tags, ["Go", "C"]);
    assert.deepEqual(p("port-xenstored").skills.tags, ["Rust", "OCaml", "functional programming"]);
    assert.deepEqual(p("reproducible-builds").skills, { raw: "Unknown", tags: [], specified: false });
  });

  it("handles missing and reordered fields", () => {
    const go = p("go-bindings");
    assert.deepEqual(go.mailingList, { raw: "", address: null });
    assert.deepEqual(go.ircChannel, { raw: "", channel: null });
    assert.deepEqual([go.inserted.ambiguous, go.inserted.readings], [true, ["2017-02-11", "2017-11-02"]]);
    const rb = p("reproducible-builds");
    assert.equal(rb.inserted.iso, "2015-11-30");
    assert.deepEqual([rb.verified.ambiguous, rb.verified.year, rb.verified.stale], [true, 2019, false]);
    assert.deepEqual(rb.gsoc.value, "unknown");
    assert.deepEqual(rb.difficulty, { raw: "Low", known: true, min: "easy", max: "easy" });
    assert.equal(rb.outcomes.specified, false);
    const rust = p("port-xenstored");
    assert.deepEqual(rust.gsoc, { raw: "", value: "unknown", reason: null });
    assert.deepEqual(rust.outcomes, { raw: "", text: "", specified: false });
    assert.deepEqual(rust.mailingList, { raw: "xen-devel@lists.xenproject.org", address: "xen-devel@lists.xenproject.org" });
    assert.deepEqual(rust.ircChannel, { raw: "#xendevel on OFTC", channel: "#xendevel" });
  });

  it("joins wrapped description lines and keeps the lists", () => {
    assert.equal(
      p("osstest").description.text,
      "OSSTest (the Open Source Software Testing framework) writes long logs. The summariser that turns them into a report is an old Perl script that few people dare to change.\n\nThe work:\n\n• port the summariser to Python\n• keep the report format unchanged",
    );
    assert.equal(
      p("port-xenstored").description.text,
      "The C and OCaml xenstored daemons share no code. A Rust port could replace both.\n\nSteps:\n\n1. Read the xenstore protocol documentation.\n2. Port the transaction code first.",
    );
    assert.equal(p("go-bindings").outcomes.text, "Expected outcome:\n• A Go package in tools/golang\n• Tests that run in OSSTest");
    assert.deepEqual(p("osstest").keywords, ["Open Source Software Testing"]);
  });

  it("warns, with lines, about the unknown field and the missing ones", () => {
    assert.ok(warnings.includes('line 62: unknown field "Mentor" in project "Reproducible builds of the Xen tools" was ignored'), warnings.join("\n"));
    assert.ok(warnings.some((w) => w.startsWith("line 40:") && w.includes("Mailing list")));
    assert.ok(warnings.some((w) => w.startsWith("line 67:") && w.includes('"GSoC"')));
    assert.ok(warnings.some((w) => w.startsWith("line 67:") && w.includes('"Outcomes"')));
    // A date that is no calendar day is kept as written, with a warning naming its line.
    const badDate = importText(withLine(42, TEXT.split("\n")[41]!.replace("2/11/2017", "31/02/2017")));
    assert.ok(badDate.warnings.includes('line 42: date "31/02/2017" of "Go bindings for libxl" is not a date I can read; kept as written'), badDate.warnings.join("\n"));
    assert.equal(badDate.store.projects.find((x) => x.id === "go-bindings")!.inserted.raw.trim(), "31/02/2017");
    assert.ok(!warnings.some((w) => w.includes("not a date")), "the page's own dates all read");
    // The Mentor line went nowhere: not into the skills above it, not into the description below.
    assert.equal(p("reproducible-builds").skills.raw, "Unknown");
    assert.ok(!p("reproducible-builds").description.raw.includes("Sam Ortiz"));
  });

  it("keeps the onboarding and section notes", () => {
    assert.deepEqual(store.onboarding.steps, [
      "Pick a project and read its description twice.",
      "Introduce yourself on xen-devel and say which project you picked.",
      "Base your work on xen-unstable, and send patches to xen-devel.",
    ]);
    assert.deepEqual(store.onboarding.links[0], { url: "https://lists.xenproject.org/archives/html/xen-devel/", label: "Mailing list archives" });
    assert.deepEqual(store.onboarding.notes, [
      "If a project is unclear, ask its contact before you start.",
      "Packaging and distribution: Projects here need a build machine; ask on the list for access to one.",
      "Related pages: See the main development projects page for hypervisor work.",
    ]);
  });
});

describe("broken variants of the sister page", () => {
  it("garbage where the Date line should be fails at that line", () => {
    failsAt(withLine(42, "this line is garbage, not a date"), 42, /"this line is garbage, not a date" is not a field/);
  });
  it("garbage in the first project fails at that line too", () => {
    failsAt(withLine(24, "%%% garbled %%%"), 24, /"%%% garbled %%%" is not a field/);
  });
  it("a page without the steps list fails at the first project, above which they were expected", () => {
    const noSteps = TEXT.split("\n").filter((_, i) => i < 7 || i > 11).join("\n");
    failsAt(noSteps, 17, /no onboarding steps found/);
  });
  it("an unrecognisable difficulty fails at its line", () => {
    failsAt(withLine(28, "Difficulty: Spicy"), 28, /project "Rewrite the OSSTest log summariser in Python": difficulty "Spicy" is not recognised/);
  });
  it("an unrecognisable GSoC value fails at its line", () => {
    failsAt(withLine(42, "Date of insert: 2/11/2017; Verified: 2018; GSoC: whenever"), 42, /GSoC "whenever" is not recognised/);
  });
  it("a project whose title is missing fails at its repeated field", () => {
    // Removing line 40 (the title) leaves its fields under the project before.
    failsAt(withLine(40, null), 41, /a second "Date of insert" in project "Rewrite the OSSTest log summariser in Python" \(line 22\)/);
  });
  it("stray text among the fields fails at that text", () => {
    failsAt(withLine(27, "IRC channel for project: #xen-devel\n\nSome stray remark"), 29, /unexpected text among the fields .*"Some stray remark"/);
  });
  it("a page with no projects fails", () => {
    assert.throws(() => parseWikiText("Title\n\nJust prose.\n", FILE), (err: unknown) => err instanceof ImportError && /no projects found/.test(err.message));
  });
});
