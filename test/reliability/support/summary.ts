// Figures the reliability tests report, collected across test processes into one file that
// test/reliability/run.mjs prints as the summary table.
//   record(what, value): one row of the table, as given.
//   tally(what, n): adds n to a total that run.mjs prints once, summed over every test file
//   ("faults survived", "inputs tried", "messages lost", "duplicates sent", "disconnects for flooding").
import { appendFileSync } from "node:fs";

function write(row: Record<string, unknown>): void {
  const file = process.env.XENBOT_RELIABILITY_SUMMARY;
  const line = JSON.stringify(row);
  if (file) appendFileSync(file, `${line}\n`);
  else console.log(`summary: ${String(row.what)}: ${String(row.value)}`);
}

export function record(what: string, value: string | number): void {
  write({ what, value: String(value) });
}

export type Total = "faults survived" | "inputs tried" | "messages lost" | "duplicates sent" | "disconnects for flooding";

export function tally(what: Total, n: number): void {
  write({ what, value: String(n), total: true });
}

/** "123.4 MB" */
export function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
