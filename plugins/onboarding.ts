// !start: the page's "To work on a project" steps, with the links, ending with one concrete
// next action. `!start 2` shows one step at a time.
import { bold, code, type Context, type Link, link, type Plugin, type RichLine, text, UsageError } from "../src/plugin-api.js";

function nextAction(ctx: Context): RichLine {
  return [bold("Next: "), text("type "), code(`${ctx.prefix}suggest easy`), text(" to pick a project, then mail xen-devel to say you are starting.")];
}

/** The page's links that belong to a step: those whose label starts with a word the step uses ("xen-unstable"). */
function linksFor(step: string, links: readonly Link[]): Link[] {
  const words = new Set(step.toLowerCase().split(/[^a-z0-9-]+/));
  return links.filter((l) => words.has((l.label ?? "").toLowerCase().split(/\s+/)[0] ?? ""));
}

function start(ctx: Context): void {
  const { steps, links } = ctx.store.onboarding;
  if (ctx.args) {
    const n = Number(ctx.args);
    if (!Number.isInteger(n) || n < 1 || n > steps.length) throw new UsageError(`Steps go from 1 to ${steps.length}.`);
    const step = steps[n - 1]!;
    const line: RichLine = [bold(`Step ${n}/${steps.length}: `), text(step)];
    const follow: RichLine = n < steps.length ? [text("Then: "), code(`${ctx.prefix}start ${n + 1}`)] : nextAction(ctx);
    return ctx.reply([line, ...linksFor(step, links).map((l): RichLine => [text(`${l.label ?? "Link"}: `), link(l.url)]), follow]);
  }
  const lines: RichLine[] = [[bold("Getting started on a Xen project"), text(` (${steps.length} steps; `), code(`${ctx.prefix}start 1`), text(" shows one at a time):")]];
  steps.forEach((s, i) => lines.push([text(`${i + 1}. ${s}`)]));
  for (const l of links) lines.push([text(`${l.label ?? "Link"}: `), link(l.url)]);
  lines.push(nextAction(ctx));
  ctx.reply(lines);
}

export const onboardingPlugin: Plugin = {
  name: "onboarding",
  commands: [
    {
      name: "start",
      aliases: ["newcomer", "onboard"],
      usage: "start [step number]",
      help: "How to start working on a Xen project: the steps from the project page, with links. Give a number for one step at a time.",
      examples: [
        { input: "!start", expect: "xen-devel" },
        { input: "!start 1", expect: "Step 1/" },
        { input: "!newcomer", expect: "Getting started" },
      ],
      handler: start,
    },
  ],
};
