// !contact: who to talk to about a project, or what a person looks after.
import { code, type Context, type Person, type Plugin, type Project, type RichLine, text, UsageError, UserError } from "../src/plugin-api.js";
import { listAndChannel, personLabel, shorten, titleSpans } from "./format.js";

function projectContacts(ctx: Context, project: Project): RichLine[] {
  const people = ctx.store.contactsOf(project);
  return [
    [...titleSpans(project), text(`: ${people.length ? people.map(personLabel).join(", ") : "no contact listed"}`)],
    [text(listAndChannel(project))],
  ];
}

function personProjects(ctx: Context, person: Person): RichLine[] {
  const aka = person.aliases.length ? ` (also written ${person.aliases.join(", ")})` : "";
  const projects = person.projects.map((id) => ctx.store.project(id)).filter((p): p is Project => p !== undefined);
  const list = projects.flatMap((p, i) => [text(i ? " · " : ""), ...titleSpans(p)]);
  return [
    [text(`${personLabel(person)}${aka}`)],
    [text(`Contact for ${projects.length} project${projects.length === 1 ? "" : "s"}: `), ...list],
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
  throw new UserError(`No project or person matches "${shorten(ctx.args, 40)}". Try ${ctx.prefix}projects.`);
}

export const contactsPlugin: Plugin = {
  name: "contacts",
  commands: [
    {
      name: "contact",
      aliases: ["who"],
      usage: "contact <project or person>",
      help: "Shows a project's contacts, mailing list and IRC channel, or the projects a person looks after.",
      examples: [
        { input: "!contact kdd", expect: "Paul Durrant" },
        { input: "!contact cooper", expect: "Andrew Cooper" },
        { input: "!contact anil", expect: "3 projects" },
      ],
      handler: contact,
    },
  ],
};
