// "We do not know" as the page writes it ("Unknown", "N/A", "TBD", "-", "?"): the one-line
// field normalisers read it as no value, never as a value to parse.

/** Words a page uses for "we do not know". */
const UNKNOWN_WORDS = /^(?:unknown|n\/?a|none|tbd|tba|\?+|-+|not specified|unspecified)?$/i;

export function isUnknownText(raw: string): boolean {
  return UNKNOWN_WORDS.test(raw.trim().replace(/[.!]+$/, ""));
}
