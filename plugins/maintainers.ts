// !maintainers (!cc): who to Cc on a patch to some paths, exactly as xen.git's own
// scripts/get_maintainer.pl --nokeywords --nogit names them; or who looks after an area
// ("scheduling", "arm port"); or what a person looks after. Status words in plain language.
import {
  type CcAnswer,
  type Context,
  looksLikePath,
  type MaintainerPerson,
  type Plugin,
  type RichLine,
  type Section,
  statusInWords,
  text,
  THE_REST,
  UsageError,
  UserError,
} from "../src/plugin-api.js";
import { shorten } from "./format.js";
import { maintainersVersion, personAddress, rolesText, sectionLabel, sectionPeople } from "./maintainers-format.js";

/** Paths per question: a patch touching more is better pasted into get_maintainer.pl itself. */
const MAX_PATHS = 20;
/** Words between paths that say nothing: "kexec.c and kimage.c". */
const CONNECTORS = new Set(["and", "or", "&", "+", ",", "plus"]);
/** Soft length of one reply line, so it stays one IRC line. */
const LINE_CHARS = 300;

/** Groups of the answer, one per section in the tool's order: "KEXEC (Supported): Andrew Cooper <…>". */
function peopleGroups(ctx: Context, answer: CcAnswer): string[] {
  const groups: Array<{ section: string; maintainers: string[]; reviewers: string[] }> = [];
  const shown = new Set<string>();
  for (const e of answer.entries) {
    // The tool names an address once per spelling; a person is shown once.
    const key = e.email.toLowerCase();
    if (shown.has(key)) continue;
    shown.add(key);
    let g = groups.at(-1);
    if (!g || g.section !== e.section) groups.push((g = { section: e.section, maintainers: [], reviewers: [] }));
    (e.kind === "maintainer" ? g.maintainers : g.reviewers).push(e.name ? `${e.name} <${e.email}>` : e.email);
  }
  return groups.map((g) => {
    const section = ctx.maintainers.section(g.section);
    const label = section ? sectionLabel(section) : g.section;
    const who = [g.maintainers.join(", "), g.reviewers.length ? `${g.reviewers.length > 1 ? "reviewers" : "reviewer"} ${g.reviewers.join(", ")}` : ""].filter(Boolean).join("; ");
    return `${label}: ${who}`;
  });
}

/** Packs phrases into lines of about LINE_CHARS, at most `max` lines (the last takes the rest). */
function pack(first: string, phrases: string[], max: number): string[] {
  const lines: string[] = [first];
  for (const p of phrases) {
    const last = lines.length - 1;
    const joined = lines[last]!.endsWith(": ") ? `${lines[last]}${p}` : `${lines[last]} · ${p}`;
    if (joined.length <= LINE_CHARS || lines.length >= max || lines[last]!.endsWith(": ")) lines[last] = joined;
    else lines.push(p);
  }
  return lines;
}

function answerPaths(ctx: Context, typed: string[], ignored: string[]): void {
  if (typed.length > MAX_PATHS) throw new UserError(`At most ${MAX_PATHS} paths at a time; for a bigger patch run scripts/get_maintainer.pl in xen.git.`);
  const paths: string[] = [];
  const notes: string[] = [];
  for (const word of typed) {
    const check = ctx.maintainers.checkPath(word);
    if (check.ok === true) {
      if (!paths.includes(check.path)) paths.push(check.path);
      if (check.kind === "unknown") notes.push(`${shorten(check.path, 60)} is not in xen.git at ${ctx.maintainers.source.commit}: answered from the patterns`);
      else if (check.path !== word && check.path !== `${word}/`) notes.push(`${shorten(word, 40)} read as ${check.path}`);
    } else if (check.ok === "ambiguous") {
      const shown = check.candidates.slice(0, 4).join(", ") + (check.candidates.length > 4 ? `, … (${check.candidates.length} in all)` : "");
      throw new UserError(`${shorten(word, 40)} is at several places: ${shown}. Give the whole path.`);
    } else {
      throw new UserError(`"${shorten(word, 40)}" is ${check.reason}.`);
    }
  }
  const answer = ctx.maintainers.whoToCc(paths);
  const what = paths.length === 1 ? paths[0]! : `${paths.length} paths`;
  const lines = pack(`Cc for ${shorten(what, 80)}: `, peopleGroups(ctx, answer), 2);
  if (answer.entries.length === 0) lines[0] += "nobody is listed";
  const lists = answer.lists.map((l) => l.address);
  const plain = [...new Set(answer.entries.map((e) => e.section))]
    .map((n) => ctx.maintainers.section(n))
    .filter((s): s is Section => s !== undefined && s.status.value !== "supported" && s.status.value !== "maintained")
    .map((s) => `${s.name}: ${statusInWords(s.status)}`);
  const tail = [lists.length ? `List: ${lists.join(", ")}` : "No list named", ...plain, ...notes];
  if (ignored.length) tail.push(`ignored: ${shorten(ignored.join(" "), 40)}`);
  lines.push(tail.join(" · "));
  ctx.reply(lines.map((l): RichLine => [text(l)]));
}

