// !suggest: up to three fitting projects, each with why it fits, varied between calls so a
// newcomer asking twice sees other projects.
import { code, type Context, editDistance, type Level, type Plugin, type Project, type RichLine, text, UserError } from "../src/plugin-api.js";
import { difficultyLabel, shorten, titleSpans } from "./format.js";
import { difficultyIncludes } from "./project-filters.js";

const LEVEL_WORDS: Record<string, Level> = {
  easy: "easy", beginner: "easy", simple: "easy", low: "easy", starter: "easy", newcomer: "easy",
  medium: "medium", intermediate: "medium", moderate: "medium",
  hard: "hard", difficult: "hard", high: "hard", advanced: "hard",
};

/** Words people put between criteria ("medium to hard", "something in C or OCaml"): not skills. */
const FILLER = new Set(["to", "or", "and", "a", "an", "the", "in", "with", "using", "for", "me", "something", "some", "project", "projects", "skill", "skills", "level"]);

const PICKS = 3;
/** How many recent picks per room to avoid repeating. */
const MEMORY = 6;

interface Criteria {
  /** Levels asked for; "medium to hard" asks for two, and a project fitting either is fine. */
  levels: Level[];
  gsoc: boolean;
  /** Canonical tags the user asked for, each with the word that matched it. */
  skills: string[];
}

/** Matches a user's skill word to the store's tags: exact, a word of the tag, or a small typo. */
export function matchSkill(word: string, tags: readonly string[]): string | null {
  const w = word.toLowerCase();
  const exact = tags.find((t) => t.toLowerCase() === w);
  if (exact) return exact;
  const partOf = tags.find((t) => t.toLowerCase().split(/[\s/-]+/).includes(w));
  if (partOf) return partOf;
  if (w.length < 4) return null;
  return tags.find((t) => editDistance(w, t.toLowerCase(), 1) <= 1) ?? null;
}

function parseCriteria(ctx: Context, tags: readonly string[]): Criteria {
  const criteria: Criteria = { levels: [], gsoc: false, skills: [] };
  const unknown: string[] = [];
  const words = ctx.words.map((w) => w.toLowerCase());
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    const level = LEVEL_WORDS[word];
    if (level) {
      if (!criteria.levels.includes(level)) criteria.levels.push(level);
      continue;
    }
    if (FILLER.has(word)) continue;
    if (word === "gsoc") {
      criteria.gsoc = true;
      continue;
    }
    // Two-word skills first ("linux kernel"), then one word.
    const pair = i + 1 < words.length ? matchSkill(`${word} ${words[i + 1]}`, tags) : null;
    if (pair) {
      criteria.skills.push(pair);
      i++;
      continue;
    }
    const one = matchSkill(word, tags);
    if (one) criteria.skills.push(one);
    else unknown.push(word);
  }
  if (unknown.length) {
    throw new UserError(
      `No project lists "${shorten(unknown.join(" "), 40)}" as a skill. Levels: easy, medium, hard; skills: see ${ctx.prefix}skills.`,
    );
  }
  return criteria;
}

function fits(p: Project, c: Criteria): boolean {
  if (c.levels.length && !c.levels.some((l) => difficultyIncludes(p.difficulty, l))) return false;
  if (c.gsoc && p.gsoc.value !== "yes") return false;
  return c.skills.every((s) => p.skills.tags.includes(s));
}

function because(p: Project, c: Criteria): string {
  const reasons: string[] = [];
  if (c.levels.length || p.difficulty.known) reasons.push(`difficulty ${difficultyLabel(p.difficulty)}`);
  if (c.skills.length) reasons.push(`needs ${c.skills.join(" and ")}`);
  else if (p.skills.tags.length) reasons.push(`skills: ${p.skills.tags.slice(0, 3).join(", ")}`);
  if (c.gsoc) reasons.push("open to GSoC");
  return reasons.length ? reasons.join("; ") : "no difficulty or skills stated, ask the contact";
}

function describe(c: Criteria): string {
  const parts = [c.levels.join(" or "), ...c.skills, c.gsoc ? "GSoC" : ""].filter(Boolean);
  return parts.length ? parts.join(" + ") : "any";
}

export function createSuggestPlugin(): Plugin {
  const recent = new Map<string, string[]>();

  function suggest(ctx: Context): void {
    const projects = ctx.store.projects();
    const tags = [...new Set(projects.flatMap((p) => p.skills.tags))];
    const criteria = parseCriteria(ctx, tags);
    const candidates = projects.filter((p) => fits(p, criteria));
    if (candidates.length === 0) {
      throw new UserError(`No project fits ${describe(criteria)}. Try fewer words, or ${ctx.prefix}projects.`);
    }
    const roomKey = `${ctx.message.transport}:${ctx.message.room.id}`;
    const seen = recent.get(roomKey) ?? [];
    // Unseen first, each group shuffled: repeated calls walk through all fitting projects.
    const ranked = candidates
      .map((p) => ({ p, seen: seen.includes(p.id) ? 1 : 0, r: ctx.random() }))
      .sort((a, b) => a.seen - b.seen || a.r - b.r)
      .slice(0, PICKS)
      .map((x) => x.p);
    recent.set(roomKey, [...ranked.map((p) => p.id), ...seen].slice(0, Math.min(MEMORY, Math.max(0, candidates.length - 1))));
    if (recent.size > 1_000) recent.delete(recent.keys().next().value!);

    const lines: RichLine[] = ranked.map((p) => [...titleSpans(p), text(` — ${because(p, criteria)}`)]);
    const more = candidates.length > ranked.length ? ` (${candidates.length} fit; ask again for others)` : "";
    lines.push([text(`Suggestions for ${describe(criteria)}${more}. Details: `), code(`${ctx.prefix}project <id>`)]);
    ctx.reply(lines);
  }

  return {
    name: "suggest",
    commands: [
      {
        name: "suggest",
        aliases: ["idea"],
        usage: "suggest [easy|medium|hard] [skill words] [gsoc]",
        help: "Suggests up to three projects that fit a difficulty, skills and GSoC, says why each fits, and varies the picks between calls.",
        examples: [
          { input: "!suggest easy", expect: "difficulty easy" },
          { input: "!suggest ocaml", expect: "needs OCaml" },
          { input: "!suggest medium c", expect: "KDD" },
        ],
        handler: suggest,
      },
    ],
  };
}
