// F: and X: patterns, matched as scripts/get_maintainer.pl matches them (MAINTAINERS header:
// "A trailing slash includes all files and subdirectory files"; "drivers/net/*: all files in
// drivers/net, but not below"). The tool turns a pattern into a regular expression anchored at
// the start only ("*" → ".*", "?" → ".", "{a,b}" → "(a|b)") and, unless the pattern ends with
// "/", also asks that the path has as many "/" as the pattern — which is what keeps "*" from
// reaching below its directory. We follow those rules exactly, so our answers are the tool's.
//
// Depth orders matching sections, most specific first: the pattern's "/" count, plus one when
// it does not end with "/", and -1 for a pattern starting with "*" (THE REST's "*" and "*/").

export interface CompiledPattern {
  /** The pattern the matcher uses (see PatternEntry.pattern). */
  readonly pattern: string;
  /** How specific a match is: sections with deeper matches come first. */
  readonly depth: number;
  /** Text every matching path starts with (the part before the first wildcard): a cheap filter. */
  readonly prefix: string;
  readonly regex: RegExp;
  /** Ends with "/": a directory and everything below it; no "/" count check. */
  readonly directory: boolean;
  readonly slashes: number;
}

const REGEX_SPECIAL = /[\\^$.+()[\]|{}]/;

function literal(c: string): string {
  return REGEX_SPECIAL.test(c) ? `\\${c}` : c;
}

/** One character of a pattern as regular expression source. */
function wildcard(c: string): string {
  if (c === "*") return ".*";
  if (c === "?") return ".";
  return literal(c);
}

/** Regular expression source: brace sets with a comma become alternatives, the rest as wildcard(). */
function toRegexSource(pattern: string): string {
  let out = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    const close = c === "{" ? pattern.indexOf("}", i) : -1;
    if (close > i && pattern.slice(i + 1, close).includes(",")) {
      const options = pattern.slice(i + 1, close).split(",");
      out += `(?:${options.map((o) => [...o].map(wildcard).join("")).join("|")})`;
      i = close;
      continue;
    }
    out += wildcard(c);
  }
  return out;
}

export function countSlashes(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) === 47) n++;
  return n;
}

export function compilePattern(pattern: string): CompiledPattern {
  const directory = pattern.endsWith("/");
  const slashes = countSlashes(pattern);
  const depth = pattern.startsWith("*") ? -1 : slashes + (directory ? 0 : 1);
  const wild = pattern.search(/[*?{]/);
  return {
    pattern,
    depth,
    prefix: wild < 0 ? pattern : pattern.slice(0, wild),
    regex: new RegExp(`^${toRegexSource(pattern)}`),
    directory,
    slashes,
  };
}

/** Whether `path` (a file, or a directory written with its trailing "/") matches. */
export function matches(p: CompiledPattern, path: string, pathSlashes = countSlashes(path)): boolean {
  if (!path.startsWith(p.prefix)) return false;
  if (!p.directory && pathSlashes !== p.slashes) return false;
  return p.regex.test(path);
}

/**
 * The pattern the matcher should use for an F:/X: value: get_maintainer.pl, run at the tree's
 * root, adds a "/" to a plain pattern naming a directory ("tools/golang"). It tests that after
 * turning "." into "\." and "*" into ".*", so a pattern with a dot, a wildcard or a brace set
 * never counts as a directory; neither does it here.
 */
export function effectivePattern(raw: string, isDirectory: (path: string) => boolean): string {
  if (raw.endsWith("/") || /[.*?{]/.test(raw)) return raw;
  return isDirectory(raw) ? `${raw}/` : raw;
}
