// The store file's shape. Every field taken from the wiki keeps its raw text beside the
// normalised value, so a reader can always see what the page said and how we read it.
import { z } from "zod/v3";

export const STORE_VERSION = 1;

/** A date as the page wrote it. `iso` only when exactly one reading is possible. */
export const DateFieldSchema = z.object({
  raw: z.string(),
  /** YYYY-MM-DD when the text has one reading; null when ambiguous or not a date. */
  iso: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).nullable(),
  /** All calendar readings of the text (two for 02/04/2014: Feb 4 and Apr 2). */
  readings: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/)),
  ambiguous: z.boolean(),
  /** Year when known even if the day is not (e.g. "Verified: 2017", or both readings share it). */
  year: z.number().int().nullable(),
});
export type DateField = z.infer<typeof DateFieldSchema>;

/** "Verified: Not updated in 2020" is a statement, not a date; keep both. */
export const VerifiedFieldSchema = DateFieldSchema.extend({
  /** true when the text says the entry was NOT verified/updated (e.g. "Not updated in 2020"). */
  stale: z.boolean(),
});
export type VerifiedField = z.infer<typeof VerifiedFieldSchema>;

export const LEVELS = ["easy", "medium", "hard"] as const;
export const LevelSchema = z.enum(LEVELS);
export type Level = z.infer<typeof LevelSchema>;

export const DifficultyFieldSchema = z.object({
  raw: z.string(),
  /** "unknown" when the page does not say; otherwise a level or a range min..max. */
  known: z.boolean(),
  min: LevelSchema.nullable(),
  max: LevelSchema.nullable(),
});
export type DifficultyField = z.infer<typeof DifficultyFieldSchema>;

export const GsocFieldSchema = z.object({
  raw: z.string(),
  value: z.enum(["yes", "no", "unknown"]),
  /** "too much work" in "no, too much work"; null when the page gives none. */
  reason: z.string().nullable(),
});
export type GsocField = z.infer<typeof GsocFieldSchema>;

export const ContactsFieldSchema = z.object({
  raw: z.string(),
  /** ids into StoreFile.people, in page order */
  people: z.array(z.string()),
});

export const TextFieldSchema = z.object({
  raw: z.string(),
  /** readable text: paragraphs separated by blank lines, bullets as "• item" or "1. item" */
  text: z.string(),
  /** false for "Unknown", "Not specified, project outcomes" and empty */
  specified: z.boolean(),
});
export type TextField = z.infer<typeof TextFieldSchema>;

export const SkillsFieldSchema = z.object({
  raw: z.string(),
  /** canonical tags, e.g. "C", "OCaml", "Linux kernel" */
  tags: z.array(z.string()),
  specified: z.boolean(),
});

export const LinkSchema = z.object({ url: z.string(), label: z.string().nullable() });
export type Link = z.infer<typeof LinkSchema>;

export const ProjectSchema = z.object({
  /** short, stable, typeable id, e.g. "9p-transport"; kept across re-imports */
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/),
  title: z.string().min(1),
  category: z.string().min(1),
  inserted: DateFieldSchema,
  verified: VerifiedFieldSchema,
  gsoc: GsocFieldSchema,
  contacts: ContactsFieldSchema,
  mailingList: z.object({ raw: z.string(), address: z.string().nullable() }),
  ircChannel: z.object({ raw: z.string(), channel: z.string().nullable() }),
  difficulty: DifficultyFieldSchema,
  skills: SkillsFieldSchema,
  description: TextFieldSchema,
  outcomes: TextFieldSchema,
  links: z.array(LinkSchema),
  /** curated search words a maintainer would add (acronyms spelled out on the page, alt names) */
  keywords: z.array(z.string()).default([]),
  /** hidden from suggestions, still findable (admin !archive) */
  archived: z.boolean().default(false),
  /** 1-based line of the title in the source page, for error messages and provenance */
  sourceLine: z.number().int().nullable().default(null),
});
export type Project = z.infer<typeof ProjectSchema>;

export const PersonSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  /** the fullest name the page uses */
  name: z.string().min(1),
  /** other names the page uses for the same person (Andy Cooper for Andrew Cooper) */
  aliases: z.array(z.string()),
  /** a real address, or null when none is given or only a pattern is */
  email: z.string().nullable(),
  /** e.g. "first.last@citrix.com" when the page gives a pattern instead of an address */
  emailPattern: z.string().nullable(),
  projects: z.array(z.string()),
});
export type Person = z.infer<typeof PersonSchema>;

export const OnboardingSchema = z.object({
  intro: z.string(),
  steps: z.array(z.string()).min(1),
  links: z.array(LinkSchema),
  notes: z.array(z.string()),
});
export type Onboarding = z.infer<typeof OnboardingSchema>;

export const SourceSchema = z.object({
  title: z.string(),
  file: z.string(),
  /** sha256 of the imported text, so `!about` can tell which revision the store came from */
  sha256: z.string(),
  importedAt: z.string(),
});

export const StoreFileSchema = z
  .object({
    version: z.literal(STORE_VERSION),
    source: SourceSchema,
    onboarding: OnboardingSchema,
    projects: z.array(ProjectSchema),
    people: z.array(PersonSchema),
  })
  .superRefine((file, ctx) => {
    const ids = new Set<string>();
    file.projects.forEach((p, i) => {
      if (ids.has(p.id)) ctx.addIssue({ code: "custom", path: ["projects", i, "id"], message: `duplicate project id "${p.id}"` });
      ids.add(p.id);
    });
    const people = new Set(file.people.map((p) => p.id));
    file.projects.forEach((p, i) =>
      p.contacts.people.forEach((id, j) => {
        if (!people.has(id)) ctx.addIssue({ code: "custom", path: ["projects", i, "contacts", "people", j], message: `unknown person "${id}"` });
      }),
    );
  });
export type StoreFile = z.infer<typeof StoreFileSchema>;
