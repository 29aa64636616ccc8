// What the tests call an invisible character in the bot's output, written apart from
// src/core/hygiene.ts so that a mistake there is not repeated here: bidi controls, zero-width and
// other invisible format characters (Unicode's Default_Ignorable_Code_Point set, less the
// variation selectors emoji need), a ZWJ anywhere but between two pictographs, a tag anywhere but
// in a flag's tag sequence.

const BIDI = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/u;
const SELECTOR_OR_SKIN = /^[\u{fe0f}\u{1f3fb}-\u{1f3ff}]$/u;
const PICTOGRAPH = /^\p{Extended_Pictographic}$/u;
const TAG = /^[\u{e0000}-\u{e007f}]$/u;

/** Default-ignorable code points, but the variation selectors (CJK, Mongolian, emoji need them) and the two checked in context. */
function ignorable(c: string): boolean {
  return /^\p{Default_Ignorable_Code_Point}$/u.test(c) && !/^[\u{fe00}-\u{fe0f}\u{e0100}-\u{e01ef}\u180b-\u180d\u180f\u200d]$/u.test(c) && !TAG.test(c);
}

/** The first invisible character in `s` and why, or null when there is none. */
export function invisibleIn(s: string): string | null {
  const cps = [...s];
  for (let i = 0; i < cps.length; i++) {
    const c = cps[i]!;
    const name = `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;
    if (BIDI.test(c)) return `${name} (bidi control) at ${i}`;
    if (c === "\u200d") {
      const before = SELECTOR_OR_SKIN.test(cps[i - 1] ?? "") ? cps[i - 2] : cps[i - 1];
      if (!PICTOGRAPH.test(before ?? "") || !PICTOGRAPH.test(cps[i + 1] ?? "")) return `${name} (a ZWJ outside an emoji) at ${i}`;
      continue;
    }
    if (TAG.test(c)) {
      let j = i - 1;
      while (j >= 0 && /^[\u{e0020}-\u{e007e}]$/u.test(cps[j]!)) j--;
      if (cps[j] !== "\u{1f3f4}") return `${name} (a tag outside a flag) at ${i}`;
      continue;
    }
    if (ignorable(c) || c === "\ufeff" || c === "\u00ad") return `${name} (invisible) at ${i}`;
  }
  return null;
}
