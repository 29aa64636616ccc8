// The map of the code, checked: rooms (folders and top-level modules) sit on floors, and an
// import may only go to the same floor or a lower one; no module imports itself through a circle
// (type-only imports count); plugins reach src/ through one module; only the transports load the
// protocol libraries; no file grows past 400 lines. See docs/architecture.md.
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { REPO_ROOT } from "../support/bot.js";

/** Top floor first. A room is a top-level module of src/ or a folder of src/ (or plugins/). */
const FLOORS: string[][] = [
  ["src/cli.ts"],
  ["src/runtime.ts", "src/check.ts", "src/reload.ts", "src/signals.ts"],
  ["src/app.ts"],
  ["src/transports", "plugins", "src/ops"],
  ["src/bot", "src/plugin-api.ts"],
  ["src/config.ts", "src/core", "src/import"],
  ["src/search", "src/store", "src/maintainers"],
  ["src/log.ts", "src/paths.ts", "src/state", "src/projects", "src/zod-issues.ts", "src/vendor"],
];

const MAX_LINES = 400;

function walk(dir: string): string[] {
  if (!existsSync(path.join(REPO_ROOT, dir))) return [];
  return readdirSync(path.join(REPO_ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(REPO_ROOT, path.join(e.parentPath, e.name)));
}

const sources = [...walk("src"), ...walk("plugins")].filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"));

function roomOf(file: string): string {
  const parts = file.split(path.sep);
  if (parts[0] === "plugins") return "plugins";
  return parts.length === 2 ? file : `${parts[0]}/${parts[1]}`;
}

function floorOf(file: string): number {
  const room = roomOf(file);
  const floor = FLOORS.findIndex((rooms) => rooms.includes(room));
  assert.ok(floor >= 0, `${file}: its room ${room} is on no floor (add it to FLOORS and docs/architecture.md)`);
  return floor;
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)|import\s*["']([^"']+)["']/g;

/** Every import of a file: relative ones resolved to repository paths, packages by name. */
function importsOf(file: string): { local: string[]; packages: string[] } {
  const text = readFileSync(path.join(REPO_ROOT, file), "utf8");
  const local: string[] = [];
  const packages: string[] = [];
  for (const m of text.matchAll(IMPORT)) {
    const spec = m[1] ?? m[2] ?? m[3]!;
    if (!spec.startsWith(".")) {
      packages.push(spec);
      continue;
    }
    const target = path.normalize(path.join(path.dirname(file), spec)).replace(/\.js$/, ".ts");
    local.push(existsSync(path.join(REPO_ROOT, target)) ? target : path.join(target, "index.ts"));
  }
  return { local, packages };
}

const graph = new Map(sources.map((f) => [f, importsOf(f)]));

describe("the map of the code", () => {
  it("imports go to the same floor or down, never up", () => {
    const upward: string[] = [];
    for (const [file, { local }] of graph) {
      for (const target of local) if (floorOf(target) < floorOf(file)) upward.push(`${file} → ${target}`);
    }
    assert.deepEqual(upward, []);
  });

  it("no module imports itself through a circle", () => {
    const state = new Map<string, "open" | "done">();
    const circles: string[] = [];
    const visit = (file: string, trail: string[]): void => {
      if (state.get(file) === "done") return;
      if (state.get(file) === "open") {
        circles.push([...trail.slice(trail.indexOf(file)), file].join(" → "));
        return;
      }
      state.set(file, "open");
      for (const next of graph.get(file)?.local ?? []) visit(next, [...trail, file]);
      state.set(file, "done");
    };
    for (const file of graph.keys()) visit(file, []);
    assert.deepEqual(circles, []);
  });

  it("plugins import src/ through src/plugin-api.ts only", () => {
    const deep = [...graph].flatMap(([file, { local }]) => (file.startsWith("plugins") ? local.filter((t) => t.startsWith("src") && t !== path.join("src", "plugin-api.ts")).map((t) => `${file} → ${t}`) : []));
    assert.deepEqual(deep, []);
  });

  it("only src/transports/ loads irc-framework and matrix-bot-sdk", () => {
    const outside = [...graph].flatMap(([file, { packages }]) =>
      packages.filter((p) => /^(irc-framework|matrix-bot-sdk)(\/|$)/.test(p) && !file.startsWith(path.join("src", "transports"))).map((p) => `${file} → ${p}`),
    );
    assert.deepEqual(outside, []);
  });

  it("only src/ops/ loads prom-client, and runtime loads src/ops/ only on demand", () => {
    const outside = [...graph].flatMap(([file, { packages }]) => packages.filter((p) => p === "prom-client" && !file.startsWith(path.join("src", "ops"))).map((p) => `${file} → ${p}`));
    assert.deepEqual(outside, []);
    const runtime = readFileSync(path.join(REPO_ROOT, "src/runtime.ts"), "utf8");
    const staticOps = [...runtime.matchAll(/^import\s+(?!type\s)[^;]*from\s*["']\.\/ops\//gm)];
    assert.deepEqual(staticOps.map((m) => m[0]), [], "a static import would load prom-client in every bot");
  });

  it(`no file in src/, plugins/ or test/ is over ${MAX_LINES} lines`, () => {
    const files = [...walk("src"), ...walk("plugins"), ...walk("test")].filter((f) => /\.(ts|mjs)$/.test(f));
    const long = files.map((f) => ({ f, n: readFileSync(path.join(REPO_ROOT, f), "utf8").split("\n").length })).filter((x) => x.n > MAX_LINES);
    assert.deepEqual(long.map((x) => `${x.f}: ${x.n} lines`), []);
  });
});
