// The archived page's people, found in today's MAINTAINERS. Only sure matches count: the same
// address, or the same name once accents, case and punctuation are set aside ("Roger Pau
// Monné" = "Roger Pau Monne"), trying every name the page uses for the person ("Andy Cooper"
// is an alias of Andrew Cooper) and the first names known to be one ("Andy" for "Andrew").
// Never a surname alone, never a near spelling: a wrong "this is them today" is worse than "not
// in MAINTAINERS today".
import type { Person } from "../projects/schema.js";
import { nameKey } from "./people.js";
import type { MaintainerPerson } from "./schema.js";

/** First names that are the same name (a reviewed list, not a guess). */
const SAME_FIRST_NAMES: readonly (readonly string[])[] = [["andrew", "andy"]];

/** The folded name, and the same with each known other form of its first name. */
function nameForms(name: string): string[] {
  const key = nameKey(name);
  if (!key) return [];
  const [first, ...rest] = key.split(" ");
  const forms = new Set([key]);
  if (rest.length) for (const group of SAME_FIRST_NAMES) if (group.includes(first!)) for (const other of group) forms.add([other, ...rest].join(" "));
  return [...forms];
}

/** The MAINTAINERS person who is this page person, or null when none is surely them. */
export function findInMaintainers(person: Pick<Person, "name" | "aliases" | "email">, people: readonly MaintainerPerson[]): MaintainerPerson | null {
  const wanted = new Set([person.name, ...person.aliases].flatMap(nameForms));
  const email = person.email?.toLowerCase() ?? null;
  const found = people.filter(
    (m) => (email !== null && m.emails.some((e) => e.toLowerCase() === email)) || m.names.some((n) => wanted.has(nameKey(n))),
  );
  // Two different people answering to the page's names would be a guess: say none.
  return found.length === 1 ? found[0]! : null;
}
