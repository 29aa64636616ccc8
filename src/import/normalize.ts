// Pure normalisers for the one-line fields: dates, "Verified", difficulty, GSoC, mailing list,
// IRC channel. Each keeps the raw text and adds what we can read from it, and nothing we cannot:
// a date with two calendar readings stays ambiguous rather than guessed. Unreadable values that
// matter for filtering (difficulty, GSoC) throw a ValueError, which build-store locates.
import type { DateField, DifficultyField, GsocField, Level, VerifiedField } from "../projects/schema.js";
import { ValueError } from "./errors.js";

export { normalizeText, extractLinks } from "./text.js";
export { parseContacts, isPlaceholderEmail } from "./contacts.js";
export { tagSkills } from "./skills.js";

/** Words a page uses for "we do not know". */
const UNKNOWN_WORDS = /^(?:unknown|n\/?a|none|tbd|tba|\?+|-+|not specified|unspecified)?$/i;

export function isUnknownText(raw: string): boolean {
  return UNKNOWN_WORDS.test(raw.trim().replace(/[.!]+$/, ""));
}

// ---- dates ---------------------------------------------------------------------------

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

/** ISO date when y-m-d is a real calendar day, else null. */
function isoOf(y: number, m: number, d: number): string | null {
  if (m < 1 || m > 12 || d < 1) return null;
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return d <= days ? `${y}-${pad(m)}-${pad(d)}` : null;
}

function fullYear(y: string): number {
  // Two-digit years on this page are all this century (15/11/12 is 2012).
  return y.length === 2 ? 2000 + Number(y) : Number(y);
}

function fromReadings(raw: string, readings: Array<string | null>, year: number | null): DateField {
  const valid = [...new Set(readings.filter((r): r is string => r !== null))].sort();
  if (valid.length === 0) return { raw, iso: null, readings: [], ambiguous: false, year: null };
  return { raw, iso: valid.length === 1 ? valid[0]! : null, readings: valid, ambiguous: valid.length > 1, year };
}

/**
 * Reads a date the way the page writes them. Numeric dates may be month-first (01/22/2013) or
 * day-first (15/11/2012, 15/11/12); both readings are tried and `iso` is given only when exactly
 * one is a real day (or both are the same day, 01/01/2013). A bare year gives `year` only.
 */
export function parseDate(text: string): DateField {
  const raw = text;
  const t = text.trim();
  const none: DateField = { raw, iso: null, readings: [], ambiguous: false, year: null };
  if (isUnknownText(t)) return none;
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(t);
  if (m) return fromReadings(raw, [isoOf(+m[1]!, +m[2]!, +m[3]!)], +m[1]!);
  m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})$/.exec(t);
  if (m) {
    const [a, b, y] = [+m[1]!, +m[2]!, fullYear(m[3]!)];
    return fromReadings(raw, [isoOf(y, a, b), isoOf(y, b, a)], y);
  }
  // "22 January 2013", "January 22, 2013", "Jan 2013".
  m = /^(?:(\d{1,2})\s+)?([A-Za-z]{3,9})\.?\s+(?:(\d{1,2}),?\s+)?(\d{4})$/.exec(t);
  const month = m ? MONTHS.indexOf(m[2]!.slice(0, 3).toLowerCase()) + 1 : 0;
  if (m && month > 0 && !(m[1] && m[3])) {
    const day = m[1] ?? m[3];
    const y = +m[4]!;
    return day ? fromReadings(raw, [isoOf(y, month, +day)], y) : { ...none, year: y };
  }
  m = /^(?:in\s+)?((?:19|20)\d{2})$/i.exec(t);
  if (m) return { ...none, year: +m[1]! };
  return none;
}

/**
 * "Verified: Not updated in 2020" says the entry was NOT checked (stale, year 2020);
 * "Verified: 2017" gives a year; a full date is read like any date.
 */
