// Which projects fit what `!suggest` was asked, and why: several skills mean "any of them",
// ranked by how many match; a skill no project carries as a tag is looked for in the projects'
// text instead; a level nothing fits is relaxed one step, then dropped, and the answer says so.
import { escapeRegExp, foldWord, type Level, LEVELS, type Project, type SkillAsk } from "../src/plugin-api.js";
import { difficultyLabel } from "./format.js";
import { difficultyIncludes } from "./project-filters.js";

export interface Ask {
  levels: Level[];
  gsoc: boolean;
  skills: SkillAsk[];
}

export interface Fit {
  project: Project;
  /** Asks met by a tag, with the project's tags that met them. */
  byTag: Array<{ ask: SkillAsk; tags: string[] }>;
  /** Asks met only by the project's text, with the word found there ("network" for networking). */
  byText: Array<{ ask: SkillAsk; word: string }>;
  /** A tag counts twice a mention: a tag is the page saying the skill is needed. */
  score: number;
}

const searchable = new WeakMap<Project, string>();

/** Everything the page says about a project, folded for looking words up. */
function textOf(p: Project): string {
  let t = searchable.get(p);
  if (t === undefined) {
    t = foldWord([p.title, p.description.text, p.outcomes.text, p.skills.raw, ...p.keywords].join(" \n "));
    searchable.set(p, t);
  }
  return t;
}

const mentionPatterns = new Map<string, RegExp>();

/** A word start at a word boundary ("network" in "networking"); a short one whole, or plural ("nic", "nics"). */
function mentionPattern(m: string): RegExp {
  let re = mentionPatterns.get(m);
  if (!re) {
    const end = m.length <= 3 ? "s?(?![\\p{L}\\p{N}])" : "";
    re = new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(m)}${end}`, "u");
    mentionPatterns.set(m, re);
  }
  return re;
}

/** The word of the project's text that mentions the ask ("networking" found as "network"), or null. */
export function mentionIn(p: Project, ask: SkillAsk): string | null {
  const t = textOf(p);
  for (const m of ask.mentions) {
    const at = t.search(mentionPattern(foldWord(m)));
    if (at >= 0) return /^[\p{L}\p{N}]+(?:[ -][\p{L}\p{N}]+)?/u.exec(t.slice(at, at + 40))?.[0].split(/[ -]/).slice(0, m.includes(" ") ? 2 : 1).join(" ") ?? m;
  }
  return null;
}

/** How a project meets the skills asked; null when it meets none of several asked. */
export function fitSkills(p: Project, skills: readonly SkillAsk[]): Fit | null {
  const byTag: Fit["byTag"] = [];
  const byText: Fit["byText"] = [];
  for (const ask of skills) {
    const tags = p.skills.tags.filter((t) => ask.tags.includes(t));
    const word = tags.length ? null : mentionIn(p, ask);
    if (tags.length) byTag.push({ ask, tags });
    else if (word) byText.push({ ask, word });
  }
  if (skills.length && byTag.length + byText.length === 0) return null;
  return { project: p, byTag, byText, score: 2 * byTag.length + byText.length };
}

function fitsLevel(p: Project, levels: readonly Level[]): boolean {
  return levels.length === 0 || levels.some((l) => difficultyIncludes(p.difficulty, l));
}

export function fitsAll(projects: readonly Project[], ask: Ask, levels: readonly Level[] = ask.levels): Fit[] {
  return projects
    .filter((p) => fitsLevel(p, levels) && (!ask.gsoc || p.gsoc.value === "yes"))
    .map((p) => fitSkills(p, ask.skills))
    .filter((f): f is Fit => f !== null);
}

/** The levels one step from those asked: easy → medium, medium → easy or hard, hard → medium. */
export function oneStepFrom(levels: readonly Level[]): Level[] {
  const near = new Set<Level>();
  for (const l of levels) {
    const i = LEVELS.indexOf(l);
    for (const j of [i - 1, i + 1]) if (LEVELS[j] && !levels.includes(LEVELS[j]!)) near.add(LEVELS[j]!);
  }
  return LEVELS.filter((l) => near.has(l));
}

/** How an ask reads in a sentence: the tag it names ("ocaml" → "OCaml"), else the word asked ("storage"). */
export function askLabel(ask: SkillAsk): string {
  const tag = ask.tags.length === 1 ? ask.tags[0]! : null;
  return tag && tag.toLowerCase().includes(ask.asked) ? tag : ask.asked;
}

/** Why a project fits, for its line in the answer. */
export function because(fit: Fit, ask: Ask): string {
  const p = fit.project;
  const reasons: string[] = [];
  if (ask.levels.length || p.difficulty.known) reasons.push(`difficulty ${difficultyLabel(p.difficulty)}`);
  const tags = fit.byTag.flatMap((b) => b.tags);
  if (tags.length) reasons.push(`needs ${[...new Set(tags)].join(" and ")}`);
  if (fit.byText.length) reasons.push(`mentions ${fit.byText.map((b) => `"${b.word}"`).join(" and ")}`);
  if (!ask.skills.length && p.skills.tags.length) reasons.push(`skills: ${p.skills.tags.slice(0, 3).join(", ")}`);
  if (ask.gsoc) reasons.push("open to GSoC");
  return reasons.length ? reasons.join("; ") : "no difficulty or skills stated, ask the contact";
}
