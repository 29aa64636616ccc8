// !project, !projects, !skills, !categories: looking things up in the project list.
import { code, type Context, LEVELS, type Plugin, type Project, type RichLine, text, UsageError, UserError } from "../src/plugin-api.js";
import { numberedList, projectCard, projectFull, shorten, titleSpans } from "./format.js";
import { difficultyIncludes, tagCounts } from "./project-filters.js";

function showProject(ctx: Context): void {
  const words = ctx.words;
  if (words.length === 0) throw new UsageError("Which project?");
  const wantsFull = words.length > 1 && words[words.length - 1]!.toLowerCase() === "full";
  const query = (wantsFull ? words.slice(0, -1) : words).join(" ");

  const verdict = ctx.search.find(query);
  if (verdict.kind === "clear") {
    const project = verdict.hit.project;
    if (!wantsFull) return ctx.reply(projectCard(project, ctx));
    const lines = projectFull(project, ctx);
    return lines.length > 3 ? ctx.replyPrivately(lines) : ctx.reply(lines);
  }
  const shown = shorten(query, 40);
  if (verdict.kind === "close") {
    const ids = verdict.hits.map((h) => h.project);
    return ctx.reply([
      [text(`Several projects match "${shown}": `), ...ids.flatMap((p, i) => [text(i ? " · " : ""), text(`${i + 1}. `), ...titleSpans(p)])],
      [text("Type "), code(`${ctx.prefix}project <id>`), text(" for one of them.")],
    ]);
  }
  const guesses = verdict.suggestions.map((h) => h.project);
  if (guesses.length === 0) {
    throw new UserError(`No project matches "${shown}". Try ${ctx.prefix}projects for the list or ${ctx.prefix}suggest easy.`);
  }
  ctx.reply([[text(`No project matches "${shown}" well. Did you mean `), ...guesses.flatMap((p, i) => [text(i ? " or " : ""), ...titleSpans(p)]), text("?")]]);
}

/** Filters `!projects` understands: a level, "gsoc", "archived", a category, or a skill. */
function filterProjects(ctx: Context, filter: string): { label: string; projects: readonly Project[] } {
  const all = ctx.store.projects();
  const f = filter.toLowerCase();
  if ((LEVELS as readonly string[]).includes(f)) return { label: `${f} projects`, projects: all.filter((p) => difficultyIncludes(p.difficulty, f)) };
  if (f === "gsoc") return { label: "projects suitable for GSoC", projects: all.filter((p) => p.gsoc.value === "yes") };
  if (f === "archived") return { label: "archived projects", projects: ctx.store.projects({ includeArchived: true }).filter((p) => p.archived) };
  // A category by its start ("user" → "Userspace Tools"), else by a word in it ("xapi" →
  // "Mirage and XAPI projects").
  const categories = [...new Set(all.map((p) => p.category))];
  const byStart = categories.filter((c) => c.toLowerCase().startsWith(f));
  const byWord = f.length >= 3 ? categories.filter((c) => c.toLowerCase().split(/[^\p{L}\p{N}]+/u).some((w) => w.startsWith(f))) : [];
  const chosen = byStart.length ? byStart : byWord;
  if (chosen.length) return { label: `projects in ${chosen.join(", ")}`, projects: all.filter((p) => chosen.includes(p.category)) };
  const tagged = all.filter((p) => p.skills.tags.some((t) => t.toLowerCase() === f));
  if (tagged.length) return { label: `projects needing ${filter}`, projects: tagged };
  throw new UserError(
    `"${shorten(filter, 30)}" is not a category, level, skill or "gsoc". Try ${ctx.prefix}categories or ${ctx.prefix}skills.`,
  );
}

function listProjects(ctx: Context): void {
  if (!ctx.args) {
    const byCategory = new Map<string, string[]>();
    for (const p of ctx.store.projects()) byCategory.set(p.category, [...(byCategory.get(p.category) ?? []), p.id]);
    const lines: RichLine[] = [...byCategory].map(([category, ids]) => [text(`${category}: `), code(ids.join(", "))]);
    lines.push([text("Details: "), code(`${ctx.prefix}project <id>`)]);
    return ctx.reply(lines);
  }
  const { label, projects } = filterProjects(ctx, ctx.args);
  if (projects.length === 0) throw new UserError(`No ${label} at the moment.`);
  ctx.reply([[text(`${projects.length} ${label}:`)], ...numberedList(projects)]);
}

function listSkills(ctx: Context): void {
  const counts = tagCounts(ctx.store.projects().flatMap((p) => p.skills.tags));
  const unstated = ctx.store.projects().filter((p) => !p.skills.specified).length;
  ctx.reply([
    [text("Skills: "), text(counts.map(([tag, n]) => `${tag} (${n})`).join(", "))],
    [text(`${unstated} projects do not state their skills. Try `), code(`${ctx.prefix}suggest <skill>`)],
  ]);
}

function listCategories(ctx: Context): void {
  const counts = tagCounts(ctx.store.projects().map((p) => p.category), false);
  ctx.reply([[text("Categories: "), text(counts.map(([c, n]) => `${c} (${n})`).join(", "))], [text("List one: "), code(`${ctx.prefix}projects <category>`)]]);
}

export const projectsPlugin: Plugin = {
  name: "projects",
  commands: [
    {
      name: "project",
      aliases: ["p"],
      usage: "project <words or id> [full]",
      help: "Finds a project by id or by words from its title or description and shows its card; add 'full' for the whole text.",
      examples: [
        { input: "!project 9p", expect: "9P File System" },
        { input: "!project kdd full", expect: "WinDbg" },
        { input: "!project quickpath", expect: "QuickPath" },
      ],
      handler: showProject,
    },
    {
      name: "projects",
      aliases: ["list"],
      usage: "projects [category | easy | medium | hard | skill | gsoc]",
      help: "Lists project ids by category, or the projects of one category, difficulty level or skill.",
      examples: [
        { input: "!projects", expect: "Hypervisor" },
        { input: "!projects ocaml", expect: "Mirage" },
        { input: "!projects easy", expect: "easy projects" },
      ],
      handler: listProjects,
    },
    {
      name: "skills",
      usage: "skills",
      help: "Lists the skills the projects ask for, with how many projects need each.",
      examples: [{ input: "!skills", expect: "OCaml (" }],
      handler: listSkills,
    },
    {
      name: "categories",
      usage: "categories",
      help: "Lists the project categories with how many projects each holds.",
      examples: [{ input: "!categories", expect: "Hypervisor (" }],
      handler: listCategories,
    },
  ],
};
