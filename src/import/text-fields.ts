// Line-level reading of the rendered page: which lines are fields ("Difficulty: High"), which
// are bullets, which could be headings. Kept apart from the parser's state machine so each rule
// can be read (and tested) on its own.
import type { FieldName } from "./parsed-page.js";

/** Field keys as the page writes them, and the variants another revision may use. */
const KEYS: ReadonlyArray<readonly [RegExp, FieldName]> = [
  [/^(?:date(?: of (?:insert|insertion|addition))?|inserted|added)$/i, "inserted"],
  [/^(?:last )?verified$/i, "verified"],
  [/^(?:gsoc|google summer of code)$/i, "gsoc"],
  [/^(?:technical )?contacts?$/i, "contacts"],
  [/^mailing ?lists?(?: ?\/ ?forums?)?(?: for (?:the )?project)?$/i, "mailingList"],
  [/^irc(?: channels?)?(?: for (?:the )?project)?$/i, "ircChannel"],
  [/^difficulty(?: level)?$/i, "difficulty"],
  [/^skills?(?: needed| required)?$/i, "skills"],
  [/^description$/i, "description"],
  [/^outcomes?$/i, "outcomes"],
];

/** Fields whose value may run over several paragraphs, bullets included. */
export const MULTILINE_FIELDS: ReadonlySet<FieldName> = new Set<FieldName>(["description", "outcomes"]);

export function fieldNameOf(key: string): FieldName | null {
  const k = key.trim().replace(/\s+/g, " ");
  for (const [re, name] of KEYS) if (re.test(k)) return name;
  return null;
}

export interface FieldHit {
  name: FieldName;
  /** The key as written ("Skills Needed"). */
  key: string;
  value: string;
}

const KEY_VALUE = /^\s*([A-Za-z][A-Za-z /]{0,40}?)\s*:(?:\s+(.*)|\s*)$/;

function matchKnownKey(s: string): FieldHit | null {
  const m = KEY_VALUE.exec(s);
  if (!m) return null;
  const name = fieldNameOf(m[1]!);
  return name ? { name, key: m[1]!.trim(), value: (m[2] ?? "").trim() } : null;
}

/**
 * The fields on one line, or null when the line is not a field line. The page puts three
 * on one line ("Date of insert: …; Verified: …; GSoC: …"); a ";" splits only where a known
 * key follows, so "Skills Needed: Linux scripting; basic …" stays one field.
 */
export function readFieldLine(line: string): FieldHit[] | null {
  const head = matchKnownKey(line);
  if (!head) return null;
  if (MULTILINE_FIELDS.has(head.name)) return [head];
  const pieces = head.value.split(";");
  const hits: FieldHit[] = [{ ...head, value: pieces[0]! }];
  for (const piece of pieces.slice(1)) {
    const next = matchKnownKey(piece);
    if (next && !MULTILINE_FIELDS.has(next.name)) hits.push(next);
    else hits[hits.length - 1]!.value += `;${piece}`;
  }
  return hits.map((h) => ({ ...h, value: h.value.trim() }));
}

/** "Mentor: Bob" — looks like a field but its key is not one we know. */
export function unknownKeyOf(line: string): string | null {
  const m = /^([A-Z][A-Za-z]*(?: [A-Za-z]+){0,3}):(?:\s+\S|\s*$)/.exec(line.trim());
  if (!m || /^https?$/i.test(m[1]!) || fieldNameOf(m[1]!)) return null;
  return m[1]!;
}

/** "  • item", "  * item", "  - item", "  1. item", "  2) item". */
export function bulletOf(line: string): { marker: "bullet" | "number"; n: number | null; text: string } | null {
  const b = /^\s*(?:[•*·▪◦‣]|-(?=\s))\s+(\S.*)$/.exec(line);
  if (b) return { marker: "bullet", n: null, text: b[1]!.trim() };
  const n = /^\s*(\d{1,3})[.)]\s+(\S.*)$/.exec(line);
  if (n) return { marker: "number", n: Number(n[1]), text: n[2]!.trim() };
  return null;
}

/**
 * Could this line be a section heading ("Domain support", "Mirage and XAPI projects")?
 * Short, starts with a capital or digit, plain words only, no sentence punctuation at the end.
 * Whether it IS one also depends on what follows (see the parser).
 */
export function isHeadingLike(line: string): boolean {
  const t = line.trim();
  if (t.length < 2 || t.length > 90 || line !== line.trimStart()) return false;
  if (t.split(/\s+/).length > 12) return false;
  if (/[.,;:!?]$/.test(t)) return false;
  if (readFieldLine(t) || bulletOf(t)) return false;
  return /^[\p{Lu}\p{N}][\p{L}\p{N} ,'’&()/+-]*$/u.test(t);
}

/** MediaWiki page chrome that text dumps keep under the title. */
export function isPageChrome(line: string): boolean {
  const t = line.trim();
  return /^From [\p{L}\p{N} ]{1,40}$/u.test(t) || /^Jump to (?:navigation|search)/i.test(t);
}