export function parseVerified(text: string): VerifiedField {
  const t = text.trim();
  if (/\b(?:not|never|no longer)\b/i.test(t) || /^(?:outdated|stale)\b/i.test(t)) {
    const year = /\b((?:19|20)\d{2})\b/.exec(t);
    return { raw: text, iso: null, readings: [], ambiguous: false, year: year ? +year[1]! : null, stale: true };
  }
  return { ...parseDate(text), stale: false };
}

// ---- difficulty ----------------------------------------------------------------------

const LEVEL_WORDS: Record<string, Level> = {
  easy: "easy", low: "easy", simple: "easy", beginner: "easy", trivial: "easy",
  medium: "medium", moderate: "medium", intermediate: "medium", mid: "medium", average: "medium",
  high: "hard", hard: "hard", difficult: "hard", advanced: "hard", challenging: "hard",
};
const ORDER: readonly Level[] = ["easy", "medium", "hard"];

/** Easy/Low, Medium, High/Hard/Difficult, or a range "Low to medium"; "Unknown" is not known. */
export function parseDifficulty(text: string): DifficultyField {
  const t = text.trim().toLowerCase().replace(/[.!]+$/, "");
  if (isUnknownText(t)) return { raw: text, known: false, min: null, max: null };
  const single = LEVEL_WORDS[t];
  if (single) return { raw: text, known: true, min: single, max: single };
  const range = /^([a-z]+)\s*(?:to|-|–|\/|or)\s*([a-z]+)$/.exec(t);
  const a = range ? LEVEL_WORDS[range[1]!] : undefined;
  const b = range ? LEVEL_WORDS[range[2]!] : undefined;
  if (a && b) {
    const [min, max] = ORDER.indexOf(a) <= ORDER.indexOf(b) ? [a, b] : [b, a];
    return { raw: text, known: true, min, max };
  }
  throw new ValueError(
    `difficulty "${text.trim()}" is not recognised (expected Easy/Low, Medium, High/Hard/Difficult, a range such as "Low to medium", or Unknown)`,
  );
}

// ---- GSoC ------------------------------------------------------------------------------

/** "Yes", "no, too much work" (reason kept), "Unknown". */
export function parseGsoc(text: string): GsocField {
  const t = text.trim();
  if (isUnknownText(t)) return { raw: text, value: "unknown", reason: null };
  const m = /^(yes|no|maybe|possibly|perhaps)\b[\s,;:.()–—-]*(.*?)[\s).]*$/i.exec(t);
  if (!m) throw new ValueError(`GSoC "${t}" is not recognised (expected Yes, No (with an optional reason, e.g. "no, too much work") or Unknown)`);
  const word = m[1]!.toLowerCase();
  const value = word === "yes" ? "yes" : word === "no" ? "no" : "unknown";
  const reason = m[2]! || (value === "unknown" ? t : "");
  return { raw: text, value, reason: reason || null };
}

// ---- mailing list and IRC -------------------------------------------------------------

/**
 * Lists we know live on lists.xenproject.org, so that the page's shorthand "xen-devel@" can be
 * completed with confidence. Anything else is kept as written.
 */
const XEN_LISTS = new Set(["xen-devel", "xen-users", "xen-api", "xen-announce", "mirageos-devel"]);
const LIST_DOMAIN = "lists.xenproject.org";

export function parseMailingList(text: string): { raw: string; address: string | null } {
  const t = text.trim();
  if (isUnknownText(t)) return { raw: text, address: null };
  const bare = /^([a-z0-9][a-z0-9._-]*)@$/i.exec(t);
  if (bare && XEN_LISTS.has(bare[1]!.toLowerCase())) return { raw: text, address: `${bare[1]!.toLowerCase()}@${LIST_DOMAIN}` };
  return { raw: text, address: t };
}

/** "#xen-devel" (also "#xen-devel on OFTC") gives the channel; no "#" means we cannot tell. */
export function parseIrcChannel(text: string): { raw: string; channel: string | null } {
  const m = /(?:^|\s)([#&][^\s,;]+)/.exec(text);
  return { raw: text, channel: m ? m[1]!.replace(/[.)]+$/, "") : null };
}
