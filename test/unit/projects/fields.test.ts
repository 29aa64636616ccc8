import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseDate, parseVerified } from "../../../src/projects/fields/dates.js";
import { parseDifficulty } from "../../../src/projects/fields/difficulty.js";
import { parseGsoc } from "../../../src/projects/fields/gsoc.js";
import { parseIrcChannel } from "../../../src/projects/fields/irc-channel.js";
import { extractLinks, wikiPageMentions } from "../../../src/projects/fields/links.js";
import { parseMailingList } from "../../../src/projects/fields/mailing-list.js";
import { readableText } from "../../../src/projects/fields/text.js";
import { ValueError } from "../../../src/projects/fields/value-error.js";

describe("parseDate", () => {
  it("reads MM/DD/YYYY when the day cannot be a month", () => {
    assert.deepEqual(parseDate("01/22/2013"), { raw: "01/22/2013", iso: "2013-01-22", readings: ["2013-01-22"], ambiguous: false, year: 2013 });
  });
  it("reads DD/MM/YYYY when the first number cannot be a month", () => {
    assert.equal(parseDate("15/11/2012").iso, "2012-11-15");
    assert.equal(parseDate("28/11/2012").iso, "2012-11-28");
  });
  it("reads DD/MM/YY as 20YY", () => {
    assert.deepEqual(parseDate("15/11/12"), { raw: "15/11/12", iso: "2012-11-15", readings: ["2012-11-15"], ambiguous: false, year: 2012 });
    assert.equal(parseDate("11/30/15").iso, "2015-11-30");
  });
  it("keeps both readings, sorted, when both are valid and differ", () => {
    assert.deepEqual(parseDate("02/04/2014"), { raw: "02/04/2014", iso: null, readings: ["2014-02-04", "2014-04-02"], ambiguous: true, year: 2014 });
    assert.deepEqual(parseDate("2/5/2014"), { raw: "2/5/2014", iso: null, readings: ["2014-02-05", "2014-05-02"], ambiguous: true, year: 2014 });
    assert.deepEqual(parseDate("07/01/2013"), { raw: "07/01/2013", iso: null, readings: ["2013-01-07", "2013-07-01"], ambiguous: true, year: 2013 });
  });
  it("treats the same day and month as one reading", () => {
    assert.deepEqual(parseDate("01/01/2013"), { raw: "01/01/2013", iso: "2013-01-01", readings: ["2013-01-01"], ambiguous: false, year: 2013 });
    assert.equal(parseDate("08/08/2012").iso, "2012-08-08");
  });
  it("rejects impossible days in either reading", () => {
    // 31/02 and 02/31 are no days at all; 29/02/2013 is not a leap day.
    assert.deepEqual(parseDate("31/02/2013"), { raw: "31/02/2013", iso: null, readings: [], ambiguous: false, year: null });
    assert.equal(parseDate("29/02/2013").iso, null);
    assert.equal(parseDate("29/02/2012").iso, "2012-02-29");
  });
  it("reads ISO dates, month names and bare years", () => {
    assert.equal(parseDate("2014-02-04").iso, "2014-02-04");
    assert.equal(parseDate("22 January 2013").iso, "2013-01-22");
    assert.equal(parseDate("January 22, 2013").iso, "2013-01-22");
    assert.deepEqual(parseDate("2017"), { raw: "2017", iso: null, readings: [], ambiguous: false, year: 2017 });
  });
  it("gives nothing for Unknown, empty and prose", () => {
    for (const raw of ["Unknown", "", "  ", "soon"]) assert.deepEqual(parseDate(raw), { raw, iso: null, readings: [], ambiguous: false, year: null });
  });
  it("keeps the raw text as written", () => {
    assert.equal(parseDate(" 2/5/2014 ").raw, " 2/5/2014 ");
  });
});

