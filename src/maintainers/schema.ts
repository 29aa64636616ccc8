// The shape of data/maintainers.json: xen.git's MAINTAINERS as the importer read it. Every
// section keeps its lines as written (`raw`) beside the normalised fields, and every person,
// list and pattern keeps its own line, so a reader can always check what the file said.
import { z } from "zod/v3";

export const MAINTAINERS_VERSION = 1;

/** The five statuses the file's header defines, plus "unknown" for none or another word. */
export const STATUS_VALUES = ["supported", "maintained", "odd-fixes", "orphan", "obsolete", "unknown"] as const;
export type StatusValue = (typeof STATUS_VALUES)[number];

export const StatusSchema = z.object({
  /** The last `S:` value as written ("Odd Fixes", "Orphaned"); null when the section has none. */
  raw: z.string().nullable(),
  value: z.enum(STATUS_VALUES),
});
export type Status = z.infer<typeof StatusSchema>;

export const ENTRY_KINDS = ["maintainer", "reviewer"] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];

/** An `M:` (maintainer) or `R:` (reviewer) line. */
export const PersonEntrySchema = z.object({
  kind: z.enum(ENTRY_KINDS),
  /** As written; "" when the line gives only an address. */
  name: z.string(),
  email: z.string().min(3),
  /** The value after "M:" as written. */
  raw: z.string(),
  line: z.number().int().min(1),
  /** id into MaintainersFile.people */
  person: z.string(),
});
export type PersonEntry = z.infer<typeof PersonEntrySchema>;

/** An `L:` line: "xen-devel@lists.xenproject.org", or "Team name <address>". */
export const ListEntrySchema = z.object({
  address: z.string().min(3),
  name: z.string().nullable(),
  raw: z.string(),
  line: z.number().int().min(1),
});
export type ListEntry = z.infer<typeof ListEntrySchema>;

/** An `F:` or `X:` line. */
export const PatternEntrySchema = z.object({
  raw: z.string().min(1),
  /**
   * What the matcher uses: the raw pattern, with a "/" added when it names a directory of the
   * tree (get_maintainer.pl does the same when run at the tree's root: "tools/golang" covers
   * everything below it).
   */
  pattern: z.string().min(1),
  line: z.number().int().min(1),
});
export type PatternEntry = z.infer<typeof PatternEntrySchema>;

export const SectionSchema = z.object({
  name: z.string().min(1),
  /** 1-based line of the section's name. */
  line: z.number().int().min(1),
  /** The section's lines as written, name first. */
  raw: z.string(),
  status: StatusSchema,
  /** `M:` and `R:` in the file's order (the order get_maintainer.pl names them in). */
  people: z.array(PersonEntrySchema),
  lists: z.array(ListEntrySchema),
  files: z.array(PatternEntrySchema),
  excludes: z.array(PatternEntrySchema),
  /** `K:` regular expressions as written (kept, not used: answers are given as with --nokeywords). */
  keywords: z.array(z.string()),
  web: z.array(z.string()),
  trees: z.array(z.string()),
  /** `V:` (only THE REST has one: "xen-maintainers-1"). */
  version: z.string().nullable(),
});
export type Section = z.infer<typeof SectionSchema>;

export const SectionRoleSchema = z.object({ section: z.string(), kind: z.enum(ENTRY_KINDS) });
export type SectionRole = z.infer<typeof SectionRoleSchema>;

/** One person across the file: the same name (accents and case aside) or the same address. */
export const MaintainerPersonSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  /** The spelling the file uses most. */
  name: z.string(),
  /** Every spelling the file uses. */
  names: z.array(z.string()).min(1),
  /** Most used first; the same address in another case counts as the same. */
  emails: z.array(z.string()).min(1),
  /** In the file's order. */
  sections: z.array(SectionRoleSchema).min(1),
});
export type MaintainerPerson = z.infer<typeof MaintainerPersonSchema>;

const COMMIT = /^[0-9a-f]{7,40}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

export const MaintainersSourceSchema = z.object({
  /** The file as the user named it. */
  file: z.string(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** The xen.git commit the file was taken from (abbreviated as the project writes it). */
  commit: z.string().regex(COMMIT, "a git commit id (7 to 40 hex digits)"),
  /** That commit's date. */
  date: z.string().regex(DAY, "a date YYYY-MM-DD"),
  /** From THE REST's "V: xen-maintainers-<n>"; null when a forced import had none. */
  formatVersion: z.string().nullable(),
  importedAt: z.string(),
});
export type MaintainersSource = z.infer<typeof MaintainersSourceSchema>;

/** The tree's file list the directory patterns were resolved against, and paths are checked in. */
export const TreeListSchema = z.object({
  file: z.string(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  paths: z.array(z.string().min(1)),
});
export type TreeList = z.infer<typeof TreeListSchema>;

export const MaintainersFileSchema = z
  .object({
    version: z.literal(MAINTAINERS_VERSION),
    source: MaintainersSourceSchema,
    tree: TreeListSchema,
    sections: z.array(SectionSchema),
    people: z.array(MaintainerPersonSchema),
  })
  .superRefine((file, ctx) => {
    const names = new Set<string>();
    file.sections.forEach((s, i) => {
      if (names.has(s.name)) ctx.addIssue({ code: "custom", path: ["sections", i, "name"], message: `duplicate section "${s.name}"` });
      names.add(s.name);
    });
    const ids = new Set(file.people.map((p) => p.id));
    file.sections.forEach((s, i) =>
      s.people.forEach((e, j) => {
        if (!ids.has(e.person)) ctx.addIssue({ code: "custom", path: ["sections", i, "people", j, "person"], message: `unknown person "${e.person}"` });
      }),
    );
    file.people.forEach((p, i) =>
      p.sections.forEach((r, j) => {
        if (!names.has(r.section)) ctx.addIssue({ code: "custom", path: ["people", i, "sections", j, "section"], message: `unknown section "${r.section}"` });
      }),
    );
  });
export type MaintainersFile = z.infer<typeof MaintainersFileSchema>;

/** The catch-all section at the end of the file: every committer, for whatever has no section. */
export const THE_REST = "THE REST";
