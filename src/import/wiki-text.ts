// Parser of the rendered wiki page (the text a browser shows, as in
// data/sources/xen-development-projects.txt). The page has no markup, so structure comes from
// line shapes: a project is a title line, a blank line, then "Key: value" field lines; a
// category heading is a short line followed by a project, another heading, or a prose paragraph.
// Anything that looks like a project but does not fit fails with the file and line.
import { createHash } from "node:crypto";
import { ImportError } from "./errors.js";
import { FIELD_LABELS, type FieldName, type ParsedPage, type ParsedParagraph, type ParsedProject } from "./parsed-page.js";
import { MULTILINE_FIELDS, bulletOf, isHeadingLike, isPageChrome, readFieldLine, unknownKeyOf, type FieldHit } from "./text-fields.js";

const UNCATEGORISED = "Uncategorised";

interface OpenField {
  /** null: an unknown "Key: value" whose continuation lines must not leak into a known field. */
  name: FieldName | null;
  lines: string[];
  line: number;
  /** A blank line was seen since the field started. */
  gap: boolean;
}

export function parseWikiText(source: string, file: string): ParsedPage {
  const lines = source.replace(/^\uFEFF/, "").split(/\r?\n/).map((l) => l.replace(/\s+$/, ""));
  const n = lines.length;
  const at = (i: number): string => lines[i] ?? "";
  const blank = (i: number): boolean => at(i).trim() === "";
  const fieldCache = new Map<number, FieldHit[] | null>();
  const fieldsAt = (i: number): FieldHit[] | null => {
    if (!fieldCache.has(i)) fieldCache.set(i, i < n ? readFieldLine(at(i)) : null);
    return fieldCache.get(i)!;
  };
  const nextNonBlank = (from: number): number => {
    for (let i = from; i < n; i++) if (!blank(i)) return i;
    return -1;
  };
  const blockStart = (i: number): number => {
    let s = i;
    while (s > 0 && !blank(s - 1)) s--;
    return s;
  };

  /** A title stands alone on its line and is followed, after blank lines, by a field line. */
  const isTitleAt = (i: number): boolean => {
    if (blank(i) || fieldsAt(i) || bulletOf(at(i)) || at(i) !== at(i).trimStart()) return false;
    if (i + 1 < n && !blank(i + 1)) return false;
    const j = nextNonBlank(i + 1);
    const f = j < 0 ? null : fieldsAt(j);
    // "…text\n\nOutcomes: …" is a description paragraph before its outcomes, not a title.
    return !!f && !MULTILINE_FIELDS.has(f[0]!.name);
  };

  /** A heading is heading-like and followed by a title, a heading, up to two prose paragraphs then one of those, or the end. */
  const isHeadingAt = (i: number, depth = 0): boolean => {
    if (!isHeadingLike(at(i)) || (i + 1 < n && !blank(i + 1))) return false;
    let k = nextNonBlank(i + 1);
    for (let prose = 0; ; prose++) {
      if (k < 0 || isTitleAt(k) || (depth < 3 && isHeadingAt(k, depth + 1))) return true;
      if (prose === 2) return false;
      let e = k;
      for (; e < n && !blank(e); e++) if (fieldsAt(e)) return false;
      k = nextNonBlank(e);
    }
  };

  // --- title and preamble ------------------------------------------------------------
  const first = nextNonBlank(0);
  if (first < 0) throw new ImportError(file, null, "the page is empty");
  const hasTitle = !isTitleAt(first) && !isHeadingAt(first);
  const title = hasTitle ? at(first).trim() : file.replace(/^.*[\\/]/, "").replace(/\.[^.]*$/, "");
  let i = hasTitle ? first + 1 : first;
  const warnings: string[] = [];
  const paragraphs: ParsedParagraph[] = [];
  let intro = "";
  const steps: string[] = [];

  // Preamble blocks: the intro, the "To work on a project:" steps, links and notes.
  const blocks: Array<{ line: number; lines: string[] }> = [];
  // Project fields (two field lines in a row) end the preamble too, so that a project whose
  // title is garbled is reported rather than read as preamble; a lone "Contact: …" is prose.
  const projectFieldsAt = (i: number): boolean => !!fieldsAt(i) && (!!fieldsAt(i + 1) || (fieldsAt(i)!.length > 1));
  for (; i < n && !isTitleAt(i) && !isHeadingAt(i) && !projectFieldsAt(i); i++) {
    if (blank(i) || isPageChrome(at(i))) continue;
    const prev = blocks[blocks.length - 1];
    // A list starts a block of its own even without a blank line before it.
    const prevIsList = prev !== undefined && bulletOf(prev.lines[0]!) !== null;
    const sameKind = prevIsList ? bulletOf(at(i)) !== null || /^\s/.test(at(i)) : bulletOf(at(i)) === null;
    if (prev && sameKind && prev.line + prev.lines.length === i + 1) prev.lines.push(at(i));
    else blocks.push({ line: i + 1, lines: [at(i)] });
  }
  const stepsAt = blocks.findIndex((b) => bulletOf(b.lines[0]!) !== null);
  for (const [bi, block] of blocks.entries()) {
    if (bi === stepsAt) {
      for (const l of block.lines) {
        const b = bulletOf(l);
        if (b) steps.push(b.text);
        else steps[steps.length - 1] += ` ${l.trim()}`;
      }
      continue;
    }
    const text = block.lines.map((l) => bulletOf(l)?.text ?? l.trim()).join(" ");
    // The lead-in ("To work on a project:") only announces the steps.
    if (bi === stepsAt - 1 && text.endsWith(":")) continue;
    if (!intro) intro = text;
    else paragraphs.push({ text, line: block.line, links: [], section: null });
  }

  // --- projects -------------------------------------------------------------------------
  const projects: ParsedProject[] = [];
  let category: string | null = null;
  let current: ParsedProject | null = null;
  let open: OpenField | null = null;
  let prose: ParsedParagraph | null = null;

  /** "Title\n\nDescription: …" while the current project already has a description: a new project. */
  const repeatsOpenField = (i: number): boolean => {
    if (!current || bulletOf(at(i)) || fieldsAt(i) || (i + 1 < n && !blank(i + 1))) return false;
    const j = nextNonBlank(i + 1);
    const f = j < 0 ? null : fieldsAt(j);
    return !!f && (!!current.fields[f[0]!.name] || open?.name === f[0]!.name);
  };
  const closeOpen = (): void => {
    if (!open || !current) {
      open = null;
      return;
    }
    const body = open.lines.slice();
    while (body.length && body[body.length - 1]!.trim() === "") body.pop();
    if (open.name) {
      const raw = body.join("\n").trim();
      current.fields[open.name] = { raw, text: raw, line: open.line, links: [] };
    }
    open = null;
  };
  const fail = (line: number, fault: string): never => {
    throw new ImportError(file, line, fault);
  };

  for (; i < n; i++) {
    const line = at(i);
    if (blank(i)) {
      if (open) {
        open.lines.push("");
        open.gap = true;
      }
      prose = null;
      continue;
    }
    if (isTitleAt(i) || repeatsOpenField(i)) {
      closeOpen();
      prose = null;
      if (category === null) warnings.push(`line ${i + 1}: project "${line.trim()}" comes before any category heading; filed under "${UNCATEGORISED}"`);
      current = { title: line.trim(), category: category ?? UNCATEGORISED, line: i + 1, fields: {} };
      projects.push(current);
      continue;
    }
    if (isHeadingAt(i)) {
      closeOpen();
      current = null;
      prose = null;
      category = line.trim();
      continue;
    }
    const hits = fieldsAt(i);
    if (hits) {
      // Non-field text directly above the first field, in the same block: garbage where a
      // field should be (unless it is the tail of a description, like "GSoC_2013#…\nOutcomes:").
      const start = blockStart(i);
      const junkAbove = start < i && !fieldsAt(start);
      const junk = `"${at(start).trim().slice(0, 60)}" is not a field: a project is a title line, a blank line, then fields such as "Date of insert: …; Verified: …; GSoC: …"`;
      if (!current) {
        fail(junkAbove ? start + 1 : i + 1, junkAbove ? junk : `"${hits[0]!.key}" has no project title above it: a project is a title line, a blank line, then its fields`);
      }
      for (const hit of hits) {
        if (!current!.fields[hit.name] && open?.name !== hit.name) continue;
        if (junkAbove && !MULTILINE_FIELDS.has(hit.name)) fail(start + 1, `${junk} (the fields from line ${i + 1} on cannot be placed)`);
        fail(i + 1, `a second "${FIELD_LABELS[hit.name]}" in project "${current!.title}" (line ${current!.line}): is the title of a new project missing above this line (a title line, then a blank line)?`);
      }
      closeOpen();
      for (const [k, hit] of hits.entries()) {
        if (k < hits.length - 1) current!.fields[hit.name] = { raw: hit.value, text: hit.value, line: i + 1, links: [] };
        else open = { name: hit.name, lines: [hit.value], line: i + 1, gap: false };
      }
      continue;
    }
    if (current && !open) fail(i + 1, `unexpected text in project "${current.title}" (line ${current.line})`);
    if (current && open) {
      if (open.name && MULTILINE_FIELDS.has(open.name)) {
        open.lines.push(line);
        continue;
      }
      const unknown = unknownKeyOf(line);
      if (unknown) {
        closeOpen();
        warnings.push(`line ${i + 1}: unknown field "${unknown}" in project "${current.title}" was ignored`);
        open = { name: null, lines: [], line: i + 1, gap: false };
        continue;
      }
      // A header field may wrap onto the next line, but not across a blank line.
      if (!open.gap && !bulletOf(line)) {
        open.lines.push(line);
        continue;
      }
      fail(i + 1, `unexpected text among the fields of project "${current.title}" (line ${current.line}): "${line.trim().slice(0, 60)}"; expected "Key: value" lines (e.g. "Difficulty: …") and a "Description: …"`);
    }
    // Prose outside projects: notes under the current heading.
    const text = bulletOf(line)?.text ?? line.trim();
    if (prose) prose.text += ` ${text}`;
    else paragraphs.push((prose = { text, line: i + 1, links: [], section: category }));
  }
  closeOpen();

  if (projects.length === 0) {
    throw new ImportError(file, null, 'no projects found: a project is a title line, a blank line, then fields such as "Date of insert: …; Verified: …; GSoC: …"');
  }
  return {
    format: "text",
    file,
    title,
    sha256: createHash("sha256").update(source).digest("hex"),
    intro,
    steps,
    paragraphs,
    projects,
    warnings,
  };
}
