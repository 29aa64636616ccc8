// Parser of the page's MediaWiki source, where each project is a template
//   {{project|Project=…|Date=…|Contact=…|Desc=…|Outcome=…|GSoC=…|Difficulty=…|Skills=…}}
// under "== Category ==" headings. It produces the same ParsedPage as the rendered-text parser:
// values are kept as markup in `raw` and rendered (wikitext-markup.ts) into `text`.
import { createHash } from "node:crypto";
import { ImportError } from "./errors.js";
import type { FieldName, ParsedField, ParsedPage, ParsedParagraph, ParsedProject } from "./parsed-page.js";
import { renderWikitext } from "./wikitext-markup.js";

/** Template parameter names (lower case, no spaces or underscores) → fields. */
const PARAMS: Record<string, FieldName | "title"> = {
  project: "title", title: "title", name: "title",
  date: "inserted", dateofinsert: "inserted", inserted: "inserted",
  verified: "verified", lastverified: "verified",
  gsoc: "gsoc",
  contact: "contacts", contacts: "contacts", technicalcontact: "contacts",
  mailinglist: "mailingList", list: "mailingList", ml: "mailingList", forum: "mailingList",
  irc: "ircChannel", ircchannel: "ircChannel",
  difficulty: "difficulty",
  skills: "skills", skillsneeded: "skills",
  desc: "description", description: "description",
  outcome: "outcomes", outcomes: "outcomes",
};

/**
 * The page's title from the file it was saved as: "Archived_Xen_Development_Projects.wiki",
 * "index.php?title=Archived%2FXen_Development_Projects&action=raw" → the title MediaWiki shows.
 * (A "= heading =" is a section of the page, never its title.)
 */
export function titleFromFileName(file: string): string {
  let name = file.replace(/^.*[\\/]/, "");
  const param = /(?:^|[?&])title=([^&]+)/.exec(name);
  name = param ? param[1]! : name.replace(/\.(?:wiki|mediawiki|wikitext|mw|txt)$/i, "");
  try {
    name = decodeURIComponent(name);
  } catch {
    // not percent-encoded after all
  }
  return name.replace(/_/g, " ").trim() || file;
}

/**
 * The title to store: the page's own ({{DISPLAYTITLE}}), else the one the store already has for
 * this page (a re-import of the same page's source), else the file name's. A stored title that is
 * one of this source's headings came from an older importer that read a heading as the title.
 */
export function pageTitleFor(parsed: ParsedPage, source: string, storedTitle: string | null): ParsedPage {
  if (parsed.titleFrom !== "file name" || !storedTitle) return parsed;
  const escaped = storedTitle.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  if (new RegExp(`^=+\\s*${escaped}\\s*=+\\s*$`, "m").test(source)) return parsed;
  const warnings = parsed.warnings.map((w) => (w.startsWith("the source has no {{DISPLAYTITLE") ? `the source has no {{DISPLAYTITLE:…}}: the page's title is kept as the store has it ("${storedTitle}")` : w));
  return { ...parsed, title: storedTitle, titleFrom: "store", warnings };
}

type Segment =
  | { kind: "heading"; text: string; line: number }
  | { kind: "template"; body: string; offset: number; line: number }
  | { kind: "text"; text: string; line: number };

