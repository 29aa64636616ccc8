// Probe commands whose answers name the question: "!project zq3x7" is answered 'No project
// matches "zq3x7"', so each answer can be matched to its question, and a question answered twice
// or never is seen. The tokens match no project (checked over the real store).
export function probeToken(user: number, k: number): string {
  return `zq${user.toString(36)}x${k.toString(36)}`;
}

export function probeCommand(token: string): string {
  return `!project ${token}`;
}

/** The token a bot line answers, or null when the line is not a probe answer. */
export function probeAnswered(text: string): string | null {
  return /No project matches "(zq[0-9a-z]+x[0-9a-z]+)"/.exec(text)?.[1] ?? null;
}

export const TOO_FAST = /too fast/;

/** Waits `ms` (for schedules: sends at given moments, not waiting for an event). */
export function at(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}

const arrivals = new WeakMap<object, number>();

/** From now on, remembers when each line reaches `user` (IrcUser keeps lines, not times). */
export function stampArrivals(user: { lines: object[] }): void {
  const push = user.lines.push.bind(user.lines);
  user.lines.push = (...items: object[]) => {
    const now = Date.now();
    for (const it of items) arrivals.set(it, now);
    return push(...items);
  };
}

/** When the line arrived (stampArrivals must have been called on its user first). */
export function arrivedAt(line: object): number {
  const t = arrivals.get(line);
  if (t === undefined) throw new Error("test bug: arrival time of a line not stamped");
  return t;
}
