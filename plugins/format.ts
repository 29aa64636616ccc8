// How projects and people look in a reply. Shared by the plugins so a project reads the same
// in !project, !suggest and !contact.
import {
  bold,
  code,
  type Context,
  type DifficultyField,
  link,
  type Person,
  type Project,
  type RichLine,
  type Span,
  type StoreFile,
  text,
} from "../src/plugin-api.js";
import { givenOr } from "./given.js";
import { areaPhrase, areaShort, todayPhrase } from "./maintainers-format.js";
import { archivedVenues, venuesShort, venuesToday } from "./venues.js";

/** What a card needs: the store, today's MAINTAINERS and venues, and the prefix for hints. */
export type CardContext = Pick<Context, "store" | "maintainers" | "community" | "prefix">;

const WIKI_BASE = "https://wiki.xenproject.org/wiki/";

/** The wiki page the store was imported from. */
export function sourceUrl(source: StoreFile["source"]): string {
  return WIKI_BASE + encodeURI(source.title.replace(/ /g, "_"));
}

export function difficultyLabel(d: DifficultyField): string {
  if (!d.known || !d.min) return "unknown";
  if (!d.max || d.max === d.min) return d.min;
  return `${d.min} to ${d.max}`;
}

export function personLabel(person: Person): string {
  if (person.email) return `${person.name} <${person.email}>`;
  // "first.last@citrix.com" is how the page writes it: say so, rather than show it as an address.
  if (person.emailPattern) return `${person.name} (no address on the page, only the pattern ${person.emailPattern})`;
  return person.name;
}

/** First sentence of the description, cut at a word boundary. */
export function summary(project: Project, max = 180): string {
  if (!project.description.specified) return "No description on the page.";
  const firstParagraph = project.description.text.split("\n")[0] ?? "";
  const sentence = /^(.*?[.!?])(\s|$)/.exec(firstParagraph)?.[1] ?? firstParagraph;
  return shorten(sentence, max);
}

export function shorten(s: string, max: number): string {
  if (s.length <= max) return s;
  const cut = s.slice(0, max - 1);
  const space = cut.lastIndexOf(" ");
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.]+$/, "")}…`;
}

function verifiedLabel(project: Project): string {
  const v = project.verified;
  if (v.iso) return `verified ${v.iso}`;
  // The page says "Not updated in 2020": a review in 2020 found it stale, not a check made then.
  if (v.stale && v.year) return `marked not up to date in ${v.year}`;
  if (v.year) return `verified ${v.year}`;
  return "verification date unknown";
}

/** "title (id)" as spans. */
export function titleSpans(project: Project): Span[] {
  return [bold(project.title), text(" ("), code(project.id), text(")")];
}

/**
 * A three-line card: what it is; how hard, and who (the archived page's contact, where they are
 * today, and the area's maintainers now); what it is about, and where Xen talks today.
 */
export function projectCard(project: Project, ctx: CardContext): RichLine[] {
  const contacts = ctx.store.contactsOf(project).map((p) => `${personLabel(p)} (${todayPhrase(ctx.maintainers, p, 1)})`);
  const area = areaShort(ctx.maintainers, project);
  const facts = [
    `Difficulty: ${difficultyLabel(project.difficulty)}`,
    `Skills: ${project.skills.tags.length ? project.skills.tags.join(", ") : "not stated"}`,
    `GSoC: ${project.gsoc.value}${project.gsoc.reason ? ` (${project.gsoc.reason})` : ""}`,
    `Contact on the archived page: ${contacts.length ? contacts.join(", ") : "none listed"}`,
    ...(area ? [`Area today: ${area}`] : []),
  ];
  const first: RichLine = [...titleSpans(project), text(` — ${project.category}`)];
  if (project.archived) first.push(text(" [archived]"));
  first.push(text(` · ${verifiedLabel(project)}`));
  return [
    first,
    [text(facts.join(" · "))],
    [
      text(summary(project, 140)),
      text(" More: "),
      code(`${ctx.prefix}project ${project.id} full`),
      text(` · Talk today: ${venuesShort(ctx.community)} (the archived page says ${project.ircChannel.channel ?? project.ircChannel.raw})`),
    ],
  ];
}

/** Everything the page says about a project, for `!project <id> full`, then what is true today. */
export function projectFull(project: Project, ctx: CardContext): RichLine[] {
  const source = ctx.store.data.source;
  const lines = projectCard(project, ctx).slice(0, 2);
  const paragraphs = (label: string, body: string) =>
    body.split("\n").filter((l) => l.trim()).map((l, i): RichLine => (i === 0 ? [bold(`${label}: `), text(l)] : [text(l)]));
  lines.push(...paragraphs("Description", project.description.specified ? project.description.text : "not given"));
  lines.push(...paragraphs("Outcomes", project.outcomes.specified ? project.outcomes.text : "not specified"));
  if (project.skills.specified) lines.push([bold("Skills (as written): "), text(project.skills.raw)]);
  lines.push([
    text(`The archived page says ${archivedVenues(project)} · Added: ${givenOr(project.inserted.iso ?? project.inserted.raw)} · Source: `),
    link(sourceUrl(source)),
  ]);
  for (const l of project.links) lines.push([text("Link: "), link(l.url, l.label ?? l.url)]);
  const area = areaPhrase(ctx.maintainers, project, 3);
  if (area) lines.push([bold("Area today: "), text(area)]);
  lines.push([bold("Talk today: "), text(venuesToday(ctx.community))]);
  return lines;
}

/** "1. Title (id)" lines for a short list. */
export function numberedList(projects: readonly Project[]): RichLine[] {
  return projects.map((p, i) => [text(`${i + 1}. `), ...titleSpans(p)]);
}
