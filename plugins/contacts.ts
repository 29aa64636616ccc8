// !contact: who to talk to about a project, or what a person looks after. The archived page's
// contacts come first and stay as the page wrote them (it is the page's word, and its 2013
// addresses mostly bounce now); then where each person is in today's MAINTAINERS, or that they
// are not there and who looks after the project's area today; then where Xen talks today.
import { code, type Context, type MaintainerPerson, type Person, type Plugin, type Project, type RichLine, text, UsageError, UserError } from "../src/plugin-api.js";
import { personLabel, shorten, titleSpans } from "./format.js";
import { areaPhrase, areaShort, maintainersVersion, personAddress, rolesText, todayPhrase } from "./maintainers-format.js";
import { archivedVenues, venuesShort, venuesToday } from "./venues.js";

function projectContacts(ctx: Context, project: Project): RichLine[] {
  const people = ctx.store.contactsOf(project);
  const who = people.length ? people.map((p) => `${personLabel(p)} (${todayPhrase(ctx.maintainers, p)})`).join(", ") : "no contact listed";
  const area = areaPhrase(ctx.maintainers, project);
  const { why } = ctx.maintainers.areaOf(project.id);
  return [
    [...titleSpans(project), text(`: the archived page's contact: ${who}`)],
    [text(area ? `This area today: ${area}` : `No MAINTAINERS section covers this area${why ? ` (${why.replace(/\.$/, "")})` : ""}: ask on ${ctx.community.mailing_list.address}`)],
    [text(`The archived page says ${archivedVenues(project)}. Today: ${venuesToday(ctx.community)}`)],
  ];
}

/** Line 3 of a person: where they are in MAINTAINERS, or who has their projects' areas now. */
function personToday(ctx: Context, person: Person, projects: readonly Project[]): string {
  const found = ctx.maintainers.today(person);
  // The address only, not the name again: the first line already names them.
  const talk = `Talk today: ${venuesShort(ctx.community)}`;
  if (found) return `Today (${maintainersVersion(ctx.maintainers)}): ${found.emails[0]}, ${rolesText(found, 5)} · ${talk}`;
  const areas = projects.flatMap((p) => {
    const area = areaShort(ctx.maintainers, p);
    return area ? [`${p.id}: ${area}`] : [];
  });
  if (areas.length) {
    // As many projects as keep the line to one IRC line; the rest by !contact <id>.
    for (let n = Math.min(areas.length, 3); n >= 1; n--) {
      const more = areas.length > n ? ` (${areas.length - n} more: ${ctx.prefix}contact <id>)` : "";
      const line = `Not in MAINTAINERS today. Their projects' areas today: ${areas.slice(0, n).join(" · ")}${more} · ${talk}`;
      if (line.length <= 330 || n === 1) return line;
    }
  }
  return `Not in MAINTAINERS today, and no MAINTAINERS section covers their projects' areas: ask on ${venuesShort(ctx.community)}`;
}

function personProjects(ctx: Context, person: Person): RichLine[] {
  const aka = person.aliases.length ? ` (also written ${person.aliases.join(", ")})` : "";
  const projects = person.projects.map((id) => ctx.store.project(id)).filter((p): p is Project => p !== undefined);
  const list = projects.flatMap((p, i) => [text(i ? " · " : ""), ...titleSpans(p)]);
  return [
    [text(`${personLabel(person)}${aka}, on the archived page`)],
    [text(`Contact for ${projects.length} project${projects.length === 1 ? "" : "s"}: `), ...list],
    [text(personToday(ctx, person, projects))],
  ];
}

/** Someone MAINTAINERS names but the page does not: still worth an answer. */
function maintainerOnly(ctx: Context, person: MaintainerPerson): RichLine[] {
  return [
    [text(`${personAddress(person)} is not a contact on the archived page. Today (${maintainersVersion(ctx.maintainers)}): ${rolesText(person, 6)}`)],
    [text("More: "), code(`${ctx.prefix}maintainers ${person.name}`), text(` · Talk today: ${venuesShort(ctx.community)}`)],
  ];
}

function contact(ctx: Context): void {
  if (!ctx.args) throw new UsageError("Which project or person?");
  const exactProject = ctx.store.project(ctx.args.replace(/\s+/g, "-"));
  if (exactProject) return ctx.reply(projectContacts(ctx, exactProject));

  const people = ctx.search.findPeople(ctx.args, 3);
  const verdict = ctx.search.find(ctx.args);
  const bestPerson = people[0];
  const projectHit = verdict.kind === "clear" ? verdict.hit : null;
  // A person wins ties: "!contact cooper" is about a person even if a project mentions him.
  if (bestPerson && (!projectHit || bestPerson.score <= projectHit.score)) {
    const strong = people.filter((h) => h.score - bestPerson.score < 0.1);
    if (strong.length > 1) {
      return ctx.reply([[text(`Several people match "${shorten(ctx.args, 30)}": ${strong.map((h) => h.person.name).join(", ")}. Be more specific.`)]]);
    }
    return ctx.reply(personProjects(ctx, bestPerson.person));
  }
  if (projectHit) return ctx.reply(projectContacts(ctx, projectHit.project));
  if (verdict.kind === "close") {
    return ctx.reply([
      [text(`Several projects match: `), ...verdict.hits.flatMap((h, i) => [text(i ? " · " : ""), ...titleSpans(h.project)])],
      [text("Type "), code(`${ctx.prefix}contact <id>`)],
    ]);
  }
  const maintainer = ctx.maintainers.findPeople(ctx.args, 2);
  if (maintainer.length === 1 || (maintainer.length > 1 && maintainer[1]!.score - maintainer[0]!.score >= 0.1)) return ctx.reply(maintainerOnly(ctx, maintainer[0]!.record));
  throw new UserError(`No project or person matches "${shorten(ctx.args, 40)}". Try ${ctx.prefix}projects, or ${ctx.prefix}maintainers <area or path> for today's maintainers.`);
}

export const contactsPlugin: Plugin = {
  name: "contacts",
  commands: [
    {
      name: "contact",
      hiddenAliases: ["who"],
      usage: "contact <project or person>",
      help: "Shows a project's contacts as the archived page gives them, where those people are in today's MAINTAINERS (or who looks after the area now), and where Xen talks today; or the projects a person looks after.",
      examples: [
        { input: "!contact kdd", expect: "Paul Durrant" },
        { input: "!contact cooper", expect: "Andrew Cooper" },
        { input: "!contact anil", expect: "3 projects" },
        { input: "!contact scheduling-parameters", expect: "today gwd@xenproject.org" },
        { input: "!contact konrad", expect: "Not in MAINTAINERS today" },
      ],
      handler: contact,
    },
  ],
};
