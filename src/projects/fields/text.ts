// The "Description" and "Outcomes" fields: from the page's hard-wrapped, oddly broken lines to
// readable paragraphs and bullets (links in them: links.ts).

/** Text that says there is nothing: "Not specified, project outcomes", "Unknown", "". */
export function isUnspecifiedText(text: string): boolean {
  const t = text.trim().replace(/[.!]+$/, "");
  return t === "" || /^(?:unknown|n\/?a|none|tbd|tba|\?+|-+)$/i.test(t) || /^not specified\b/i.test(t);
}

interface Element {
  kind: "para" | "item";
  /** "•" or "3." for items. */
  marker: string;
  text: string;
  /** A blank line separated it from the previous element in the source. */
  gapBefore: boolean;
}

const BULLET = /^\s*(?:[•*·▪◦‣]|-(?=\s))\s+(\S.*)$/;
const NUMBERED = /^\s*(\d{1,3})[.)]\s+(\S.*)$/;

/** The page sometimes breaks a sentence with a blank line ("a system-wide maximum\n\npower usage"). */
function continuesSentence(prev: string, next: string): boolean {
  if (/[.!?:;)"'\]…]$/.test(prev)) return false;
  if (/https?:\/\/\S+$/.test(prev)) return false; // "…/tools/debugger/kdd" then "kdd allows …"
  return /^\p{Ll}/u.test(next);
}

/** "1. a repo; 2. a graph" written on one line becomes two numbered items. */
function splitInlineNumbering(el: Element): Element[] {
  let rest: string;
  if (el.kind === "item" && el.marker === "1.") rest = el.text;
  else if (el.kind === "para" && /^1[.)]\s/.test(el.text)) rest = el.text.replace(/^1[.)]\s+/, "");
  else return [el];
  const parts: string[] = [];
  for (let k = 2; ; k++) {
    const m = new RegExp(`[;,]?\\s+${k}[.)]\\s+`).exec(rest);
    if (!m) break;
    parts.push(rest.slice(0, m.index));
    rest = rest.slice(m.index + m[0].length);
  }
  if (parts.length === 0) return [el];
  parts.push(rest);
  return parts.map((text, i) => ({ kind: "item", marker: `${i + 1}.`, text: text.trim(), gapBefore: i === 0 ? el.gapBefore : false }));
}

/**
 * Readable text: hard-wrapped lines of a paragraph joined, paragraphs separated by a blank line
 * (a single line break where the page had none, e.g. between "Expected outcome:" and its
 * bullets), bullets as "• item", numbered items as "1. item".
 */
export function readableText(raw: string): { text: string; specified: boolean } {
  if (isUnspecifiedText(raw)) return { text: "", specified: false };
  const elements: Element[] = [];
  let gap = false;
  for (const line of raw.split(/\r?\n/)) {
    const t = line.trim().replace(/\s+/g, " ");
    if (t === "") {
      gap = elements.length > 0;
      continue;
    }
    const prev = elements[elements.length - 1];
    const bullet = BULLET.exec(line);
    const numbered = bullet ? null : NUMBERED.exec(line);
    if (bullet || numbered) {
      elements.push({ kind: "item", marker: bullet ? "•" : `${numbered![1]}.`, text: (bullet ? bullet[1]! : numbered![2]!).trim(), gapBefore: gap });
    } else if (prev && prev.kind === "para" && (!gap || continuesSentence(prev.text, t))) {
      prev.text += ` ${t}`;
    } else if (prev && prev.kind === "item" && !gap && /^\s/.test(line)) {
      prev.text += ` ${t}`; // an indented line continues its bullet
    } else {
      elements.push({ kind: "para", marker: "", text: t, gapBefore: gap });
    }
    gap = false;
  }
  const out = elements.flatMap(splitInlineNumbering);
  const text = out
    .map((el, i) => (i === 0 ? "" : el.gapBefore ? "\n\n" : "\n") + (el.kind === "item" ? `${el.marker} ${el.text.replace(/;$/, "")}` : el.text))
    .join("");
  return { text, specified: true };
}
