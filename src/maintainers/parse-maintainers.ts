// Reads the text of xen.git's MAINTAINERS into sections, as scripts/get_maintainer.pl reads it:
// the header (guidelines) runs up to the first field line; from there a section is a name line
// followed by "X:\tvalue" field lines (blank lines between fields do not end it). Anything the
// tool would silently misread (a name with no fields, an address-less M:, an unclosed brace) is
// refused here with its line, so a broken file never becomes wrong answers.
import { createHash } from "node:crypto";
import type { EntryKind, ListEntry } from "./schema.js";

export class MaintainersFormatError extends Error {
  constructor(
    readonly line: number | null,
    readonly fault: string,
  ) {
    super(line === null ? fault : `line ${line}: ${fault}`);
    this.name = "MaintainersFormatError";
  }
}

export interface ParsedEntry {
  kind: EntryKind;
  name: string;
  email: string;
  raw: string;
  line: number;
}

export interface ParsedPattern {
  raw: string;
  line: number;
}

export interface ParsedSection {
  name: string;
  line: number;
  raw: string;
  /** The last S: value; null when none. */
  statusRaw: string | null;
  people: ParsedEntry[];
  lists: ListEntry[];
  files: ParsedPattern[];
  excludes: ParsedPattern[];
  keywords: string[];
  web: string[];
  trees: string[];
  version: string | null;
}

export interface ParsedMaintainers {
  sha256: string;
  sections: ParsedSection[];
  warnings: string[];
}

/** A field line as the tool sees one: a capital letter and a colon at the very start. */
const FIELD_LINE = /^([A-Z]):\s*(.*)$/;
const KNOWN_FIELDS = new Set(["M", "R", "L", "S", "F", "X", "K", "W", "T", "V"]);

/** "Full Name <address@domain> trailing", or a bare address; null when there is no address. */
export function parseAddress(value: string): { name: string; email: string; rest: string } | null {
  const named = /^([^<]*)<([^<>\s]+@[^<>\s]+)>(.*)$/.exec(value);
  if (named) return { name: named[1]!.trim().replace(/^"(.*)"$/, "$1"), email: named[2]!, rest: named[3]!.trim() };
  const bare = /^(\S+@\S+)(?:\s+(.*))?$/.exec(value);
  if (bare) return { name: "", email: bare[1]!, rest: (bare[2] ?? "").trim() };
  return null;
}

/** Why a pattern cannot be used, or null. */
function patternFault(value: string): string | null {
  if (/\s/.test(value)) return `"${value.slice(0, 60)}" has a space: one pattern per line, without comments`;
  let open = false;
  for (const c of value) {
    if (c === "{") {
      if (open) return `"${value}" nests a "{" inside another: brace sets cannot nest`;
      open = true;
    } else if (c === "}") {
      if (!open) return `"${value}" has a "}" without "{"`;
      open = false;
    }
  }
  if (open) return `"${value}" has a "{" that is never closed`;
  if (value.split("/").includes("..")) return `"${value}" has a ".." segment`;
  return null;
}

export function parseMaintainers(source: string): ParsedMaintainers {
  const text = source.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
  const lines = text.split("\n");
  if (lines.at(-1) === "") lines.pop();
  const warnings: string[] = [];
  const sections: ParsedSection[] = [];
  const fail = (line: number, fault: string): never => {
    throw new MaintainersFormatError(line, fault);
  };

  const firstField = lines.findIndex((l) => FIELD_LINE.test(l));
  if (firstField < 0) throw new MaintainersFormatError(null, 'no section found: a section is a name line followed by field lines such as "M:\tFull Name <address>"');
  let nameAt = firstField - 1;
  while (nameAt >= 0 && lines[nameAt]!.trim() === "") nameAt--;
  if (nameAt < 0) fail(firstField + 1, "a field line before any section name");

  let current: ParsedSection | null = null;
  let lastContent = nameAt; // index of the last non-blank line of the current section
  const close = (): void => {
    if (!current) return;
    current.raw = lines.slice(current.line - 1, lastContent + 1).join("\n");
    if (current.people.length + current.files.length + current.lists.length + current.trees.length + (current.statusRaw ? 1 : 0) === 0 && !current.version) {
      fail(current.line, `section "${current.name}" has no field lines: a section is a name line followed by lines such as "M:\tFull Name <address>" and "F:\tpath/"`);
    }
    sections.push(current);
    current = null;
  };
  const names = new Map<string, number>();

  for (let i = nameAt; i < lines.length; i++) {
    const line = lines[i]!;
    const n = i + 1;
    if (line.trim() === "") continue;
    const field = FIELD_LINE.exec(line);
    if (!field) {
      // A name line; it must be followed (blank lines aside) by a field line.
      close();
      const name = line.trim();
      let next = i + 1;
      while (next < lines.length && lines[next]!.trim() === "") next++;
      if (next >= lines.length || !FIELD_LINE.test(lines[next]!)) {
        fail(n, `"${name.slice(0, 60)}" is followed by no field lines: a section is a name line followed by lines such as "M:\tFull Name <address>"${next >= lines.length ? " (is the file cut short?)" : ""}`);
      }
      const before = names.get(name.toLowerCase());
      if (before !== undefined) fail(n, `a second section named "${name}" (the first is at line ${before})`);
      names.set(name.toLowerCase(), n);
      current = { name, line: n, raw: "", statusRaw: null, people: [], lists: [], files: [], excludes: [], keywords: [], web: [], trees: [], version: null };
      lastContent = i;
      continue;
    }
    lastContent = i;
    const section = current!;
    const type = field[1]!;
    const value = field[2]!.trim();
    if (!KNOWN_FIELDS.has(type)) {
      warnings.push(`line ${n}: unknown field "${type}:" in section "${section.name}" ignored`);
      continue;
    }
    if (value === "") fail(n, `an empty "${type}:" line in section "${section.name}"`);
    switch (type) {
      case "M":
      case "R": {
        const address = parseAddress(value);
        if (!address) fail(n, `"${type}: ${value.slice(0, 60)}" has no e-mail address: expected "${type}:\tFull Name <address@domain>"`);
        section.people.push({ kind: type === "M" ? "maintainer" : "reviewer", name: address!.name, email: address!.email, raw: value, line: n });
        break;
      }
      case "L": {
        const address = parseAddress(value);
        if (!address) fail(n, `"L: ${value.slice(0, 60)}" has no list address`);
        section.lists.push({ address: address!.email, name: address!.name || null, raw: value, line: n });
        break;
      }
      case "S":
        if (section.statusRaw !== null) warnings.push(`line ${n}: a second "S:" in section "${section.name}"; the last one counts, as for get_maintainer.pl`);
        section.statusRaw = value;
        break;
      case "F":
      case "X": {
        const fault = patternFault(value);
        if (fault) fail(n, fault);
        (type === "F" ? section.files : section.excludes).push({ raw: value, line: n });
        break;
      }
      case "K":
        section.keywords.push(value);
        break;
      case "W":
        section.web.push(value);
        break;
      case "T":
        section.trees.push(value);
        break;
      case "V":
        section.version = value;
        break;
    }
  }
  close();
  return { sha256: createHash("sha256").update(source).digest("hex"), sections, warnings };
}
