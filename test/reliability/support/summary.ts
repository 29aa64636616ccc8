// Figures the reliability tests report, collected across test processes into one file that
// test/reliability/run.mjs prints as the summary table.
import { appendFileSync } from "node:fs";

export function record(what: string, value: string | number): void {
  const file = process.env.XENBOT_RELIABILITY_SUMMARY;
  const line = JSON.stringify({ what, value: String(value) });
  if (file) appendFileSync(file, `${line}\n`);
  else console.log(`summary: ${what}: ${value}`);
}
