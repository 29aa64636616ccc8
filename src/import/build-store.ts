// ParsedPage → StoreFile: normalise every field (raw text kept), give ids (kept from the
// previous store), merge people, build the onboarding section. A re-import of the same page
// gives the same store, down to `importedAt`, so the file is left byte-identical.
import { parseContacts } from "../projects/fields/contacts.js";
import { parseDate, parseVerified } from "../projects/fields/dates.js";
import { parseDifficulty } from "../projects/fields/difficulty.js";
import { parseGsoc } from "../projects/fields/gsoc.js";
import { parseIrcChannel } from "../projects/fields/irc-channel.js";
import { extractLinks } from "../projects/fields/links.js";
import { parseMailingList } from "../projects/fields/mailing-list.js";
import { groupPeople, type ProjectMention } from "../projects/fields/people.js";
import { tagSkills } from "../projects/fields/skills.js";
import { readableText } from "../projects/fields/text.js";
import { isUnknownText } from "../projects/fields/unknown-text.js";
import { ValueError } from "../projects/fields/value-error.js";
import { StoreFileSchema, STORE_VERSION, type Link, type Project, type StoreFile, type VerifiedField } from "../projects/schema.js";
import { describeIssues } from "../zod-issues.js";
import { sameStoreContent } from "./diff.js";
import { ImportError } from "./errors.js";
import { assignIds } from "./ids.js";
import { deriveKeywords } from "./keywords.js";
import { buildOnboarding } from "./onboarding.js";
import { FIELD_LABELS, FIELD_NAMES, type FieldName, type ParsedPage, type ParsedProject } from "./parsed-page.js";

export interface BuildOptions {
  /** The input file as the user named it; stored in `source.file` and used in messages. */
  file: string;
  previous?: StoreFile;
  now?: Date;
}

export interface BuildReport {
  store: StoreFile;
  warnings: string[];
}