export function parseWikitextTemplates(source: string, file: string): ParsedPage {
  const src = source.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
  const lineStarts = [0];
  for (let i = 0; i < src.length; i++) if (src[i] === "\n") lineStarts.push(i + 1);
  const lineOf = (offset: number): number => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };

  /** Index just after the "}}" closing the "{{" at `start`, or -1. */
  const closeOf = (start: number): number => {
    let depth = 0;
    for (let j = start; j < src.length; ) {
      if (src.startsWith("{{", j)) {
        depth++;
        j += 2;
      } else if (src.startsWith("}}", j)) {
        depth--;
        j += 2;
        if (depth === 0) return j;
      } else j++;
    }
    return -1;
  };

  // --- segments: headings, templates, text between -------------------------------------
  const segments: Segment[] = [];
  let textStart = 0;
  const flush = (end: number): void => {
    if (end > textStart) segments.push({ kind: "text", text: src.slice(textStart, end), line: lineOf(textStart) });
  };
  for (let i = 0; i < src.length; ) {
    if (src.startsWith("{{", i)) {
      const end = closeOf(i);
      if (end < 0) throw new ImportError(file, lineOf(i), `"{{" is never closed by "}}"`);
      flush(i);
      segments.push({ kind: "template", body: src.slice(i + 2, end - 2), offset: i + 2, line: lineOf(i) });
      i = textStart = end;
      continue;
    }
    if (i === 0 || src[i - 1] === "\n") {
      const eol = src.indexOf("\n", i) < 0 ? src.length : src.indexOf("\n", i);
      const h = /^(={1,6})\s*(.+?)\s*\1\s*$/.exec(src.slice(i, eol));
      if (h) {
        flush(i);
        segments.push({ kind: "heading", text: renderWikitext(h[2]!).text, line: lineOf(i) });
        i = textStart = eol + 1;
        continue;
      }
    }
    i++;
  }
  flush(src.length);

  // --- projects and prose ---------------------------------------------------------------
  const warnings: string[] = [];
  const projects: ParsedProject[] = [];
  let title: string | null = null;
  let category: string | null = null;
  let heading: string | null = null;
  const blocks: Array<{ lines: string[]; line: number; section: string | null; beforeProjects: boolean }> = [];

  for (const seg of segments) {
    if (seg.kind === "heading") {
      heading = category = seg.text;
    } else if (seg.kind === "template") {
      const name = seg.body.split("|")[0]!.trim();
      const display = /^DISPLAYTITLE\s*:(.*)$/is.exec(name);
      if (display) title = renderWikitext(display[1]!.trim()).text;
      if (!/^project$/i.test(name)) continue;
      projects.push(readTemplate(seg, category));
    } else {
      let block: (typeof blocks)[number] | null = null;
      for (const [k, line] of seg.text.split("\n").entries()) {
        if (line.trim() === "") {
          block = null;
          continue;
        }
        // A list starts a block of its own even without a blank line ("To work on a project:\n* …").
        const listLine = /^[*#]/.test(line);
        const prevList = block ? /^[*#]/.test(block.lines[0]!) : false;
        if (block && listLine !== prevList && !(prevList && /^\s/.test(line))) block = null;
        if (!block) {
          block = { lines: [], line: seg.line + k, section: heading, beforeProjects: projects.length === 0 };
          blocks.push(block);
        }
        block.lines.push(line);
      }
    }
  }

  function readTemplate(seg: Extract<Segment, { kind: "template" }>, cat: string | null): ParsedProject {
    const fields: Partial<Record<FieldName, ParsedField>> = {};
    let projectTitle: string | null = null;
    // Split at "|" outside [[…]] and {{…}}.
    const params: Array<{ text: string; offset: number }> = [];
    let depth = 0;
    let from = 0;
    const body = seg.body;
    for (let j = 0; j <= body.length; j++) {
      if (body.startsWith("[[", j) || body.startsWith("{{", j)) {
        depth++;
        j++;
      } else if ((body.startsWith("]]", j) || body.startsWith("}}", j)) && depth > 0) {
        depth--;
        j++;
      } else if (j === body.length || (body[j] === "|" && depth === 0)) {
        params.push({ text: body.slice(from, j), offset: seg.offset + from });
        from = j + 1;
      }
    }
    for (const param of params.slice(1)) {
      const eq = param.text.indexOf("=");
      const line = lineOf(param.offset + (param.text.length - param.text.trimStart().length));
      const key = eq < 0 ? "" : param.text.slice(0, eq).trim().toLowerCase().replace(/[\s_]+/g, "");
      const target = PARAMS[key];
      if (!target) {
        if (param.text.trim()) warnings.push(`line ${line}: unknown template parameter "${param.text.trim().slice(0, 40)}" ignored`);
        continue;
      }
      const raw = param.text.slice(eq + 1).trim();
      const rendered = renderWikitext(raw, { lists: target === "description" || target === "outcomes" });
      if (target === "title") projectTitle = rendered.text.replace(/\s+/g, " ");
      else fields[target] = { raw, text: rendered.text, line, links: rendered.links };
    }
    if (!projectTitle) throw new ImportError(file, seg.line, 'a {{project}} template without "Project=" (the project\'s title)');
    if (cat === null) warnings.push(`line ${seg.line}: project "${projectTitle}" comes before any heading; filed under "Uncategorised"`);
    return { title: projectTitle, category: cat ?? "Uncategorised", line: seg.line, fields };
  }

  if (projects.length === 0) throw new ImportError(file, null, "no {{project|…}} templates found");

  // Preamble: the intro, the first bulleted list as the steps, the rest as notes.
  const isList = (lines: string[]): boolean => lines.every((l) => /^[*#]/.test(l) || /^\s/.test(l)) && /^[*#]/.test(lines[0]!);
  const stepsAt = blocks.findIndex((b) => b.beforeProjects && isList(b.lines));
  const steps: string[] = [];
  const paragraphs: ParsedParagraph[] = [];
  let intro = "";
  blocks.forEach((b, k) => {
    const rendered = renderWikitext(b.lines.join("\n"));
    if (k === stepsAt) {
      for (const l of rendered.text.split("\n")) {
        const item = /^\s*(?:•|\d+\.)\s+(.*)$/.exec(l);
        if (item) steps.push(item[1]!.trim());
        else if (steps.length) steps[steps.length - 1] += ` ${l.trim()}`;
      }
      return;
    }
    const text = rendered.text.replace(/^\s*(?:•|\d+\.)\s+/gm, "").replace(/\s*\n\s*/g, " ").trim();
    if (!text || (k === stepsAt - 1 && text.endsWith(":"))) return;
    if (!intro && b.section === null) intro = text;
    else paragraphs.push({ text, line: b.line, links: rendered.links, section: b.section });
  });

  if (!title) warnings.push(`the source has no {{DISPLAYTITLE:…}}: the page's title is taken from the file name ("${titleFromFileName(file)}"); add {{DISPLAYTITLE:Page title}} at the top to name it`);
  return {
    format: "wikitext",
    file,
    title: title ?? titleFromFileName(file),
    titleFrom: title ? "page" : "file name",
    sha256: createHash("sha256").update(source).digest("hex"),
    intro,
    steps,
    paragraphs,
    projects,
    warnings,
  };
}
