// !suggest: up to three fitting projects, each with why it fits, varied between calls so a
// newcomer asking twice sees other projects. It never dead-ends: several skills mean any of them,
// a skill no project lists is looked for in the projects' text, and a level nothing fits is
// relaxed one step with the reason. Its arguments are read by the same criteria reader as the
// sentences the bot understands, so filler and politeness ("please", "for me") count for nothing.
import { code, type Context, foldWord, type Level, type Plugin, type Project, readCriteria, type RichLine, type SkillAsk, text, UserError } from "../src/plugin-api.js";
import { difficultyLabel, shorten, titleSpans } from "./format.js";
import { type Ask, askLabel, because, type Fit, fitsAll, mentionIn, oneStepFrom } from "./suggest-match.js";

const PICKS = 3;
/** How many recent picks per room to avoid repeating. */
const MEMORY = 6;

interface Reading {
  ask: Ask;
  /** Words asked that no project lists or mentions: left out, and the answer says so. */
  unmatched: string[];
}

/** The arguments as criteria; a word that is no level or known skill is looked for in the text. */
function readAsk(ctx: Context, projects: readonly Project[]): Reading {
  const tags = [...new Set(projects.flatMap((p) => p.skills.tags))];
  const words = ctx.words.map(foldWord);
  const criteria = readCriteria(words, tags);
  const asWords: SkillAsk[] = words.filter((w, i) => criteria.roles[i] === null && /[\p{L}\p{N}]/u.test(w)).map((w) => ({ asked: w, tags: [], mentions: [w] }));
  const asked = [...criteria.skills, ...asWords];
  const skills = asked.filter((s) => s.tags.length || projects.some((p) => mentionIn(p, s) !== null));
  const unmatched = asked.filter((s) => !skills.includes(s)).map((s) => s.asked);
  if (unmatched.length && skills.length === 0 && criteria.levels.length === 0 && !criteria.gsoc) {
    throw new UserError(
      `No project lists "${shorten(unmatched.join(" "), 40)}" as a skill or mentions it. Levels: easy, medium, hard; skills: see ${ctx.prefix}skills.`,
    );
  }
  return { ask: { levels: criteria.levels, gsoc: criteria.gsoc, skills }, unmatched };
}

function describe(ask: Ask): string {
  const skills = ask.skills.map(askLabel);
  const parts = [ask.levels.join(" or "), skills.length > 1 ? `any of ${skills.join(", ")}` : (skills[0] ?? ""), ask.gsoc ? "GSoC" : ""].filter(Boolean);
  return parts.length ? parts.join(" + ") : "any";
}

/** "lists C", "lists C or OCaml", "mentions networking", "is open to GSoC": what nothing fitted. */
function wanted(ask: Ask): string {
  const tagged = ask.skills.filter((s) => s.tags.length).map(askLabel);
  const texted = ask.skills.filter((s) => !s.tags.length).map((s) => s.asked);
  const parts = [tagged.length ? `lists ${tagged.join(" or ")}` : "", texted.length ? `mentions ${texted.join(" or ")}` : "", ask.gsoc ? "is open to GSoC" : ""];
  return parts.filter(Boolean).join(" or ") || "fits";
}

interface Found {
  fits: Fit[];
  /** The levels searched in the end, and a note when they are not those asked. */
  levels: Level[];
  note: string | null;
}

/** The projects that fit; a level nothing fits is relaxed one step, then dropped. */
function find(projects: readonly Project[], ask: Ask): Found {
  const fits = fitsAll(projects, ask);
  if (fits.length || ask.levels.length === 0) return { fits, levels: ask.levels, note: null };
  const asked = `No ${ask.levels.join(" or ")} project ${wanted(ask)}`;
  const near = oneStepFrom(ask.levels);
  const nearer = near.length ? fitsAll(projects, ask, near) : [];
  if (nearer.length) {
    const names = nearer.slice(0, PICKS).map((f) => `${f.project.id} (${difficultyLabel(f.project.difficulty)})`);
    return { fits: nearer, levels: near, note: `${asked}; nearest: ${names.join(", ")}.` };
  }
  const any = fitsAll(projects, ask, []);
  return { fits: any, levels: [], note: `${asked}, nor one step ${near.length ? `(${near.join(" or ")})` : "away"}; at any difficulty:` };
}

export function createSuggestPlugin(): Plugin {
  const recent = new Map<string, string[]>();

  function suggest(ctx: Context): void {
    const projects = ctx.store.projects();
    const { ask, unmatched } = readAsk(ctx, projects);
    const found = find(projects, ask);
    if (found.fits.length === 0) throw new UserError(`No project fits ${describe(ask)}, at any difficulty. Try fewer words, or ${ctx.prefix}projects.`);

    const roomKey = `${ctx.message.transport}:${ctx.message.room.id}`;
    const seen = recent.get(roomKey) ?? [];
    // Unseen first, so repeated calls walk through all fitting projects; within each, most
    // skills met first, ties shuffled.
    const ranked = found.fits
      .map((f) => ({ f, seen: seen.includes(f.project.id) ? 1 : 0, r: ctx.random() }))
      .sort((a, b) => a.seen - b.seen || b.f.score - a.f.score || a.r - b.r)
      .slice(0, PICKS)
      .map((x) => x.f);
    recent.set(roomKey, [...ranked.map((f) => f.project.id), ...seen].slice(0, Math.min(MEMORY, Math.max(0, found.fits.length - 1))));
    if (recent.size > 1_000) recent.delete(recent.keys().next().value!);

    const lines: RichLine[] = [];
    if (unmatched.length) lines.push([text(`No project lists or mentions ${unmatched.map((w) => `"${shorten(w, 30)}"`).join(", ")}; left out.`)]);
    const textOnly = ask.skills.filter((s) => s.tags.length === 0).map((s) => s.asked);
    if (textOnly.length) lines.push([text(`No project lists ${textOnly.join(" or ")} as a skill; these mention it in their text.`)]);
    if (found.note) lines.push([text(found.note)]);
    const shown = { ...ask, levels: found.levels };
    lines.push(...ranked.map((f): RichLine => [...titleSpans(f.project), text(` — ${because(f, shown)}`)]));
    const more = found.fits.length > ranked.length ? ` (${found.fits.length} fit; ask again for others)` : "";
    lines.push([text(`Suggestions for ${describe(shown)}${more}. Details: `), code(`${ctx.prefix}project <id>`)]);
    ctx.reply(lines);
  }

  return {
    name: "suggest",
    commands: [
      {
        name: "suggest",
        aliases: ["idea"],
        usage: "suggest [easy|medium|hard|not too hard] [skill words] [gsoc]",
        help: "Suggests up to three projects that fit a difficulty, any of the skills named, and GSoC, says why each fits, and varies the picks between calls. A skill no project lists is looked for in the projects' text; a level nothing fits is relaxed one step, saying so.",
        examples: [
          { input: "!suggest easy", expect: "difficulty easy" },
          { input: "!suggest ocaml", expect: "needs OCaml" },
          { input: "!suggest medium c", expect: "KDD" },
          { input: "!suggest C ocaml", expect: "any of C, OCaml" },
          { input: "!suggest easy C", expect: "No easy project lists C; nearest: kdd (medium)" },
          { input: "!suggest networking", expect: "No project lists networking as a skill; these mention it" },
          { input: "!suggest linux", expect: "needs Linux" },
          { input: "!suggest easy please", expect: "Suggestions for easy" },
          { input: "!suggest not too hard", expect: "Suggestions for easy or medium" },
        ],
        handler: suggest,
      },
    ],
  };
}
