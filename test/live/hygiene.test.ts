// Text hygiene where people meet it: a command with a zero-width space or a bidi override in it
// works, through a real ngircd and through the test homeserver with matrix-js-sdk as the human,
// and the bot's own line never carries a bidi control or an invisible character, whether it
// echoes what was typed or shows a store title that holds them.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import type { StoreFile } from "../../src/projects/schema.js";
import { invisibleIn } from "../support/invisible.js";
import { CHANNEL, startIrcBot, type RunningBot } from "../support/irc-bot.js";
import { skipUnlessServer, startNgircd, type IrcServer } from "../support/irc-servers.js";
import { IrcUser } from "../support/irc-user.js";
import { REAL_STORE, startMatrixBot, type MatrixBot } from "../support/matrix-bot.js";
import { Human } from "../support/matrix-human.js";
import { replyTo } from "../support/matrix-replies.js";
import { TestHomeserver, type ClientEvent } from "../support/homeserver/index.js";
import { fixtureProject } from "../support/store-fixture.js";

/** A title that would reverse the rest of the bot's line, and hide a word joiner. */
const SPOOF_TITLE = "Spoofed \u202etitle\u202c with a hidden\u200b\u2066 word";

/** The real store plus one project whose title holds bidi and zero-width characters, in `dir`. */
function storeWithSpoof(dir: string): string {
  const data = JSON.parse(readFileSync(REAL_STORE, "utf8")) as StoreFile;
  data.projects.push(fixtureProject("spoof", SPOOF_TITLE, { contacts: { raw: "", people: [] } }));
  const file = path.join(dir, "projects.json");
  writeFileSync(file, JSON.stringify(data));
  return file;
}

describe("text hygiene on IRC (ngircd)", { skip: skipUnlessServer("ngircd") }, () => {
  let server: IrcServer;
  let running: RunningBot;
  let alice: IrcUser;
  let stateDir: string;

  before(async () => {
    server = await startNgircd({ noPenalty: true });
    stateDir = mkdtempSync(path.join(os.tmpdir(), "xenbot-hygiene-"));
    storeWithSpoof(stateDir); // startIrcBot serves state_dir/projects.json when it is there
    running = await startIrcBot(server, { stateDir });
    alice = await IrcUser.connect(server, "alice");
    await alice.join(CHANNEL);
  });

  after(async () => {
    await running?.stop();
    alice?.close();
    await server?.stop();
    rmSync(stateDir, { recursive: true, force: true });
  });

  async function answer(text: string, target = CHANNEL): Promise<string> {
    const since = alice.mark();
    alice.say(target === CHANNEL ? CHANNEL : "xenbot", text);
    const [line] = await alice.waitForMessages("xenbot", 1, { since });
    assert.equal(invisibleIn(line!.raw), null, `the bot's line carries ${invisibleIn(line!.raw)}: ${JSON.stringify(line!.raw)}`);
    return line!.text.replace(/[\x02\x0f\x1d]/g, "");
  }

  it("answers !pro\\u200bject kdd with the card, in the channel and in a query", async () => {
    assert.match(await answer("!pro\u200bject kdd"), /^alice: KDD \(Windows Debugger Stub\)/);
    assert.match(await answer("pro\u200bject kdd", "xenbot"), /^KDD \(Windows Debugger Stub\)/);
  });

  it("echoes !project \\u202eevil name without the override", async () => {
    const text = await answer("!project \u202eevil name");
    assert.match(text, /^alice: No project matches "evil name"/);
  });

  it("shows a store title that holds bidi and zero-width characters without them", async () => {
    assert.match(await answer("!project spoof"), /^alice: Spoofed title with a hidden word \(spoof\)/);
  });
});

describe("text hygiene on Matrix (test homeserver, matrix-js-sdk)", () => {
  let hs: TestHomeserver;
  let bot: MatrixBot;
  let alice: Human;
  let room: string;
  let dir: string;

  before(async () => {
    hs = await TestHomeserver.start();
    dir = mkdtempSync(path.join(os.tmpdir(), "xenbot-hygiene-"));
    const botUser = hs.registerUser("xenbot");
    alice = await Human.login(hs, "alice");
    await alice.start();
    bot = await startMatrixBot(hs, { user: botUser, store: storeWithSpoof(dir), matrix: { allowed_inviters: [alice.userId] } });
    await bot.waitForState("connected");
    room = await alice.createRoom({ name: "xen-devel", invite: [botUser.userId] });
    await hs.waitFor(() => hs.membership(room, botUser.userId) === "join", 10_000, "bot joined");
  });

  after(async () => {
    await bot?.stop();
    alice?.stop();
    await hs?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function answer(text: string): Promise<ClientEvent> {
    const asked = await alice.say(room, text);
    const ev = await hs.waitForEvent(room, (e) => e.sender === bot.userId() && replyTo(e) === asked);
    for (const field of ["body", "formatted_body"]) {
      const value = String(ev.content[field]);
      assert.equal(invisibleIn(value), null, `the ${field} carries ${invisibleIn(value)}: ${JSON.stringify(value.slice(0, 200))}`);
    }
    return ev;
  }

  it("answers !pro\\u200bject kdd with the card", async () => {
    assert.match(String((await answer("!pro\u200bject kdd")).content.body), /^KDD \(Windows Debugger Stub\)/);
  });

  it("echoes !project \\u202eevil name without the override, in the body and the HTML", async () => {
    const ev = await answer("!project \u202eevil name");
    assert.match(String(ev.content.body), /^No project matches "evil name"/);
    assert.match(String(ev.content.formatted_body), /^No project matches &quot;evil name&quot;/);
  });

  it("shows a store title that holds bidi and zero-width characters without them", async () => {
    const ev = await answer("!project spoof");
    assert.match(String(ev.content.body), /^Spoofed title with a hidden word \(spoof\)/);
    assert.match(String(ev.content.formatted_body), /<b>Spoofed title with a hidden word<\/b>/);
  });
});
