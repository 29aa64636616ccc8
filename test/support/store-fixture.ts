// A small valid store, written by hand, for tests of the store and core that must not depend
// on the importer. Real-data tests use data/projects.json.
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Project, StoreFile } from "../../src/projects/schema.js";

export function fixtureProject(id: string, title: string, extra: Partial<Project> = {}): Project {
  return {
    id,
    title,
    category: "Hypervisor",
    inserted: { raw: "01/22/2013", iso: "2013-01-22", readings: ["2013-01-22"], ambiguous: false, year: 2013 },
    verified: { raw: "Not updated in 2020", iso: null, readings: [], ambiguous: false, year: 2020, stale: true },
    gsoc: { raw: "Yes", value: "yes", reason: null },
    contacts: { raw: "Ada Lovelace <ada@example.org>", people: ["ada-lovelace"] },
    mailingList: { raw: "xen-devel@", address: "xen-devel@" },
    ircChannel: { raw: "#xen-devel", channel: "#xen-devel" },
    difficulty: { raw: "Easy", known: true, min: "easy", max: "easy" },
    skills: { raw: "C", tags: ["C"], specified: true },
    description: { raw: `About ${title}.`, text: `About ${title}.`, specified: true },
    outcomes: { raw: "Not specified, project outcomes", text: "", specified: false },
    links: [],
    keywords: [],
    archived: false,
    sourceLine: 1,
    ...extra,
  };
}

export function fixtureStore(): StoreFile {
  const projects = [fixtureProject("alpha", "Alpha scheduler work"), fixtureProject("beta", "Beta memory tool", { difficulty: { raw: "High", known: true, min: "hard", max: "hard" } })];
  return {
    version: 1,
    source: { title: "Test Projects", file: "test.txt", sha256: "0".repeat(64), importedAt: "2026-01-01T00:00:00.000Z" },
    onboarding: { intro: "Start here.", steps: ["Pick a project.", "Mail the list."], links: [{ url: "https://example.org/list", label: "list" }], notes: [] },
    projects,
    people: [{ id: "ada-lovelace", name: "Ada Lovelace", aliases: [], email: "ada@example.org", emailPattern: null, projects: projects.map((p) => p.id) }],
  };
}

export async function tempDir(prefix = "xenbot-test-"): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), prefix));
}

/** Writes the fixture store to a fresh temp dir; returns the file path. */
export async function writeFixtureStore(data: StoreFile = fixtureStore()): Promise<string> {
  const file = path.join(await tempDir(), "projects.json");
  await fs.writeFile(file, JSON.stringify(data, null, 2));
  return file;
}
