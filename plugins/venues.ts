// Where the Xen Project talks today (config `community:`), beside what the archived wiki page
// says. The page's own words and links are quoted as they are and marked as the archive's; the
// venues of today come from the config, never from rewriting the page.
import { type Community, code, type Link, link, type Project, type RichLine, text } from "../src/plugin-api.js";
import { givenOr } from "./given.js";

/** "#XenDevel:matrix.org (development), …" */
function matrixRooms(c: Community): string {
  return c.matrix_rooms.map((r) => `${r.room} (${r.purpose})`).join(", ");
}

/** Today's chat: the Matrix rooms (when the config names any) and the IRC channel. */
export function chatLine(c: Community): RichLine {
  const matrix = c.matrix_rooms.length ? `on Matrix since ${c.matrix_since}, ${matrixRooms(c)}; ` : "";
  return [text(`Where Xen talks today: ${matrix}on IRC, ${c.irc.channel} on ${c.irc.network}.`)];
}

/** Today's mailing list, with where to subscribe. */
export function listLine(c: Community): RichLine {
  return [text(`Mailing list: ${c.mailing_list.address}; subscribe and read the archives at `), link(c.mailing_list.url)];
}

/** One line for the overview: the venues of today, and where to read more about each. */
export function todayLine(c: Community, prefix: string): RichLine {
  return [
    text(`Today: the list is ${c.mailing_list.address} (`),
    code(`${prefix}start list`),
    text(`), chat is on ${c.matrix_rooms[0] ? `Matrix ${c.matrix_rooms[0].room} and ` : ""}IRC ${c.irc.channel} on ${c.irc.network} (`),
    code(`${prefix}start chat`),
    text("). The steps and links above are the archived page's own words."),
  ];
}

/** The page's mailing-list link (its subscription page), if it has one. */
export function pageListLink(links: readonly Link[]): Link | undefined {
  return links.find((l) => /listinfo|mailman/i.test(l.url) || /mailing ?list/i.test(l.label ?? ""));
}

/** The IRC channels the page's project entries name ("#xen-devel"). */
export function pageChannels(projects: readonly Project[]): string[] {
  return [...new Set(projects.map((p) => p.ircChannel.channel).filter((c): c is string => c !== null))];
}

/** Where the Xen Project talks today, from the config. */
export function venuesToday(community: Community): string {
  const dev = community.matrix_rooms[0];
  const matrix = dev ? `Matrix ${dev.room} (${dev.purpose}; on Matrix since ${community.matrix_since})` : null;
  return [community.mailing_list.address, matrix, `IRC ${community.irc.channel} on ${community.irc.network}`].filter(Boolean).join(" · ");
}

/** The same, in one breath: "xen-devel@lists.xenproject.org, Matrix #XenDevel:matrix.org, IRC #xendevel on OFTC". */
export function venuesShort(community: Community): string {
  const dev = community.matrix_rooms[0];
  return [community.mailing_list.address, dev ? `Matrix ${dev.room}` : null, `IRC ${community.irc.channel} on ${community.irc.network}`].filter(Boolean).join(", ");
}

/** What the archived page says, in its own words ("xen-devel@", "#xen-devel"), for a caller to label as the page's. */
export function archivedVenues(project: Project): string {
  // The page's own words first ("xen-devel@"), then what we read them as; "not given" when empty.
  const words = (raw: string, read: string | null) => givenOr(raw.trim() || read);
  return `Mailing list: ${words(project.mailingList.raw, project.mailingList.address)} · IRC: ${words(project.ircChannel.raw, project.ircChannel.channel)}`;
}
