// One way to say what is wrong with a value that failed a zod schema, for every message that
// names a fault in a file: the config, the store, an import. It sits on the lowest floor so
// each of them can use it without importing the others.

/** Formats the first few zod issues as "projects[3].difficulty.min: Invalid option …". */
export function describeIssues(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>, max = 3): string {
  const shown = issues.slice(0, max).map((issue) => {
    const where = issue.path
      .map((p, i) => (typeof p === "number" ? `[${p}]` : `${i === 0 ? "" : "."}${String(p)}`))
      .join("");
    return `${where || "(top level)"}: ${issue.message}`;
  });
  const more = issues.length > max ? ` (and ${issues.length - max} more)` : "";
  return shown.join("; ") + more;
}
