// The date fields, "Date of insert" and "Verified", read the way the page writes them. Each
// keeps the raw text and adds what can be read from it, and nothing more: a date with two
// calendar readings (02/04/2014) stays ambiguous rather than guessed.
import type { DateField, VerifiedField } from "../schema.js";
import { isUnknownText } from "./unknown-text.js";

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
