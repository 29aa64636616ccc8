// !help and !about: generated from the registry and the store, so they cannot go stale.
import { bold, closestNames, code, type Context, link, type Plugin, text, UserError } from "../src/plugin-api.js";
import { shorten } from "./format.js";
import { sourceUrl } from "./format.js";

/** A question in a newcomer's words about a project of this store. */
function askExample(ctx: Context): string {
  const project = ctx.store.projects().find((p) => p.contacts.people.length) ?? ctx.store.projects()[0];
  return project ? `who mentors ${project.id}?` : "any easy projects?";
}

function help(ctx: Context): void {
  const { registry } = ctx;
  const p = ctx.prefix;
  // "!help !project" and "!help project" are the same question; "!help !" is "!help".
  const asked = (ctx.words[0] ?? "").toLowerCase().replace(p, "");
  if (!asked) {
    const names = registry.commands().filter((c) => !c.admin).map((c) => code(`${p}${c.name}`));
    return ctx.reply([
      [text("Commands: "), ...names.flatMap((n, i) => (i ? [text(" "), n] : [n]))],
      [text("Details: "), code(`${p}help <command>`), text(". New here? Try "), code(`${p}start`), text(" or "), code(`${p}suggest easy`), text(`, or ask in your own words ("${askExample(ctx)}").`)],
    ]);
  }
  const spec = registry.get(asked);
  if (!spec) {
    const guesses = closestNames(asked, registry.names());
    throw new UserError(`No command "${shorten(asked, 24)}".${guesses.length ? ` Did you mean ${guesses.map((g) => p + g).join(" or ")}?` : ""} ${p}help lists them.`);
  }
  // The command's own page names every alias, hidden ones too ("!who"): they work when typed.
  const every = [...(spec.aliases ?? []), ...(spec.hiddenAliases ?? [])];
  const aliases = every.length ? ` (also ${every.map((a) => p + a).join(", ")})` : "";
  ctx.reply([
    [bold(`${p}${spec.usage}`), text(aliases)],
    [text(spec.help)],
    [text("Example: "), code(spec.examples[0]!.input)],
  ]);
}

function about(ctx: Context): void {
  const data = ctx.store.data;
  const m = ctx.maintainers;
  const projects = ctx.store.projects({ includeArchived: true });
  const archived = projects.filter((p) => p.archived).length;
  const verifiedYears = projects.map((p) => (p.verified.iso ? Number(p.verified.iso.slice(0, 4)) : p.verified.stale ? null : p.verified.year)).filter((y): y is number => y !== null);
  const staleYears = projects.map((p) => (p.verified.stale ? p.verified.year : null)).filter((y): y is number => y !== null);
  const freshness = verifiedYears.length
    ? `last verified ${Math.max(...verifiedYears)}`
    : staleYears.length
      ? `the page marks ${staleYears.length === projects.length ? "every project" : `${staleYears.length} of ${projects.length} projects`} "not updated in ${Math.max(...staleYears)}"`
      : "verification dates unknown";
  ctx.reply([
    [bold("xenbot"), text(` knows ${projects.length} projects${archived ? ` (${archived} archived)` : ""} and ${data.people.length} people, from the wiki page "${data.source.title}": `), link(sourceUrl(data.source))],
    [text(`Imported ${data.source.importedAt.slice(0, 10)} (page sha256 ${data.source.sha256.slice(0, 12)}); ${freshness}. Commands: `), code(`${ctx.prefix}help`)],
    [text(`Today's maintainers: MAINTAINERS of xen.git at ${m.source.commit} (${m.source.date}), ${m.sections().length} sections, ${m.people().length} people, imported ${m.source.importedAt.slice(0, 10)}. Try `), code(`${ctx.prefix}maintainers <path>`)],
  ]);
}

export const helpPlugin: Plugin = {
  name: "help",
  commands: [
    {
      name: "help",
      aliases: ["commands"],
      usage: "help [command]",
      help: "Lists the commands, or shows one command's usage, help and an example. In a private chat (or after the bot's name in a channel) a plain question works too.",
      examples: [
        { input: "!help", expect: "Commands:" },
        { input: "!help suggest", expect: "Example:" },
        { input: "!help onboard", expect: "start" },
      ],
      handler: help,
    },
    {
      name: "about",
      aliases: ["version"],
      usage: "about",
      help: "What the bot knows, where it came from and how fresh it is.",
      examples: [
        { input: "!about", expect: "Xen Development Projects" },
        { input: "!about", expect: "xen.git at c447b7308b13 (2026-08-20)" },
      ],
      handler: about,
    },
  ],
};
