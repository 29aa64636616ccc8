import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isPlaceholderEmail, parseContacts } from "../../../src/projects/fields/contacts.js";
import { groupPeople, type ProjectMention } from "../../../src/projects/fields/people.js";

describe("parseContacts", () => {
  it("reads one person with an address", () => {
    assert.deepEqual(parseContacts("Konrad Rzeszutek Wilk <konrad.wilk@oracle.com>"), [
      { name: "Konrad Rzeszutek Wilk", email: "konrad.wilk@oracle.com", emailPattern: null },
    ]);
  });
  it("reads two people joined by a comma", () => {
    assert.deepEqual(parseContacts("Konrad Rzeszutek Wilk <konrad.wilk@oracle.com>, Dario Faggioli <dario.faggioli@citrix.com>"), [
      { name: "Konrad Rzeszutek Wilk", email: "konrad.wilk@oracle.com", emailPattern: null },
      { name: "Dario Faggioli", email: "dario.faggioli@citrix.com", emailPattern: null },
    ]);
  });
  it("reads people joined by 'and' and '&', with and without addresses", () => {
    assert.deepEqual(parseContacts("Lena Park and Tomas Berg <tomas.berg@xen-tooling.org>"), [
      { name: "Lena Park", email: null, emailPattern: null },
      { name: "Tomas Berg", email: "tomas.berg@xen-tooling.org", emailPattern: null },
    ]);
    assert.deepEqual(
      parseContacts("A One <a@one.org> & B Two, C Three and D Four").map((m) => m.name),
      ["A One", "B Two", "C Three", "D Four"],
    );
  });
  it("never joins two people into one: a wrapped line, '/', 'or', or one address after another", () => {
    const ian = { name: "Ian Jackson", email: "ian.jackson@eu.citrix.com", emailPattern: null };
    const wei = { name: "Wei Liu", email: "wei.liu2@citrix.com", emailPattern: null };
    for (const line of [
      "Ian Jackson <ian.jackson@eu.citrix.com>\nWei Liu <wei.liu2@citrix.com>",
      "Ian Jackson <ian.jackson@eu.citrix.com> Wei Liu <wei.liu2@citrix.com>",
      "Ian Jackson <ian.jackson@eu.citrix.com> / Wei Liu <wei.liu2@citrix.com>",
      "Ian Jackson <ian.jackson@eu.citrix.com> or Wei Liu <wei.liu2@citrix.com>",
      "Ian Jackson <ian.jackson@eu.citrix.com> and Wei Liu <wei.liu2@citrix.com>",
    ]) {
      assert.deepEqual(parseContacts(line), [ian, wei], JSON.stringify(line));
    }
    // An affiliation after the address stays with its person.
    assert.deepEqual(parseContacts("Ian Jackson <ian.jackson@eu.citrix.com> (Citrix)"), [ian]);
  });
  it("reads a name alone", () => {
    assert.deepEqual(parseContacts("Ian Campbell"), [{ name: "Ian Campbell", email: null, emailPattern: null }]);
  });
  it("keeps a placeholder address as a pattern, not an address", () => {
    assert.deepEqual(parseContacts("Dave Scott <first.last@citrix.com>"), [
      { name: "Dave Scott", email: null, emailPattern: "first.last@citrix.com" },
    ]);
  });
  it("gives nobody for Unknown and empty", () => {
    assert.deepEqual(parseContacts("Unknown"), []);
    assert.deepEqual(parseContacts(""), []);
  });
  it("reads addresses in parentheses, bare, or spelled out", () => {
    assert.deepEqual(parseContacts("Jan Beulich (jbeulich@suse.com)"), [{ name: "Jan Beulich", email: "jbeulich@suse.com", emailPattern: null }]);
    assert.deepEqual(parseContacts("anil at recoil dot org"), [{ name: "anil@recoil.org", email: "anil@recoil.org", emailPattern: null }]);
    assert.deepEqual(parseContacts("wei.liu@xen.org"), [{ name: "Wei Liu", email: "wei.liu@xen.org", emailPattern: null }]);
  });
});

describe("isPlaceholderEmail", () => {
  it("recognises templates made of placeholder words or domains", () => {
    for (const a of ["first.last@citrix.com", "firstname.lastname@suse.com", "name@domain.com", "user@example.org", "you@example.com", "First_Last@xen.org"]) {
      assert.equal(isPlaceholderEmail(a), true, a);
    }
  });
  it("leaves real addresses alone", () => {
    for (const a of ["andrew.cooper3@citrix.com", "anil@recoil.org", "first.aid@redcross.org", "lastname@x.org".replace("lastname", "lars"), "john@zultron.com"]) {
      assert.equal(isPlaceholderEmail(a), false, a);
    }
  });
});

describe("groupPeople", () => {
  const m = (name: string, email: string | null, projectId: string, emailPattern: string | null = null): ProjectMention => ({ name, email, emailPattern, projectId });

  it("merges two names under one address, naming the person by the fullest form", () => {
    const { people, idOf } = groupPeople([
      m("Andrew Cooper", "andrew.cooper3@citrix.com", "firmware-hvm"),
      m("Andy Cooper", "andrew.cooper3@citrix.com", "cpu-ram-pci-diagram"),
    ]);
    assert.deepEqual(people, [
      { id: "andrew-cooper", name: "Andrew Cooper", aliases: ["Andy Cooper"], email: "andrew.cooper3@citrix.com", emailPattern: null, projects: ["firmware-hvm", "cpu-ram-pci-diagram"] },
    ]);
    assert.deepEqual(idOf, ["andrew-cooper", "andrew-cooper"]);
  });
  it("merges the same name with and without an address", () => {
    const { people } = groupPeople([m("Lena Park", null, "a"), m("Lena Park", "lena@park.org", "b")]);
    assert.equal(people.length, 1);
    assert.equal(people[0]!.email, "lena@park.org");
    assert.deepEqual(people[0]!.projects, ["a", "b"]);
  });
  it("does not merge people who share only an address pattern", () => {
    const { people } = groupPeople([m("Dave Scott", null, "a", "first.last@citrix.com"), m("Jon Ludlam", null, "b", "first.last@citrix.com")]);
    assert.deepEqual(people.map((p) => p.id), ["dave-scott", "jon-ludlam"]);
  });
  it("slugs accented names and keeps ids from a previous store", () => {
    const first = groupPeople([m("Roger Pau Monné", "roger.pau@citrix.com", "hotplug-scripts")]);
    assert.equal(first.people[0]!.id, "roger-pau-monne");
    const renamed = { ...first.people[0]!, id: "roger" };
    assert.equal(groupPeople([m("Roger Pau Monne", "roger.pau@citrix.com", "x")], [renamed]).people[0]!.id, "roger");
  });
  it("de-duplicates ids of different people with the same slug", () => {
    const { people } = groupPeople([m("Wei Liu", "wei.liu2@citrix.com", "a"), m("Wei  Liu", "other@x.org", "b")]);
    // Same name slug: the page gives no way to tell them apart, so they are one person.
    assert.equal(people.length, 1);
  });
});
