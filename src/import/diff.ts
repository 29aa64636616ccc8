// What an import changes, for the summary `xenbot import` prints, and the "nothing changed"
// test that keeps a re-import from touching the file.
import type { Project, StoreFile } from "../projects/schema.js";

export interface StoreDiff {
  added: string[];
  changed: Array<{ id: string; fields: string[] }>;
  removed: string[];
  /** Projects whose only change is their line on the page (another project was added above). */
  moved: string[];
  /** Other parts of the store that changed: "onboarding", "people", "source". */
  other: string[];
}

/** JSON with object keys sorted, so equal content compares equal whatever the key order. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/**
 * The source without when and from which path it was imported: the same page saved elsewhere,
 * or named by a relative path one day and an absolute one the next, is the same source (its sha256).
 */
function sourceContent(source: StoreFile["source"]): unknown {
  const { importedAt: _when, file: _where, ...content } = source;
  return content;
}

/** Same content, ignoring when and from which path it was imported. */
export function sameStoreContent(a: StoreFile, b: StoreFile): boolean {
  const strip = (s: StoreFile): unknown => ({ ...s, source: sourceContent(s.source) });
  return stableJson(strip(a)) === stableJson(strip(b));
}

export function diffStores(old: StoreFile | null, next: StoreFile): StoreDiff {
  const before = new Map((old?.projects ?? []).map((p) => [p.id, p]));
  const after = new Map(next.projects.map((p) => [p.id, p]));
  const diff: StoreDiff = { added: [], changed: [], removed: [], moved: [], other: [] };
  for (const [id, p] of after) {
    const q = before.get(id);
    if (!q) {
      diff.added.push(id);
      continue;
    }
    const keys = [...new Set([...Object.keys(q), ...Object.keys(p)])] as Array<keyof Project>;
    const fields = keys.filter((k) => stableJson(q[k]) !== stableJson(p[k]));
    if (fields.length === 1 && fields[0] === "sourceLine") diff.moved.push(id);
    else if (fields.length) diff.changed.push({ id, fields });
  }
  for (const id of before.keys()) if (!after.has(id)) diff.removed.push(id);
  if (old) {
    if (stableJson(old.onboarding) !== stableJson(next.onboarding)) diff.other.push("onboarding");
    if (stableJson(old.people) !== stableJson(next.people)) diff.other.push("people");
    if (stableJson(sourceContent(old.source)) !== stableJson(sourceContent(next.source))) diff.other.push("source");
  }
  return diff;
}

export function isEmptyDiff(diff: StoreDiff): boolean {
  return !diff.added.length && !diff.changed.length && !diff.removed.length && !diff.moved.length && !diff.other.length;
}

/** A few lines a maintainer reads after `xenbot import`. */
export function formatDiff(diff: StoreDiff, next: StoreFile, old: StoreFile | null): string {
  const counts = `${next.projects.length} projects, ${next.people.length} people`;
  if (old && isEmptyDiff(diff)) return `No change: the store already matches the page (${counts}).`;
  const lines = [old ? `Store updated: ${counts}.` : `New store: ${counts}.`];
  const list = (ids: string[]): string => (ids.length > 12 ? `${ids.slice(0, 12).join(", ")}, … (${ids.length - 12} more)` : ids.join(", "));
  if (diff.added.length) lines.push(`Added ${diff.added.length}: ${list(diff.added)}`);
  if (diff.changed.length) {
    lines.push(`Changed ${diff.changed.length}:`);
    for (const c of diff.changed) lines.push(`  ${c.id}: ${c.fields.join(", ")}`);
  }
  if (diff.removed.length) lines.push(`Removed ${diff.removed.length}: ${list(diff.removed)}`);
  if (diff.moved.length) lines.push(`Moved on the page (line only): ${diff.moved.length}`);
  if (diff.other.length) lines.push(`Also changed: ${diff.other.join(", ")}`);
  return lines.join("\n");
}
