// The "Mailing list/forum" field: the page's shorthand "xen-devel@" completed to the list's
// address when we know the list lives on lists.xenproject.org; anything else kept as written.
import { isUnknownText } from "./unknown-text.js";

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
