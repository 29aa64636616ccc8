// The bot as production runs it, for benchmarks that measure a bot process: plain JavaScript on
// plain node, not under tsx (whose loader alone costs ~40 MB of RSS). Transpiles src/, plugins/
// and a child script into a temp tree that links the repo's node_modules; type checking is
// `npm test`'s job, not the bench's.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/**
 * `childScript` is relative to this repo ("test/bench/bot-child.ts"); src/ and plugins/ come from
 * `sourceRepo` (default this one; a "before" worktree to compare). Returns the temp dir and the
 * child's .js path.
 */
export function transpileBot(childScript: string, sourceRepo: string = REPO): { dir: string; child: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), "xenbot-bench-js-"));
  const sources = ["src", "plugins"].flatMap((top) => readdirSync(path.join(sourceRepo, top), { recursive: true }).map((f) => [sourceRepo, path.join(top, String(f))] as const));
  for (const [root, rel] of [...sources, [REPO, childScript] as const]) {
    if (rel.endsWith(".d.ts") || !/\.(ts|js|json)$/.test(rel)) continue;
    const out = path.join(dir, rel.replace(/\.ts$/, ".js"));
    mkdirSync(path.dirname(out), { recursive: true });
    const body = readFileSync(path.join(root, rel), "utf8");
    if (!rel.endsWith(".ts")) {
      writeFileSync(out, body);
      continue;
    }
    const js = ts.transpileModule(body, { fileName: rel, compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, esModuleInterop: true } });
    writeFileSync(out, js.outputText);
  }
  // A package named xenbot with the bundled data beside it, so its cli.js finds its store as an
  // installed one does.
  writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "xenbot", type: "module" }));
  symlinkSync(path.join(REPO, "node_modules"), path.join(dir, "node_modules"), "dir");
  symlinkSync(path.join(sourceRepo, "data"), path.join(dir, "data"), "dir");
  return { dir, child: path.join(dir, childScript.replace(/\.ts$/, ".js")) };
}