describe("parseVerified", () => {
  it("reads 'Not updated in 2020' as stale, year 2020, no date", () => {
    assert.deepEqual(parseVerified("Not updated in 2020"), {
      raw: "Not updated in 2020", iso: null, readings: [], ambiguous: false, year: 2020, stale: true,
    });
  });
  it("reads a bare year as a year, not stale", () => {
    assert.deepEqual(parseVerified("2017"), { raw: "2017", iso: null, readings: [], ambiguous: false, year: 2017, stale: false });
  });
  it("reads a full date like any date", () => {
    assert.deepEqual(parseVerified("05/06/2019"), {
      raw: "05/06/2019", iso: null, readings: ["2019-05-06", "2019-06-05"], ambiguous: true, year: 2019, stale: false,
    });
    assert.equal(parseVerified("28/11/2012").iso, "2012-11-28");
  });
  it("reads 'never verified' as stale with no year", () => {
    assert.deepEqual(parseVerified("Never verified"), { raw: "Never verified", iso: null, readings: [], ambiguous: false, year: null, stale: true });
  });
});

describe("parseDifficulty", () => {
  const level = (raw: string) => {
    const d = parseDifficulty(raw);
    return [d.known, d.min, d.max];
  };
  it("maps single levels, case-insensitively", () => {
    assert.deepEqual(level("Easy"), [true, "easy", "easy"]);
    assert.deepEqual(level("Low"), [true, "easy", "easy"]);
    assert.deepEqual(level("Medium"), [true, "medium", "medium"]);
    assert.deepEqual(level("medium"), [true, "medium", "medium"]);
    assert.deepEqual(level("High"), [true, "hard", "hard"]);
    assert.deepEqual(level("hard"), [true, "hard", "hard"]);
    assert.deepEqual(level("Difficult"), [true, "hard", "hard"]);
    assert.deepEqual(level("HARD"), [true, "hard", "hard"]);
  });
  it("maps ranges", () => {
    assert.deepEqual(level("Low to medium"), [true, "easy", "medium"]);
    assert.deepEqual(level("Medium to hard"), [true, "medium", "hard"]);
    assert.deepEqual(level("medium-high"), [true, "medium", "hard"]);
    assert.deepEqual(level("Hard to easy"), [true, "easy", "hard"]);
  });
  it("maps Unknown and empty to not known", () => {
    assert.deepEqual(parseDifficulty("Unknown"), { raw: "Unknown", known: false, min: null, max: null });
    assert.deepEqual(parseDifficulty(""), { raw: "", known: false, min: null, max: null });
  });
  it("refuses text it cannot read, saying what it expected", () => {
    assert.throws(() => parseDifficulty("Spicy"), (err: unknown) => err instanceof ValueError && /"Spicy".*Low to medium/.test(err.message));
    assert.throws(() => parseDifficulty("Easy to spicy"), ValueError);
    for (const odd of ["constructor", "__proto__", "easy to constructor"]) assert.throws(() => parseDifficulty(odd), ValueError, odd);
  });
});

describe("parseGsoc", () => {
  it("reads yes in any case", () => {
    assert.deepEqual(parseGsoc("Yes"), { raw: "Yes", value: "yes", reason: null });
    assert.deepEqual(parseGsoc("yes"), { raw: "yes", value: "yes", reason: null });
  });
  it("reads no with and without a reason", () => {
    assert.deepEqual(parseGsoc("No"), { raw: "No", value: "no", reason: null });
    assert.deepEqual(parseGsoc("no, too much work"), { raw: "no, too much work", value: "no", reason: "too much work" });
    assert.deepEqual(parseGsoc("no, too difficult"), { raw: "no, too difficult", value: "no", reason: "too difficult" });
    assert.deepEqual(parseGsoc("No (needs hardware)"), { raw: "No (needs hardware)", value: "no", reason: "needs hardware" });
  });
  it("reads Unknown and empty as unknown", () => {
    assert.deepEqual(parseGsoc("Unknown"), { raw: "Unknown", value: "unknown", reason: null });
    assert.equal(parseGsoc("").value, "unknown");
  });
  it("keeps a hedge as the reason", () => {
    assert.deepEqual(parseGsoc("maybe"), { raw: "maybe", value: "unknown", reason: "maybe" });
  });
  it("refuses anything else", () => {
    assert.throws(() => parseGsoc("2013 only"), ValueError);
  });
});

