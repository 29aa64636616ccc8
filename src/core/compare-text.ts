// Sorting names and tags for answers without String.prototype.localeCompare, whose first call
// loads ICU's collation data (about 4 MB of resident memory for the bot's lifetime). Our names
// are ASCII-ish words; case-insensitive code-point order, then case, reads the same to a person.
export function compareText(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  if (x !== y) return x < y ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}
