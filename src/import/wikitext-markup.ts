// MediaWiki markup → the text the page would render, in the rendered page's conventions
// ("  • item", "  1. item"), plus the links the markup carried. Covers what project pages use:
// lists, [[internal]] and [external] links, bold/italic, <br>, a few inline tags, entities.
import { wikiUrl } from "../projects/fields/links.js";
import type { Link } from "../projects/schema.js";

const INLINE_TAGS = /<\/?(?:code|tt|nowiki|pre|span|small|big|u|s|del|ins|sup|sub|b|i|em|strong|div|p|center)\b[^>]*>/gi;
const ENTITIES: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', nbsp: " ", apos: "'", "#39": "'", mdash: "—", ndash: "–" };

/** Templates that show nothing where they stand (anchors, the table of contents, page settings). */
const INVISIBLE_TEMPLATES = /^(?:anchor|toc|notoc|clear|-|displaytitle|defaultsort)$/i;

/**
 * An inline template as the page shows it: `{{Code|xen/drivers}}` → "xen/drivers". Text templates
 * (Code, Tt, Note, lang…) show their last unnamed argument. Nothing is shown for those in
 * INVISIBLE_TEMPLATES, parser functions and magic words (`{{#if:…}}`, `{{PAGENAME}}`, anything
 * with a colon in its name), and templates without arguments.
 */
function inlineTemplate(all: string): string {
  const [name = "", ...args] = all.slice(2, -2).split("|");
  const bare = name.trim();
  if (INVISIBLE_TEMPLATES.test(bare) || bare.includes(":") || bare.startsWith("#")) return "";
  const unnamed = args.filter((a) => !/^\s*[\w -]+\s*=/.test(a));
  return unnamed.length ? unnamed[unnamed.length - 1]!.trim() : "";
}

/** Renders templates innermost first, so `{{Note|see {{Code|x}}}}` shows "see x". */
function renderTemplates(s: string): string {
  for (let i = 0; i < 10 && /\{\{[^{}]*\}\}/.test(s); i++) s = s.replace(/\{\{[^{}]*\}\}/g, inlineTemplate);
  return s;
}

function renderInline(s: string, links: Link[]): string {
  // Links first: a "|" inside [[page|label]] is not a template's argument separator.
  const linked = s
    .replace(/<!--[\s\S]*?-->/g, "")
    .replace(/\[\[(?:File|Image|Category|Media):[^\]]*\]\]/gi, "")
    .replace(/\[\[([^\]|]+)(?:\|([^\]]*))?\]\]/g, (_all, target: string, label: string | undefined) => {
      const page = target.trim().replace(/^:/, "");
      const shown = (label ?? page).trim();
      links.push({ url: wikiUrl(page), label: shown });
      return shown;
    })
    .replace(/\[(https?:\/\/[^\s\]]+)(?:\s+([^\]]*))?\]/g, (_all, url: string, label: string | undefined) => {
      links.push({ url, label: label?.trim() || null });
      return label?.trim() || url;
    });
  return renderTemplates(linked)
    .replace(/'{2,5}/g, "")
    .replace(/<br\s*\/?>/gi, "\n")
    .replace(INLINE_TAGS, "")
    .replace(/&(#?\w+);/g, (all, name: string) => ENTITIES[name] ?? all);
}

/**
 * Renders a wikitext value; list markers become the rendered page's bullets and numbers.
 * `lists: false` for one-line values, where a leading "#" is a channel name, not a list.
 */
export function renderWikitext(src: string, { lists = true }: { lists?: boolean } = {}): { text: string; links: Link[] } {
  const links: Link[] = [];
  if (!lists) return { text: renderInline(src, links).replace(/\s*\n\s*/g, " ").trim(), links };
  const out: string[] = [];
  const counters: number[] = [];
  for (const line of renderInline(src, links).split("\n")) {
    const m = /^([*#:;]+)\s*(.*)$/.exec(line);
    if (!m) {
      counters.length = 0;
      out.push(line.trimEnd());
      continue;
    }
    const markers = m[1]!;
    const depth = markers.length;
    const indent = "  ".repeat(depth);
    const kind = markers[markers.length - 1]!;
    counters.length = depth;
    if (kind === "#") {
      counters[depth - 1] = (counters[depth - 1] ?? 0) + 1;
      out.push(`${indent}${counters[depth - 1]}. ${m[2]}`);
    } else if (kind === "*") {
      out.push(`${indent}• ${m[2]}`);
    } else {
      out.push(m[2]!); // ":" indents, ";" is a definition term: plain text here
    }
  }
  return { text: out.join("\n").trim(), links };
}
