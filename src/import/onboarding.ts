// The store's onboarding section, from the page's preamble: the intro line, the "To work on a
// project" steps, the links the page gives or names, and the remaining notes.
import { WIKI_BASE, wikiPageMentions, wikiUrl } from "../projects/fields/links.js";
import type { Link, Onboarding } from "../projects/schema.js";
import type { ParsedPage } from "./parsed-page.js";

/**
 * Wiki pages the page names by an old title. The old titles redirect; we link the current page
 * so the link does not depend on the redirect surviving.
 */
const WIKI_RENAMES: Record<string, string> = {
  "Submitting Xen Patches": "Submitting Xen Project Patches",
};

/**
 * Things the steps mention by name without a link, and where they live. "xen-unstable" is the
 * development branch of xen.git (the page's hg URL is long gone).
 */
const NAMED_REFERENCES: ReadonlyArray<{ pattern: RegExp; link: Link }> = [
  { pattern: /\bxen-unstable\b/, link: { label: "xen-unstable (the Xen development tree, xen.git)", url: "https://xenbits.xen.org/gitweb/?p=xen.git" } },
];

/** A link to a renamed wiki page, pointed at the page's current name. */
function renamed(link: Link): Link {
  if (!link.url.startsWith(WIKI_BASE)) return link;
  const page = decodeURI(link.url.slice(WIKI_BASE.length)).replace(/_/g, " ");
  const now = WIKI_RENAMES[page];
  return now ? { ...link, url: wikiUrl(now) } : link;
}

const LABELLED_URL = /^(.{2,120}?):\s*(https?:\/\/\S+?)[.]?$/;

export function buildOnboarding(parsed: ParsedPage, previous: Onboarding | null): { onboarding: Onboarding; warnings: string[] } {
  const warnings: string[] = [];
  const links: Link[] = [];
  const notes: string[] = [];
  const add = (given: Link): void => {
    const link = renamed(given);
    if (!links.some((l) => l.url === link.url)) links.push(link);
  };
  const scan = (text: string): void => {
    for (const url of text.match(/https?:\/\/[^\s<>"'()]+/g) ?? []) add({ url: url.replace(/[.,;:!?]+$/, ""), label: null });
    for (const page of wikiPageMentions(text)) add({ url: wikiUrl(page), label: page });
  };
  for (const text of [parsed.intro, ...parsed.steps]) scan(text);
  for (const p of parsed.paragraphs) {
    p.links.forEach(add);
    const labelled = LABELLED_URL.exec(p.text);
    if (labelled) {
      // "xen-devel mailinglist subscription and archives: http://…" is a link, not a note.
      add({ url: labelled[2]!, label: labelled[1]!.trim() });
      continue;
    }
    scan(p.text);
    notes.push(p.section ? `${p.section}: ${p.text}` : p.text);
  }
  const stepsText = parsed.steps.join("\n");
  for (const ref of NAMED_REFERENCES) if (ref.pattern.test(stepsText)) add(ref.link);

  let steps = parsed.steps;
  if (steps.length === 0) {
    if (!previous) return { onboarding: { intro: parsed.intro, steps, links, notes }, warnings };
    steps = previous.steps;
    warnings.push('the page has no "To work on a project" steps; the previous store\'s steps were kept');
  }
  return { onboarding: { intro: parsed.intro, steps, links, notes }, warnings };
}
