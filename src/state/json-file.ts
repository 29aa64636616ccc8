// The one reader of the running bot's JSON state files (the greeted list, Matrix's sync state
// and session). Missing means no state yet. A file that is not JSON is runtime state gone bad,
// not curated data: it is moved aside to `<file>.corrupt-<ms>` for a look, with a warning, and
// the bot starts afresh. (Curated files, the store and the maintainers data, are read strictly
// instead, by strict-file.ts: refused with a clear error, never moved.)
import { promises as fs } from "node:fs";
import type { z } from "zod/v3";
import type { Logger } from "../log.js";
import { removeStaleTempFiles } from "./atomic-file.js";

export interface JsonStateOptions<T> {
  logger: Logger;
  /** The warning logged when the file is not JSON (and was moved aside). */
  corruptMessage: string;
  /** Fields every warning carries besides the file, e.g. `{ transport: "matrix" }`. */
  logFields?: Record<string, unknown>;
  /** When given, a value that does not fit is warned about and read as no state; the file stays. */
  schema?: z.ZodType<T>;
  /** The warning logged when the value does not fit `schema`. */
  invalidMessage?: string;
}

/**
 * The file's value, or null for no state (missing, not JSON, not of the schema). Temp files a
 * killed writer left beside it are removed first. Other read errors (EACCES, EISDIR…) are thrown
 * for the caller to judge.
 */
export async function readJsonState<T = unknown>(file: string, opts: JsonStateOptions<T>): Promise<T | null> {
  await removeStaleTempFiles(file);
  let text: string;
  try {
    text = await fs.readFile(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw err;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    const aside = `${file}.corrupt-${Date.now()}`;
    await fs.rename(file, aside).catch(() => undefined);
    opts.logger.warn({ ...opts.logFields, file, movedTo: aside }, opts.corruptMessage);
    return null;
  }
  if (!opts.schema) return value as T;
  const parsed = opts.schema.safeParse(value);
  if (parsed.success) return parsed.data;
  opts.logger.warn({ ...opts.logFields, file }, opts.invalidMessage ?? "state file does not have the expected shape; starting afresh");
  return null;
}
