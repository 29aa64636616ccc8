// The "GSoC" field: yes, no (with the page's reason kept: "no, too much work") or unknown,
// which `!projects gsoc` and `!suggest gsoc` filter on. An unreadable value throws a ValueError.
import type { GsocField } from "../schema.js";
import { isUnknownText } from "./unknown-text.js";
import { ValueError } from "./value-error.js";

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
