// The "IRC channel" field: the channel name when the text gives one ("#xen-devel on OFTC"),
// null when it names none.

/** "#xen-devel" (also "#xen-devel on OFTC") gives the channel; no "#" means we cannot tell. */
export function parseIrcChannel(text: string): { raw: string; channel: string | null } {
  const m = /(?:^|\s)([#&][^\s,;]+)/.exec(text);
  return { raw: text, channel: m ? m[1]!.replace(/[.)]+$/, "") : null };
}
