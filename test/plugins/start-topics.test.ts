// !start by topic: where and how to send patches, the mailing list, where people chat. Today's
// venues come from the config (community:); the archived page's words and links are quoted as
// they are and said to be the archive's.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ask, testBot } from "../support/bot.js";

describe("!start topics", async () => {
  const bot = await testBot();

  it("patches: the list they go to, the page's step about them, the page on submitting", async () => {
    const a = await ask(bot, "!start patches");
    assert.match(a.text, /^Patches go to the mailing list xen-devel@lists\.xenproject\.org/);
    assert.match(a.text, /Step 4\/6 of the archived page: Send patches to xen-devel early/);
    assert.match(a.text, /Submitting_Xen_Project_Patches/);
  });

  it("list: today's address and subscription page, beside the archived page's own link", async () => {
    const a = await ask(bot, "!start list");
    assert.match(a.text, /^Mailing list: xen-devel@lists\.xenproject\.org; subscribe and read the archives at https:\/\/lists\.xenproject\.org\/mailman\/listinfo\/xen-devel/);
    assert.match(a.text, /The archived page links its own list page, http:\/\/lists\.xensource\.com\/mailman\/listinfo\/xen-devel/);
  });

  it("chat: the Matrix rooms since 2023 and IRC on OFTC; the page's channel named as the archive's", async () => {
    const a = await ask(bot, "!start chat");
    assert.match(a.text, /on Matrix since September 2023, #XenDevel:matrix\.org \(development\), #XenProject:matrix\.org \(users\), #XenSocial:matrix\.org \(introductions\)/);
    assert.match(a.text, /on IRC, #xendevel on OFTC/);
    assert.match(a.text, /The archived page names #xen-devel\./);
    assert.match((await ask(bot, "!start irc")).text, /#xendevel on OFTC/, "a topic's other words");
  });

  it("shows the venues the config names", async () => {
    const other = await testBot({
      config: { community: { matrix_rooms: [{ room: "#Elsewhere:example.org", purpose: "testing" }], matrix_since: "May 2031", irc: { channel: "#elsewhere", network: "Libera" }, mailing_list: { address: "list@example.org", url: "https://example.org/list" } } },
    });
    assert.match((await ask(other, "!start chat")).text, /since May 2031, #Elsewhere:example\.org \(testing\); on IRC, #elsewhere on Libera/);
    assert.match((await ask(other, "!start patches")).text, /list@example\.org/);
    assert.match((await ask(other, "!start")).text, /Today: the list is list@example\.org/);
  });

  it("keeps the page's steps as written and says they are the archive's", async () => {
    const a = await ask(bot, "!start");
    assert.match(a.text, /the archived page's 6 steps/);
    assert.match(a.text, /backported to stable branches \(Xen 4\.2, Xen 4\.1, etc\)/);
    assert.match(a.text, /The steps and links above are the archived page's own words\./);
    const step = await ask(bot, "!start 2");
    assert.match(step.text, /Today: Mailing list: xen-devel@lists\.xenproject\.org/);
  });

  it("refuses anything else with the steps and topics", async () => {
    const a = await ask(bot, "!start banana");
    assert.equal(a.status, "usage");
    assert.match(a.text, /topics are patches, list and chat/);
  });
});
