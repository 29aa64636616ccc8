// Where xenbot's own files are, whether it runs from dist/ (npm start, npx xenbot) or from
// src/ through tsx (tests).
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

let cached: string | null = null;

/** The directory holding xenbot's package.json. */
export function packageRoot(): string {
  if (cached) return cached;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = path.join(dir, "package.json");
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, "utf8")) as { name?: string }).name === "xenbot") return (cached = dir);
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error("cannot find xenbot's package.json above " + fileURLToPath(import.meta.url));
    dir = parent;
  }
}

/** The version in xenbot's package.json (`xenbot --version`). */
export function packageVersion(): string {
  return (JSON.parse(readFileSync(path.join(packageRoot(), "package.json"), "utf8")) as { version: string }).version;
}

export function bundledStorePath(): string {
  return path.join(packageRoot(), "data", "projects.json");
}

/** The copy of the wiki page the bundled store is built from (see data/sources/README.md). */
export function bundledPagePath(): string {
  return path.join(packageRoot(), "data", "sources", "xen-development-projects.txt");
}

/** xen.git's MAINTAINERS as bundled (see data/sources/README.md). */
export function bundledMaintainersSourcePath(): string {
  return path.join(packageRoot(), "data", "sources", "xen-MAINTAINERS");
}

/** The file list of the same xen.git commit, one path a line. */
export function bundledTreeListPath(): string {
  return path.join(packageRoot(), "data", "sources", "xen-tree-files.txt");
}

/** Commit and date of each bundled source, known by its sha256. */
export function bundledProvenancePath(): string {
  return path.join(packageRoot(), "data", "sources", "provenance.json");
}

/** The maintainers data the bot serves unless the config names another. */
export function bundledMaintainersPath(): string {
  return path.join(packageRoot(), "data", "maintainers.json");
}

/** The reviewed table of which MAINTAINERS sections cover each project's area. */
export function bundledProjectAreasPath(): string {
  return path.join(packageRoot(), "data", "project-areas.json");
}