export function buildStoreWithReport(parsed: ParsedPage, opts: BuildOptions): BuildReport {
  const { file, previous } = opts;
  const warnings = [...parsed.warnings];
  const raw = (p: ParsedProject, f: FieldName): string => p.fields[f]?.raw ?? "";
  const text = (p: ParsedProject, f: FieldName): string => p.fields[f]?.text ?? "";
  /** Normalises the field's rendered text, keeps its source text as `raw`, and turns a ValueError into an ImportError at the field's line. */
  const located = <T extends { raw: string }>(p: ParsedProject, f: FieldName, fn: (s: string) => T): T => {
    try {
      return { ...fn(text(p, f)), raw: raw(p, f) };
    } catch (err) {
      if (!(err instanceof ValueError)) throw err;
      throw new ImportError(file, p.fields[f]?.line ?? p.line, `project "${p.title}": ${err.message}`);
    }
  };

  const ids = assignIds(
    parsed.projects.map((p) => ({
      title: p.title,
      category: p.category,
      insertedRaw: raw(p, "inserted"),
      contactsRaw: raw(p, "contacts"),
      text: [text(p, "description"), text(p, "outcomes"), text(p, "skills")].join("\n"),
    })),
    previous?.projects,
  );

  const mentions: ProjectMention[] = [];
  const mentionsOf: number[][] = parsed.projects.map((p, i) =>
    parseContacts(text(p, "contacts")).map((m) => mentions.push({ ...m, projectId: ids[i]! }) - 1),
  );
  const { people, idOf } = groupPeople(mentions, previous?.people);

  const projects: Project[] = parsed.projects.map((p, i) => {
    const id = ids[i]!;
    const before = previous?.projects.find((q) => q.id === id);
    for (const f of FIELD_NAMES) {
      if (!p.fields[f]) warnings.push(`line ${p.line}: project "${p.title}" has no "${FIELD_LABELS[f]}"`);
    }
    const inserted = located(p, "inserted", parseDate);
    if (inserted.ambiguous) {
      warnings.push(`line ${p.fields.inserted!.line}: date "${inserted.raw.trim()}" of "${p.title}" reads as ${inserted.readings.join(" or ")}; kept as ambiguous`);
    } else if (p.fields.inserted && !inserted.iso && inserted.year === null && !isUnknownText(inserted.raw.trim())) {
      // 31/02/2013 or "sometime": kept as written, but the maintainer should know it is no date.
      warnings.push(`line ${p.fields.inserted.line}: date "${inserted.raw.trim()}" of "${p.title}" is not a date I can read; kept as written`);
    }
    const description = { raw: raw(p, "description"), ...readableText(text(p, "description")) };
    const outcomes = { raw: raw(p, "outcomes"), ...readableText(text(p, "outcomes")) };
    const links: Link[] = [];
    for (const l of [
      ...(p.fields.description?.links ?? []),
      ...extractLinks(text(p, "description")),
      ...(p.fields.outcomes?.links ?? []),
      ...extractLinks(text(p, "outcomes")),
    ]) {
      if (!links.some((k) => k.url === l.url)) links.push(l);
    }
    const keywords = deriveKeywords(p.title, [description.text, outcomes.text, raw(p, "skills")]);
    // Keywords a maintainer added to the store by hand survive a re-import.
    for (const k of before?.keywords ?? []) if (!keywords.some((x) => x.toLowerCase() === k.toLowerCase())) keywords.push(k);
    return {
      id,
      title: p.title,
      category: p.category,
      inserted,
      verified: laterVerification(located(p, "verified", parseVerified), before?.verified),
      gsoc: located(p, "gsoc", parseGsoc),
      contacts: { raw: raw(p, "contacts"), people: [...new Set(mentionsOf[i]!.map((m) => idOf[m]!))] },
      mailingList: located(p, "mailingList", parseMailingList),
      ircChannel: located(p, "ircChannel", parseIrcChannel),
      difficulty: located(p, "difficulty", parseDifficulty),
      skills: { raw: raw(p, "skills"), ...tagSkills(text(p, "skills")) },
      description,
      outcomes,
      links,
      keywords,
      archived: before?.archived ?? false,
      sourceLine: p.line,
    };
  });

  const { onboarding, warnings: onboardingWarnings } = buildOnboarding(parsed, previous?.onboarding ?? null);
  warnings.push(...onboardingWarnings);
  if (onboarding.steps.length === 0) {
    // Name the first project's line: the steps were expected above it.
    const firstLine = parsed.projects[0]?.line ?? null;
    throw new ImportError(file, firstLine, 'no onboarding steps found: expected a bulleted list (such as the one under "To work on a project:") before the first project');
  }

  const built = StoreFileSchema.safeParse({
    version: STORE_VERSION,
    source: { title: parsed.title, file, sha256: parsed.sha256, importedAt: (opts.now ?? new Date()).toISOString() },
    onboarding,
    projects,
    people,
  });
  if (!built.success) throw new ImportError(file, null, `the imported store does not fit the schema: ${describeIssues(built.error.issues)}`);
  const store = built.data;
  // Same content as before: keep the old timestamp, so nothing at all changes.
  if (previous && sameStoreContent(previous, store)) store.source.importedAt = previous.source.importedAt;
  const lineOf = (w: string): number => Number(/^line (\d+)/.exec(w)?.[1] ?? 0);
  return { store, warnings: warnings.sort((a, b) => lineOf(a) - lineOf(b)) };
}

/**
 * An admin's `!verify` is newer knowledge than the page: a re-import keeps the store's
 * verification when it is a later date than what the page says.
 */
function laterVerification(fromPage: VerifiedField, inStore: VerifiedField | undefined): VerifiedField {
  if (!inStore?.iso) return fromPage;
  const pageDate = fromPage.iso ?? (fromPage.year !== null && !fromPage.stale ? `${fromPage.year}-12-31` : null);
  return pageDate === null || inStore.iso > pageDate ? inStore : fromPage;
}
