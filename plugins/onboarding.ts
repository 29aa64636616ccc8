// !start: the page's "To work on a project" steps, with the links, ending with one concrete
// next action. `!start 2` shows one step; `!start patches`, `!start list` and `!start chat`
// answer one topic, with where the Xen Project talks today beside the archived page's words.
import { bold, code, type Context, type Link, link, type Plugin, type RichLine, text, UsageError } from "../src/plugin-api.js";
import { chatLine, listLine, pageChannels, pageListLink, todayLine } from "./venues.js";

/** The words each topic answers to: `!start irc` is `!start chat`. */
const TOPICS: Record<string, "patches" | "list" | "chat"> = {
  patches: "patches", patch: "patches", submit: "patches", review: "patches",
  list: "list", "mailing-list": "list", mailinglist: "list", mail: "list", subscribe: "list",
  chat: "chat", irc: "chat", matrix: "chat", channel: "chat", channels: "chat", rooms: "chat",
};

function nextAction(ctx: Context): RichLine {
  return [bold("Next: "), text("type "), code(`${ctx.prefix}suggest easy`), text(" to pick a project, then mail xen-devel to say you are starting.")];
}

/** The page's links that belong to a step: those whose label starts with a word the step uses ("xen-unstable"). */
function linksFor(step: string, links: readonly Link[]): Link[] {
  const words = new Set(step.toLowerCase().split(/[^a-z0-9-]+/));
  return links.filter((l) => words.has((l.label ?? "").toLowerCase().split(/\s+/)[0] ?? ""));
}

const linkLine = (l: Link): RichLine => [text(`${l.label ?? "Link"}: `), link(l.url)];

/** The first of the page's steps that speaks of this, quoted as the archive's: "Step 4/6 of the archived page: …". */
function stepAbout(ctx: Context, about: RegExp): RichLine[] {
  const steps = ctx.store.onboarding.steps;
  const n = steps.findIndex((s) => about.test(s));
  if (n < 0) return [];
  return [[bold(`Step ${n + 1}/${steps.length} of the archived page: `), text(steps[n]!)]];
}

/** "Which tree to base them on: !start 5", when a step says which tree. */
function treeStep(steps: readonly string[], p: string): RichLine {
  const n = steps.findIndex((s) => /\btree\b|based on/i.test(s));
  return n < 0 ? [] : [text(". Which tree to base them on: "), code(`${p}start ${n + 1}`)];
}

function topic(ctx: Context, which: "patches" | "list" | "chat"): void {
  const { links, steps } = ctx.store.onboarding;
  const c = ctx.community;
  const p = ctx.prefix;
  if (which === "patches") {
    return ctx.reply([
      [bold("Patches "), text(`go to the mailing list ${c.mailing_list.address}, the one official channel for patches and decisions.`)],
      ...stepAbout(ctx, /\bpatch/i),
      ...links.filter((l) => /submit|patch/i.test(`${l.label ?? ""} ${l.url}`)).map(linkLine),
      [text("Subscribe first: "), code(`${p}start list`), ...treeStep(steps, p)],
    ]);
  }
  if (which === "list") {
    const archived = pageListLink(links);
    return ctx.reply([
      listLine(c),
      ...stepAbout(ctx, /\bmail/i),
      ...(archived ? [[text("The archived page links its own list page, "), link(archived.url), text("; today's is the one above.")] satisfies RichLine] : []),
    ]);
  }
  const named = pageChannels(ctx.store.projects());
  ctx.reply([
    chatLine(c),
    ...(named.length ? [[text(`The archived page names ${named.join(", ")}. Patches and decisions go to the list, ${c.mailing_list.address}: `), code(`${p}start patches`)] satisfies RichLine] : []),
  ]);
}

function start(ctx: Context): void {
  const { steps, links } = ctx.store.onboarding;
  if (ctx.args) {
    const word = ctx.args.toLowerCase();
    // Own keys only: "!start constructor" is no topic.
    const chosen = Object.hasOwn(TOPICS, word) ? TOPICS[word] : undefined;
    if (chosen) return topic(ctx, chosen);
    const n = Number(ctx.args);
    if (!Number.isInteger(n) || n < 1 || n > steps.length) throw new UsageError(`Steps go from 1 to ${steps.length}; topics are patches, list and chat.`);
    const step = steps[n - 1]!;
    const line: RichLine = [bold(`Step ${n}/${steps.length}: `), text(step)];
    const follow: RichLine = n < steps.length ? [text("Then: "), code(`${ctx.prefix}start ${n + 1}`)] : nextAction(ctx);
    const stepLinks = linksFor(step, links);
    // A step that links the archived list page gets today's list beside it.
    const today: RichLine[] = stepLinks.some((l) => l === pageListLink(links)) ? [[text("Today: "), ...listLine(ctx.community)]] : [];
    return ctx.reply([line, ...stepLinks.map(linkLine), ...today, follow]);
  }
  const lines: RichLine[] = [[bold("Getting started on a Xen project"), text(` (the archived page's ${steps.length} steps; `), code(`${ctx.prefix}start 1`), text(" shows one at a time):")]];
  steps.forEach((s, i) => lines.push([text(`${i + 1}. ${s}`)]));
  for (const l of links) lines.push(linkLine(l));
  lines.push(todayLine(ctx.community, ctx.prefix));
  lines.push(nextAction(ctx));
  ctx.reply(lines);
}

export const onboardingPlugin: Plugin = {
  name: "onboarding",
  commands: [
    {
      name: "start",
      aliases: ["newcomer", "onboard"],
      usage: "start [step number | patches | list | chat]",
      help: "How to start working on a Xen project: the archived page's steps and links, and where the project talks today. Give a number for one step, or a topic: patches (where and how to send them), list (the mailing list and subscribing), chat (the Matrix rooms and IRC).",
      examples: [
        { input: "!start", expect: "xen-devel" },
        { input: "!start 1", expect: "Step 1/" },
        { input: "!newcomer", expect: "Getting started" },
        { input: "!start patches", expect: "xen-devel@lists.xenproject.org" },
        { input: "!start list", expect: "subscribe" },
        { input: "!start chat", expect: "#XenDevel:matrix.org" },
      ],
      handler: start,
    },
  ],
};