function answerSection(ctx: Context, section: Section, others: Section[]): void {
  const lines: string[] = [`${section.name} (${statusInWords(section.status)}): ${sectionPeople(section) || "nobody listed"}`];
  const files = section.files.map((f) => f.raw);
  const where = files.length ? `Files: ${files.slice(0, 4).join(", ")}${files.length > 4 ? ` and ${files.length - 4} more` : ""}` : section.trees.length ? `Tree: ${section.trees[0]}` : "No files listed";
  const lists = section.lists.length ? section.lists : (ctx.maintainers.theRest()?.lists ?? []);
  lines.push(`${where} · List: ${lists.map((l) => l.address).join(", ") || "none named"}`);
  const next = others.length ? `Also matching: ${others.map((s) => s.name).join(", ")}. ` : "";
  lines.push(`${next}For a file: ${ctx.prefix}maintainers <path> · ${maintainersVersion(ctx.maintainers)}`);
  ctx.reply(lines.map((l): RichLine => [text(l)]));
}

function answerPerson(ctx: Context, person: MaintainerPerson): void {
  const lines = [`${personAddress(person)}: ${rolesText(person, 8)}`];
  const more = [person.names.length > 1 ? `also written ${person.names.slice(1).join(", ")}` : "", person.emails.length > 1 ? `also at ${person.emails.slice(1).join(", ")}` : ""].filter(Boolean);
  lines.push(`${more.length ? `${more.join("; ")}. ` : ""}${maintainersVersion(ctx.maintainers)}. For a file: ${ctx.prefix}maintainers <path>`);
  ctx.reply(lines.map((l): RichLine => [text(l)]));
}

function maintainers(ctx: Context): void {
  if (!ctx.args) throw new UsageError("Give a path (xen/common/kexec.c), an area (scheduling) or a person (Juergen Gross).");
  const words = ctx.words;
  const isPath = (w: string) => looksLikePath(w) || ctx.maintainers.isTopLevelFile(w);
  const typed = words.filter(isPath);
  if (typed.length) return answerPaths(ctx, typed, words.filter((w) => !isPath(w) && !CONNECTORS.has(w.toLowerCase())));

  const query = ctx.args;
  const people = ctx.maintainers.findPeople(query, 3);
  const areas = ctx.maintainers.findAreas(query);
  const areaScore = areas.kind === "clear" ? areas.hit.score : areas.kind === "close" ? areas.hits[0]!.score : Infinity;
  const bestPerson = people[0];
  // A person wins ties: "!maintainers tim" is about Tim Deegan.
  if (bestPerson && bestPerson.score <= areaScore) {
    const strong = people.filter((h) => h.score - bestPerson.score < 0.1);
    if (strong.length > 1) return ctx.reply(`Several people match "${shorten(query, 30)}": ${strong.map((h) => h.record.name).join(", ")}. Be more specific.`);
    return answerPerson(ctx, bestPerson.record);
  }
  if (areas.kind === "clear") return answerSection(ctx, areas.hit.record, []);
  if (areas.kind === "close") return answerSection(ctx, areas.hits[0]!.record, areas.hits.slice(1, 5).map((h) => h.record));
  // A bare directory name ("stubdom", "tools") is a path after all.
  if (words.length === 1) {
    const check = ctx.maintainers.checkPath(words[0]!);
    if (check.ok === true && check.kind === "directory") return answerPaths(ctx, words, []);
  }
  const hints = areas.hits.filter((h) => h.score <= 0.9).slice(0, 3).map((h) => h.record.name);
  throw new UserError(
    `Nothing in MAINTAINERS matches "${shorten(query, 40)}".${hints.length ? ` Did you mean ${hints.join(" or ")}?` : ""} Try a path (xen/arch/x86/), an area (scheduling) or a name; ${THE_REST} covers what has no section.`,
  );
}

export const maintainersPlugin: Plugin = {
  name: "maintainers",
  commands: [
    {
      name: "maintainers",
      aliases: ["cc", "maintainer"],
      usage: "maintainers <path… | area | person>",
      help: "Who to Cc on a patch to these paths, as xen.git's scripts/get_maintainer.pl names them, with the list; or who looks after an area (scheduling, xenstore, arm) or what a person looks after.",
      examples: [
        { input: "!maintainers xen/common/kexec.c", expect: "Andrew Cooper <andrew.cooper3@citrix.com>" },
        { input: "!cc xen/common/sched/credit.c", expect: "George Dunlap <gwd@xenproject.org>" },
        { input: "!maintainers kdd", expect: "Odd Fixes: the maintainer has little time for it" },
        { input: "!maintainers arm port", expect: "Stefano Stabellini" },
        { input: "!maintainers George Dunlap", expect: "reviewer of GOLANG BINDINGS and SCHEDULING" },
      ],
      handler: maintainers,
    },
  ],
};
