// Paths as people type them into a chat, checked against the tree's file list before they reach
// the matcher: "./xen/common/kexec.c", "b/xen/common/kexec.c" from a diff, "xen/arch/x86" for a
// directory (get_maintainer.pl adds the "/" itself), or just "kexec.c". Anything that is no
// path inside xen.git ("..", "//", a backslash, control characters, an absurd length) is refused
// with a reason, never matched.

export const MAX_PATH_CHARS = 300;

export type PathKind = "file" | "directory" | "unknown";

export type PathCheck =
  | { ok: true; path: string; kind: PathKind; asTyped: string }
  | { ok: false; asTyped: string; reason: string }
  /** A bare file name found at several places in the tree. */
  | { ok: "ambiguous"; asTyped: string; candidates: string[] };

/** A word that reads as a path: it has a "/", or a file name with an extension ("kexec.c"). */
export function looksLikePath(word: string): boolean {
  return word.includes("/") || /^[\w+-][\w.+-]*\.[A-Za-z0-9]{1,10}$/.test(word);
}

export class TreePaths {
  private readonly files: Set<string>;
  private readonly directories = new Set<string>();
  private readonly byBasename = new Map<string, string[]>();

  constructor(paths: readonly string[]) {
    this.files = new Set(paths);
    for (const p of paths) {
      const parts = p.split("/");
      for (let i = 1; i < parts.length; i++) this.directories.add(parts.slice(0, i).join("/"));
      const base = parts.at(-1)!;
      this.byBasename.set(base, [...(this.byBasename.get(base) ?? []), p]);
    }
  }

  get size(): number {
    return this.files.size;
  }

  isFile(path: string): boolean {
    return this.files.has(path);
  }

  /** "xen/arch/x86" (no trailing slash) names a directory of the tree. */
  isDirectory(path: string): boolean {
    return this.directories.has(path);
  }

  /** A top-level file such as README or MAINTAINERS, typed as a bare word. */
  isTopLevelFile(word: string): boolean {
    return !word.includes("/") && this.files.has(word);
  }

  /** Checks and normalises one path as typed. */
  check(asTyped: string): PathCheck {
    let p = asTyped.replace(/^[`'"(<]+|[`'")>,;:?!]+$/g, "");
    if (p.length === 0) return { ok: false, asTyped, reason: "an empty path" };
    if (p.length > MAX_PATH_CHARS) return { ok: false, asTyped, reason: `a path of over ${MAX_PATH_CHARS} characters` };
    // eslint-disable-next-line no-control-regex
    if (/[\x00-\x1f\x7f\\]/.test(p)) return { ok: false, asTyped, reason: "a path with a backslash or a control character" };
    if (/[*?[\]{}]/.test(p)) return { ok: false, asTyped, reason: "a pattern, not a path: give a file or a directory" };
    // xen.git's paths use letters, digits and ._+-/ only; "<b>", quotes or spaces are no path of it.
    if (/[^\w./+@%=~,-]/.test(p)) return { ok: false, asTyped, reason: "not a path: paths in xen.git use letters, digits and . _ + - / only" };
    while (p.startsWith("./")) p = p.slice(2);
    const segments = p.split("/");
    if (segments.includes("..") || segments.includes(".")) return { ok: false, asTyped, reason: 'a path with "." or ".." in it: give the path from the top of xen.git' };
    if (/\/\/./.test(p)) return { ok: false, asTyped, reason: 'a path with "//" in it' };
    // "/xen/common/kexec.c" or a diff's "a/xen/…", "b/xen/…": the tree's path inside.
    for (const strip of [/^\/+/, /^[ab]\//]) {
      const inner = p.replace(strip, "");
      if (inner !== p && !this.known(p) && this.known(inner)) p = inner;
    }
    if (p.startsWith("/")) return { ok: false, asTyped, reason: "an absolute path: give the path from the top of xen.git" };
    const bare = p.replace(/\/+$/, "");
    if (bare === "") return { ok: false, asTyped, reason: "the root of the tree: give a file or a directory inside it" };
    if (this.files.has(bare) && !p.endsWith("/")) return { ok: true, path: bare, kind: "file", asTyped };
    if (this.directories.has(bare)) return { ok: true, path: `${bare}/`, kind: "directory", asTyped };
    if (!bare.includes("/")) {
      const found = this.byBasename.get(bare) ?? [];
      if (found.length === 1) return { ok: true, path: found[0]!, kind: "file", asTyped };
      if (found.length > 1) return { ok: "ambiguous", asTyped, candidates: found };
    }
    // Not in the tree (a new file, a typo): answered by the patterns all the same, and flagged.
    return { ok: true, path: p, kind: "unknown", asTyped };
  }

  private known(p: string): boolean {
    const bare = p.replace(/\/+$/, "");
    return this.files.has(bare) || this.directories.has(bare);
  }
}
