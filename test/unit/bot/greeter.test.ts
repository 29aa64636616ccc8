import assert from "node:assert/strict";
import { promises as fs } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { Greeter, type GreeterOptions, type JoinEvent } from "../../../src/bot/greeter.js";
import { plainText } from "../../../src/core/rich-text.js";
import { silentLogger } from "../../../src/log.js";
import { tempDir } from "../../support/store-fixture.js";

async function greeter(over: Partial<GreeterOptions> = {}, clock = { t: 1_000_000 }) {
  const stateDir = over.stateDir ?? (await tempDir());
  const g = new Greeter({ rooms: ["#xen-devel", "!room:xen.example"], maxPerMinute: 3, massJoinCount: 5, massJoinWindowMs: 10_000, ignore: ["otherbot"], stateDir, prefix: "!", logger: silentLogger(), now: () => clock.t, ...over });
  return { g, stateDir, clock };
}

const join = (userId: string, over: Partial<JoinEvent> = {}): JoinEvent => ({ transport: "irc", roomId: "#xen-devel", userId, account: null, host: `${userId}.example.net`, botName: "xenbot", ...over });

describe("Greeter", () => {
  it("greets a first join once, pointing to !start and !suggest easy", async () => {
    const { g, clock } = await greeter();
    const first = await g.onJoin(join("alice"));
    assert.ok(first);
    assert.equal(first.delivery, "notice");
    assert.match(plainText(first), /!start.*!suggest easy/);
    clock.t += 60_000;
    assert.equal(await g.onJoin(join("alice")), null);
  });

  it("remembers across restarts", async () => {
    const { g, stateDir } = await greeter();
    assert.ok(await g.onJoin(join("bob", { account: "bobacct" })));
    await g.flush();
    const { g: again } = await greeter({ stateDir });
    assert.equal(await again.onJoin(join("bob_away", { account: "BobAcct", host: "elsewhere" })), null, "same services account, other nick");
    assert.ok(await again.onJoin(join("carol")));
  });

  it("tells people apart by nick and host when there is no account", async () => {
    const { g } = await greeter();
    assert.ok(await g.onJoin(join("dave", { host: "a.example" })));
    assert.ok(await g.onJoin(join("dave", { host: "b.example" })));
  });

  it("greets only in configured rooms, and never bots or itself", async () => {
    const { g } = await greeter();
    assert.equal(await g.onJoin(join("erin", { roomId: "#offtopic" })), null);
    assert.equal(await g.onJoin(join("xenbot")), null);
    assert.equal(await g.onJoin(join("OtherBot")), null);
    assert.equal(await g.onJoin(join("ChanServ")), null);
    assert.equal(await g.onJoin(join("@helperbot:xen.example", { transport: "matrix", roomId: "!room:xen.example" })), null);
    assert.ok(await g.onJoin(join("@frank:xen.example", { transport: "matrix", roomId: "!room:xen.example", account: "@frank:xen.example" })));
  });

  it("stays quiet after a netsplit and during a mass join of 20 users in a second", async () => {
    const { g, clock } = await greeter();
    assert.equal(await g.onJoin(join("gina", { afterNetsplit: true })), null);
    let greeted = 0;
    for (let i = 0; i < 20; i++) {
      clock.t += 50;
      if (await g.onJoin(join(`user${i}`))) greeted++;
    }
    assert.ok(greeted <= 3, `greeted ${greeted}, throttle is 3 a minute`);
  });

  it("throttles to the configured rate, and greets the held-back later", async () => {
    const { g, clock } = await greeter({ massJoinCount: 100 });
    const results: boolean[] = [];
    for (let i = 0; i < 5; i++) {
      clock.t += 1_000;
      results.push(Boolean(await g.onJoin(join(`slow${i}`))));
    }
    assert.deepEqual(results, [true, true, true, false, false]);
    clock.t += 61_000;
    assert.ok(await g.onJoin(join("slow3")), "not greeted before, so greeted now");
  });

  it("keeps greeting when the state directory cannot be written", async () => {
    const dir = await tempDir();
    const blocker = path.join(dir, "file");
    await fs.writeFile(blocker, "");
    const { g } = await greeter({ stateDir: blocker });
    assert.ok(await g.onJoin(join("hank")));
    await g.flush();
    assert.equal(await g.onJoin(join("hank")), null, "remembered in memory");
  });

  it("moves a greeted list that is not JSON aside and starts a new one", async () => {
    const stateDir = await tempDir();
    await fs.writeFile(path.join(stateDir, "greeted.json"), "{ torn");
    const { g } = await greeter({ stateDir });
    assert.ok(await g.onJoin(join("ivy")));
    await g.flush();
    const files = await fs.readdir(stateDir);
    assert.ok(files.some((f) => f.startsWith("greeted.json.corrupt-")), "the bad list is kept aside");
    assert.deepEqual(JSON.parse(await fs.readFile(path.join(stateDir, "greeted.json"), "utf8")).greeted, ["irc:mask:ivy@ivy.example.net"]);
  });
});
