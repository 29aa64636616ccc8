// Contact lines into people. A line may name several people ("A <a@x>, B <b@y>", "A and B",
// "A & B"), with or without an address; an address like first.last@citrix.com is a pattern to
// fill in, not an address to write to.

export interface ContactMention {
  name: string;
  /** A real address, or null. */
  email: string | null;
  /** An address template such as "first.last@citrix.com". */
  emailPattern: string | null;
}

/** Words that stand for a part of an address rather than being one. */
const PLACEHOLDER_WORDS = new Set([
  "first", "last", "firstname", "lastname", "surname", "given", "givenname", "family", "familyname",
  "name", "username", "user", "yourname", "your", "you", "me", "someone", "somebody", "nobody",
  "foo", "bar", "baz", "example", "email", "address", "initial", "initials", "x", "xx", "xxx",
]);
const PLACEHOLDER_DOMAINS = /^(?:example|domain|company|yourcompany|host|somewhere)\.|\.(?:example|invalid|test)$|^example$/i;

/** first.last@citrix.com, user@example.com, name@domain: a template, not a mailbox. */
export function isPlaceholderEmail(address: string): boolean {
  const at = address.lastIndexOf("@");
  if (at < 1) return false;
  const local = address.slice(0, at).toLowerCase();
  const domain = address.slice(at + 1).toLowerCase();
  if (PLACEHOLDER_DOMAINS.test(domain)) return true;
  const tokens = local.split(/[._+-]+/).filter(Boolean);
  return tokens.length > 0 && tokens.every((t) => PLACEHOLDER_WORDS.has(t));
}

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/;

/** "anil at recoil dot org" → "anil@recoil.org" (pages sometimes hide addresses from spiders). */
function deobfuscate(s: string): string {
  return s.replace(
    /([A-Za-z0-9._%+-]+)\s*(?:\[at\]|\(at\)|\sat\s)\s*([A-Za-z0-9-]+(?:(?:\s*(?:\[dot\]|\(dot\)|\sdot\s)\s*|\.)[A-Za-z0-9-]+)+)/g,
    (_all, user: string, host: string) => `${user}@${host.replace(/\s*(?:\[dot\]|\(dot\)|\sdot\s)\s*/g, ".")}`,
  );
}

/** A readable name from an address's local part when a line gives only the address. */
function nameFromAddress(address: string): string {
  const local = address.slice(0, address.indexOf("@"));
  const words = local.split(/[._]+/).filter((w) => /^[a-z]+$/i.test(w));
  return words.length >= 2 ? words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join(" ") : address;
}

function mentionOf(piece: string): ContactMention | null {
  const email = EMAIL.exec(piece)?.[0] ?? null;
  let name = piece
    .replace(/<[^<>]*>/g, " ")
    .replace(/\([^()]*\)/g, " ") // "(Citrix)", "(first.last@…)" once its address is taken
    .replace(email ?? "\u0000", " ")
    .replace(/["'“”]/g, "")
    .replace(/\s+/g, " ")
    .replace(/^[\s:,;-]+|[\s:,;-]+$/g, "");
  if (!name && !email) return null;
  if (!name) name = nameFromAddress(email!);
  const pattern = email !== null && isPlaceholderEmail(email);
  return { name, email: pattern ? null : email, emailPattern: pattern ? email : null };
}

/** The people on one contact line, in the order written; [] for "Unknown" or empty. */
export function parseContacts(raw: string): ContactMention[] {
  const t = deobfuscate(raw.trim());
  if (/^(?:unknown|n\/?a|none|tbd|-+|\?+)?$/i.test(t)) return [];
  // Split at commas, semicolons, "&", line breaks, the words "and" / "or", a spaced "/", and
  // after "<address>" when another name follows ("A <a@x> B <b@y>", or a wrapped line); never
  // inside <…> or (…).
  const pieces: string[] = [];
  let depth = 0;
  let cur = "";
  for (let i = 0; i < t.length; i++) {
    const c = t[i]!;
    if (c === "<" || c === "(") depth++;
    const closes = (c === ">" || c === ")") && depth > 0;
    if (closes) depth--;
    const word = depth === 0 ? /^\s+(?:and|or|\/)\s+/i.exec(t.slice(i)) : null;
    if (depth === 0 && (c === "," || c === ";" || c === "&" || c === "\n")) {
      pieces.push(cur);
      cur = "";
    } else if (word) {
      pieces.push(cur);
      cur = "";
      i += word[0].length - 1;
    } else if (closes && c === ">" && depth === 0 && /^\s+[\p{L}"“]/u.test(t.slice(i + 1))) {
      pieces.push(cur + c);
      cur = "";
    } else {
      cur += c;
    }
  }
  pieces.push(cur);
  return pieces.map(mentionOf).filter((m): m is ContactMention => m !== null);
}
