// data/project-areas.json, the reviewed table of which MAINTAINERS sections cover each project's
// area: every project of the store is in it, and every section it names is in MAINTAINERS.
import assert from "node:assert/strict";
import path from "node:path";
import { describe, it } from "node:test";
import { readMaintainersFile } from "../../../src/maintainers/maintainers-file.js";
import { readProjectAreas } from "../../../src/maintainers/project-areas.js";
import { readStoreFile } from "../../../src/store/store-file.js";
import { REAL_STORE, REPO_ROOT } from "../../support/bot.js";

describe("project areas", () => {
  it("lists every project once, and names only sections MAINTAINERS has", async () => {
    const [areas, data, store] = await Promise.all([
      readProjectAreas(path.join(REPO_ROOT, "data/project-areas.json")),
      readMaintainersFile(path.join(REPO_ROOT, "data/maintainers.json")),
      readStoreFile(REAL_STORE),
    ]);
    const sections = new Set(data.sections.map((s) => s.name));
    assert.deepEqual(areas.projects.map((a) => a.project).sort(), store.projects.map((p) => p.id).sort());
    for (const a of areas.projects) for (const s of a.sections) assert.ok(sections.has(s), `${a.project}: "${s}" is a section of MAINTAINERS`);
    const of = (id: string) => areas.projects.find((a) => a.project === id)!.sections;
    assert.deepEqual(of("kdd"), ["KDD DEBUGGER"]);
    assert.deepEqual(of("scheduling-parameters"), ["SCHEDULING"]);
    assert.equal(of("ovmf-csm")[0], "OVMF UPSTREAM");
    assert.deepEqual(of("hotplug-scripts"), ["TOOLSTACK"]);
  });
});
