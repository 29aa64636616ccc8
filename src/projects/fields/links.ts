// Links in a project's text: URLs as written, and the wiki cross-references the rendered page
// shows bare ("GSoC_2013#powerclamp-for-xen"), as links to the Xen wiki.
import type { Link } from "../schema.js";

export const WIKI_BASE = "https://wiki.xenproject.org/wiki/";

const URL = /https?:\/\/[^\s<>"'()[\]{}]+/g;

/** A wiki page name as a URL on the Xen wiki ("GSoC_2013#gpu-passthrough"). */
export function wikiUrl(page: string): string {
  const [name, anchor] = page.split("#", 2) as [string, string | undefined];
  const path = encodeURI(name.trim().replace(/ /g, "_"));
  return WIKI_BASE + path + (anchor ? `#${anchor}` : "");
}

/**
 * URLs in the text, and wiki cross-references the rendered page shows as bare
 * "GSoC_2013#powerclamp-for-xen": those become a link to that wiki page and anchor, labelled
 * with the text as shown. First occurrence wins; the order is the text's.
 */
export function extractLinks(text: string): Link[] {
  const found: Array<{ at: number; link: Link }> = [];
  for (const m of text.matchAll(URL)) {
    found.push({ at: m.index, link: { url: m[0].replace(/[.,;:!?]+$/, ""), label: null } });
  }
  const withoutUrls = text.replace(URL, (u) => " ".repeat(u.length));
  for (const m of withoutUrls.matchAll(/(?<![\w/#@.-])([A-Z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+#[A-Za-z0-9_.-]*[A-Za-z0-9])/g)) {
    found.push({ at: m.index, link: { url: wikiUrl(m[1]!), label: m[1]! } });
  }
  const seen = new Set<string>();
  return found
    .sort((a, b) => a.at - b.at)
    .map((f) => f.link)
    .filter((l) => !seen.has(l.url) && seen.add(l.url));
}

/** "please look at Submitting Xen Patches wiki page" → "Submitting Xen Patches". */
export function wikiPageMentions(text: string): string[] {
  return [...text.matchAll(/\b(?:at|see|read|check)\s+(?:the\s+)?([A-Z][\w-]*(?: [A-Z][\w-]*)*)\s+wiki page\b/g)].map((m) => m[1]!);
}
