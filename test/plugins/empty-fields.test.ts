// A field the page leaves empty reads "not given", never as nothing ("Mailing list:  · IRC: "),
// in !contact and in a project's full text.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ask, testBot } from "../support/bot.js";
import { fixtureProject, fixtureStore, writeFixtureStore } from "../support/store-fixture.js";

describe("empty mailing list and IRC channel", async () => {
  const data = fixtureStore();
  data.projects[0] = fixtureProject("alpha", "Alpha scheduler work", { mailingList: { raw: "", address: null }, ircChannel: { raw: "", channel: null } });
  const bot = await testBot({ store: await writeFixtureStore(data) });

  it("!contact says not given", async () => {
    const a = await ask(bot, "!contact alpha");
    assert.match(a.text, /Mailing list: not given · IRC: not given/);
  });

  it("!project full says not given", async () => {
    const a = await ask(bot, "!project alpha full");
    assert.match(a.text, /Mailing list: not given · IRC: not given · Added: 2013-01-22/);
  });

  it("a given list and channel read as before", async () => {
    const a = await ask(bot, "!contact beta");
    assert.match(a.text, /Mailing list: xen-devel@ · IRC: #xen-devel/);
  });
});
