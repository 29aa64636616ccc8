// One way to turn a name into a typeable slug ("Roger Pau Monné" → "roger-pau-monne"): project
// ids and person ids are both made of it, so a person met twice gets one id.

export function slugify(s: string): string {
  return s
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}
