// The one reader of JSON state files: missing, corrupt (moved aside), not of the schema, good.
import assert from "node:assert/strict";
import { promises as fs } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { pino } from "pino";
import { z } from "zod/v3";
import { readJsonState } from "../../../src/state/json-file.js";
import { tempDir } from "../../support/store-fixture.js";

function capture() {
  const records: Array<Record<string, unknown>> = [];
  const logger = pino({ level: "debug" }, { write: (line: string) => void records.push(JSON.parse(line) as Record<string, unknown>) });
  return { logger, records };
}

const Schema = z.object({ version: z.literal(1), items: z.array(z.string()) });

describe("readJsonState", () => {
  it("reads a missing file as no state, silently", async () => {
    const { logger, records } = capture();
    assert.equal(await readJsonState(path.join(await tempDir(), "none.json"), { logger, corruptMessage: "bad" }), null);
    assert.equal(records.length, 0);
  });

  it("moves a file that is not JSON aside, warns with the caller's message and fields, reads no state", async () => {
    const dir = await tempDir();
    const file = path.join(dir, "s.json");
    await fs.writeFile(file, "{ torn");
    const { logger, records } = capture();
    assert.equal(await readJsonState(file, { logger, corruptMessage: "s is not JSON", logFields: { transport: "t" } }), null);
    const [aside] = await fs.readdir(dir);
    assert.match(aside!, /^s\.json\.corrupt-\d+$/);
    assert.equal(await fs.readFile(path.join(dir, aside!), "utf8"), "{ torn");
    assert.equal(records.length, 1);
    assert.equal(records[0]!.msg, "s is not JSON");
    assert.equal(records[0]!.transport, "t");
    assert.equal(records[0]!.movedTo, path.join(dir, aside!));
  });

  it("reads a value of the wrong shape as no state, with a warning, and leaves the file", async () => {
    const file = path.join(await tempDir(), "s.json");
    await fs.writeFile(file, JSON.stringify({ version: 2 }));
    const { logger, records } = capture();
    assert.equal(await readJsonState(file, { logger, corruptMessage: "bad", schema: Schema, invalidMessage: "s is not valid" }), null);
    assert.equal(records[0]!.msg, "s is not valid");
    assert.equal(await fs.readFile(file, "utf8"), JSON.stringify({ version: 2 }));
  });

  it("returns the value, validated when a schema is given", async () => {
    const file = path.join(await tempDir(), "s.json");
    await fs.writeFile(file, JSON.stringify({ version: 1, items: ["a"] }));
    const { logger } = capture();
    assert.deepEqual(await readJsonState(file, { logger, corruptMessage: "bad", schema: Schema }), { version: 1, items: ["a"] });
    assert.deepEqual(await readJsonState(file, { logger, corruptMessage: "bad" }), { version: 1, items: ["a"] });
  });
});
