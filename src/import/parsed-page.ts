// The intermediate form both page parsers produce: the page's structure with every field's
// raw text and line, before any normalisation. build-store turns it into the store.
import type { Link } from "../projects/schema.js";

export const FIELD_NAMES = [
  "inserted",
  "verified",
  "gsoc",
  "contacts",
  "mailingList",
  "ircChannel",
  "difficulty",
  "skills",
  "description",
  "outcomes",
] as const;
export type FieldName = (typeof FIELD_NAMES)[number];

/** How each field is called on the rendered page, for messages. */
export const FIELD_LABELS: Record<FieldName, string> = {
  inserted: "Date of insert",
  verified: "Verified",
  gsoc: "GSoC",
  contacts: "Technical contact",
  mailingList: "Mailing list/forum for project",
  ircChannel: "IRC channel for project",
  difficulty: "Difficulty",
  skills: "Skills Needed",
  description: "Description",
  outcomes: "Outcomes",
};

export interface ParsedField {
  /** The source text of the value as written (rendered text, or wikitext markup). */
  raw: string;
  /** The value as rendered text: bullets "  • x", numbered "  1. x", paragraphs by blank lines. */
  text: string;
  /** 1-based line where the field starts. */
  line: number;
  /** Links the markup made explicit (wikitext); the rendered page has none beyond its text. */
  links: Link[];
}

export interface ParsedProject {
  title: string;
  category: string;
  /** 1-based line of the title (or of the template). */
  line: number;
  fields: Partial<Record<FieldName, ParsedField>>;
}

export interface ParsedParagraph {
  /** Rendered text of the paragraph, one line. */
  text: string;
  line: number;
  links: Link[];
  /** The heading it sits under when it is outside the preamble ("Mirage and XAPI projects"). */
  section: string | null;
}

export interface ParsedPage {
  format: "text" | "wikitext";
  /** The file as the caller named it. */
  file: string;
  title: string;
  /**
   * Where the title came from: the page itself (the rendered page's first line, {{DISPLAYTITLE}}),
   * the file name (MediaWiki source without DISPLAYTITLE), or the store being refreshed.
   */
  titleFrom?: "page" | "file name" | "store";
  /** sha256 (hex) of the whole source text. */
  sha256: string;
  intro: string;
  /** The "To work on a project:" bullets, rendered. */
  steps: string[];
  /** Every other prose paragraph that is not a project: preamble and project-less sections. */
  paragraphs: ParsedParagraph[];
  projects: ParsedProject[];
  /** Things a maintainer should look at that did not stop the import, each naming its line. */
  warnings: string[];
}
