// The Matrix state's journal: a batch's token and handled ids are on disk after commit() alone,
// a restart reads them back, a line torn by a crash is ignored, and a full save empties it.
import assert from "node:assert/strict";
import { promises as fs } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { silentLogger } from "../../../../src/log.js";
import { MatrixState } from "../../../../src/transports/matrix/state.js";
import { tempStateDir } from "../../../support/matrix-bot.js";

describe("Matrix state journal", () => {
  it("a commit alone survives a crash: the token and the handled ids are read back", async () => {
    const dir = await tempStateDir();
    const s = await MatrixState.open(dir, silentLogger());
    s.bindUser("@bot:x.org");
    await s.save();
    s.markHandled("$a");
    s.setSyncToken("t1");
    s.commit();
    s.markHandled("$b");
    s.setSyncToken("t2");
    s.commit();
    // No save(): as if the process died here.
    const again = await MatrixState.open(dir, silentLogger());
    again.bindUser("@bot:x.org");
    assert.equal(again.syncToken, "t2");
    assert.ok(again.isHandled("$a") && again.isHandled("$b"));
  });

  it("ignores a torn last line, and a full save empties the journal", async () => {
    const dir = await tempStateDir();
    const s = await MatrixState.open(dir, silentLogger());
    s.bindUser("@bot:x.org");
    await s.save(); // state.json names the account (the first batch's saveSoon does it)
    s.markHandled("$a");
    s.setSyncToken("t1");
    s.commit();
    const journal = path.join(dir, "state.journal");
    await fs.appendFile(journal, '{"seq":2,"sync_token":"t2","hand');
    const again = await MatrixState.open(dir, silentLogger());
    assert.equal(again.syncToken, "t1");
    again.bindUser("@bot:x.org");
    assert.equal(again.syncToken, "t1", "the same account keeps it");
    await again.save();
    assert.equal(await fs.readFile(journal, "utf8"), "", "state.json holds it all now");
    const third = await MatrixState.open(dir, silentLogger());
    assert.equal(third.syncToken, "t1");
    assert.ok(third.isHandled("$a"));
  });

  it("entries already in state.json are not applied again over a newer token", async () => {
    const dir = await tempStateDir();
    const s = await MatrixState.open(dir, silentLogger());
    s.bindUser("@bot:x.org");
    await s.save();
    s.setSyncToken("t1");
    s.commit();
    // A journal line state.json already includes (seq 1), left behind by a crash before clearing.
    const line = await fs.readFile(path.join(dir, "state.journal"), "utf8");
    s.setSyncToken("t2");
    await s.save();
    await fs.writeFile(path.join(dir, "state.journal"), line);
    const again = await MatrixState.open(dir, silentLogger());
    assert.equal(again.syncToken, "t2");
  });

  it("a commit before the first save makes the state directory", async () => {
    const dir = path.join(await tempStateDir(), "matrix");
    const s = await MatrixState.open(dir, silentLogger());
    s.bindUser("@bot:x.org");
    s.setSyncToken("t1");
    s.commit();
    assert.match(await fs.readFile(path.join(dir, "state.journal"), "utf8"), /"sync_token":"t1"/);
  });

  it("commits nothing when nothing changed", async () => {
    const dir = await tempStateDir();
    const s = await MatrixState.open(dir, silentLogger());
    s.commit();
    await assert.rejects(fs.readFile(path.join(dir, "state.journal")), { code: "ENOENT" });
  });
});