describe("mailing list and IRC", () => {
  it("completes the xen-devel shorthand and keeps the raw text", () => {
    assert.deepEqual(parseMailingList("xen-devel@"), { raw: "xen-devel@", address: "xen-devel@lists.xenproject.org" });
  });
  it("keeps full addresses and unknown shorthands as written", () => {
    assert.equal(parseMailingList("xen-devel@lists.xen.org").address, "xen-devel@lists.xen.org");
    assert.equal(parseMailingList(" some-list@ ").address, "some-list@");
    assert.equal(parseMailingList("Unknown").address, null);
  });
  it("finds the channel", () => {
    assert.deepEqual(parseIrcChannel("#xen-devel"), { raw: "#xen-devel", channel: "#xen-devel" });
    assert.equal(parseIrcChannel("#xendevel on OFTC").channel, "#xendevel");
    assert.equal(parseIrcChannel("none").channel, null);
  });
});

describe("readableText", () => {
  it("says Unknown, 'Not specified, project outcomes' and empty are not specified", () => {
    for (const raw of ["Not specified, project outcomes", "Unknown", "", "\n"]) assert.deepEqual(readableText(raw), { text: "", specified: false });
  });
  it("keeps bullets as '• item' directly under their lead-in", () => {
    assert.deepEqual(readableText("Expected outcome:\n  • Have upstream patches.\n  • benchmark report of with and without."), {
      text: "Expected outcome:\n• Have upstream patches.\n• benchmark report of with and without.",
      specified: true,
    });
  });
  it("keeps paragraph breaks and numbered lists", () => {
    const raw = "Intro line.\n\nExpected Results:\n\n  1. First\n  2. Second\nNice to have: more";
    assert.equal(readableText(raw).text, "Intro line.\n\nExpected Results:\n\n1. First\n2. Second\nNice to have: more");
  });
  it("joins hard-wrapped lines and sentences broken by a blank line", () => {
    assert.equal(readableText("a system-wide maximum\n\npower usage limit. Next.").text, "a system-wide maximum power usage limit. Next.");
    assert.equal(readableText("However,\n\na number of users").text, "However, a number of users");
    assert.equal(readableText("The summariser that\nturns them into a report.").text, "The summariser that turns them into a report.");
  });
  it("does not join after a URL or a finished sentence", () => {
    assert.equal(readableText("found under http://x.org/kdd\n\nkdd allows you").text, "found under http://x.org/kdd\n\nkdd allows you");
    assert.equal(readableText("Done.\n\nthen more").text, "Done.\n\nthen more");
  });
  it("splits numbering written on one line", () => {
    assert.equal(readableText("1. a repo containing a tool; 2. a backtrace").text, "1. a repo containing a tool\n2. a backtrace");
    assert.equal(readableText("1. one thing only").text, "1. one thing only");
  });
  it("keeps an 'Expected outcome:' prefix", () => {
    assert.match(readableText("Expected outcome:\n  • Mainline patches for libxl").text, /^Expected outcome:\n• Mainline patches for libxl$/);
  });
});

describe("links", () => {
  it("collects URLs without trailing punctuation, in order, once", () => {
    const text = "MirageOS (http://openmirage.org) and Kaputt (see http://kaputt.x9c.fr/). Again http://openmirage.org.";
    assert.deepEqual(extractLinks(text), [
      { url: "http://openmirage.org", label: null },
      { url: "http://kaputt.x9c.fr/", label: null },
    ]);
  });
  it("turns bare wiki cross-references into wiki links labelled as shown", () => {
    assert.deepEqual(extractLinks("for both. GSoC_2013#powerclamp-for-xen"), [
      { url: "https://wiki.xenproject.org/wiki/GSoC_2013#powerclamp-for-xen", label: "GSoC_2013#powerclamp-for-xen" },
    ]);
    assert.deepEqual(extractLinks("alloc_page_on_any_node() and foo_bar"), []);
  });
  it("finds 'X wiki page' mentions", () => {
    assert.deepEqual(wikiPageMentions("Before to submit patches, please look at Submitting Xen Patches wiki page."), ["Submitting Xen Patches"]);
    assert.deepEqual(wikiPageMentions("Please see XenRepositories wiki page!"), ["XenRepositories"]);
  });
});
