// Loading data/maintainers.json beside the store: a missing or broken file stops the bot with one
// clear message naming the file, as a broken store does, and is never touched.
import assert from "node:assert/strict";
import { promises as fs } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { MaintainersFileError, readMaintainersFile } from "../../../src/maintainers/maintainers-file.js";
import { testBot } from "../../support/bot.js";
import { tempDir } from "../../support/store-fixture.js";

async function fault(file: string): Promise<string> {
  try {
    await readMaintainersFile(file);
  } catch (err) {
    assert.ok(err instanceof MaintainersFileError, String(err));
    assert.equal(err.file, file);
    return err.message;
  }
  assert.fail("expected a MaintainersFileError");
}

describe("the maintainers file", () => {
  it("names the file and the fault: missing, empty, not JSON, not UTF-8, not of the schema", async () => {
    const dir = await tempDir();
    const f = (name: string) => path.join(dir, name);
    assert.match(await fault(f("none.json")), /maintainers file .*none\.json: not found \(build it with `xenbot import-maintainers`\)/);
    await fs.writeFile(f("empty.json"), "  \n");
    assert.match(await fault(f("empty.json")), /is empty/);
    await fs.writeFile(f("cut.json"), '{"version":1,"sou');
    assert.match(await fault(f("cut.json")), /is not valid JSON/);
    await fs.writeFile(f("latin1.json"), Buffer.from([0x7b, 0xe9, 0x7d]));
    assert.match(await fault(f("latin1.json")), /not valid UTF-8/);
    await fs.writeFile(f("wrong.json"), JSON.stringify({ version: 1, sections: [] }));
    assert.match(await fault(f("wrong.json")), /does not match the maintainers schema: source: /);
    await fs.mkdir(f("dir.json"));
    assert.match(await fault(f("dir.json")), /is a directory/);
  });

  it("a bot on a broken maintainers file does not start, and the file is left as it was", async () => {
    const dir = await tempDir();
    const file = path.join(dir, "maintainers.json");
    await fs.writeFile(file, '{"version":1,');
    await assert.rejects(testBot({ config: { maintainers: file } }), (err: unknown) => err instanceof MaintainersFileError && err.message.includes(file));
    assert.equal(await fs.readFile(file, "utf8"), '{"version":1,');
  });
});
