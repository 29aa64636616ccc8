// Natural-question cases (test/fixtures/public/nl-queries.json, test/bench/nl-heldout.json) and
// how an answer is judged: case-insensitive; every "all", at least one "any", none of "none"
// nor of the file's generic_none. Shared by the test that runs the public cases and the bench.
import { readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod/v3";
import { REPO_ROOT } from "./bot.js";

const CaseSchema = z.object({ q: z.string().min(1), any: z.array(z.string()).optional(), all: z.array(z.string()).optional(), none: z.array(z.string()).optional() });
const FileSchema = z.object({ about: z.string(), generic_none: z.array(z.string()).default([]), queries: z.array(CaseSchema).min(1) });
export type NlCase = z.infer<typeof CaseSchema>;
export type NlFile = z.infer<typeof FileSchema>;

export const PUBLIC_NL = path.join(REPO_ROOT, "test/fixtures/public/nl-queries.json");
export const HELDOUT_NL = path.join(REPO_ROOT, "test/bench/nl-heldout.json");

export function loadNlCases(file: string): NlFile {
  return FileSchema.parse(JSON.parse(readFileSync(file, "utf8")));
}

/** What is wrong with an answer to a case; empty when it is right. */
export function judge(answer: string, c: NlCase, genericNone: readonly string[]): string[] {
  const a = answer.toLowerCase();
  const has = (s: string) => a.includes(s.toLowerCase());
  const faults: string[] = [];
  for (const s of c.all ?? []) if (!has(s)) faults.push(`lacks "${s}"`);
  if (c.any?.length && !c.any.some(has)) faults.push(`lacks any of ${c.any.map((s) => `"${s}"`).join(", ")}`);
  for (const s of [...(c.none ?? []), ...genericNone]) if (has(s)) faults.push(`contains "${s}"`);
  return faults;
}
