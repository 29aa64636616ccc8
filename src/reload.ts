// SIGHUP: re-read the config file and the store while the bot runs. Both are validated before
// anything changes; if either is bad the bot keeps serving the old ones and logs why (at error),
// and never exits. What can change live is applied at once; what a running connection was built
// from (the transports, where state and the store live, the prefix the transports write, the
// HTTP listener, the bridges, the MAINTAINERS data, which is indexed once at start) keeps its old
// value and is named at warn as "needs a restart"; the MAINTAINERS file is still checked, so a
// broken one is said now rather than at the next start.
import type { Bot } from "./app.js";
import { ConfigError, loadConfigFile, type Config } from "./config.js";
import type { Logger } from "./log.js";
import { MaintainersFileError, readMaintainersFile } from "./maintainers/maintainers-file.js";
import { readStoreFile, StoreError } from "./store/store-file.js";

/** Keys a reload applies while running. */
export const LIVE_KEYS = ["rate_limit", "admins", "greeting", "freshness", "community", "log_level"] as const satisfies ReadonlyArray<keyof Config>;
/** Keys that take effect only at the next start. */
export const RESTART_KEYS = ["irc", "matrix", "state_dir", "store", "prefix", "bridges", "http", "maintainers"] as const satisfies ReadonlyArray<keyof Config>;

export interface ReloadResult {
  ok: boolean;
  /** The config in force afterwards: live keys from the file, restart keys as they were. */
  config: Config;
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * Reloads `file` and the store for `bot`. Never rejects: a bad config or store is logged and the
 * old ones stay in force.
 */
export async function reloadFromFile(bot: Bot, file: string, logger: Logger, env: NodeJS.ProcessEnv = process.env): Promise<ReloadResult> {
  const current = bot.config;
  let next: Config;
  try {
    next = await loadConfigFile(file, env);
    // The store the bot serves is re-read from where it is now (a new `store:` path needs a restart).
    await readStoreFile(current.store);
    // The MAINTAINERS data is read again only at a restart: check the file that start would read.
    await readMaintainersFile(next.maintainers);
  } catch (err) {
    if (!(err instanceof ConfigError || err instanceof StoreError || err instanceof MaintainersFileError)) {
      logger.error({ err, file }, "reload failed; still running with the old config and store");
      return { ok: false, config: current };
    }
    const what = err instanceof ConfigError ? "the config" : err instanceof StoreError ? "the store" : "the MAINTAINERS data";
    const where = err instanceof ConfigError ? file : err instanceof StoreError ? current.store : next!.maintainers;
    logger.error({ file: where, reason: err.message }, `reload refused: ${what} is invalid; still running with the old config and store`);
    return { ok: false, config: current };
  }
  try {
    await bot.store.reload();
  } catch (err) {
    // Changed again between the check and the reload: the store keeps its old data.
    logger.error({ file: current.store, reason: (err as Error).message }, "reload refused: the store is invalid; still running with the old config and store");
    return { ok: false, config: current };
  }
  const applied = LIVE_KEYS.filter((k) => !same(current[k], next[k]));
  const needRestart = RESTART_KEYS.filter((k) => !same(current[k], next[k]));
  const merged: Config = { ...next };
  for (const k of RESTART_KEYS) (merged as Record<string, unknown>)[k] = current[k];
  bot.reconfigure(merged);
  // XENBOT_LOG_LEVEL, when set, overrides the file, as at start.
  if (!env.XENBOT_LOG_LEVEL && logger.level !== merged.log_level) logger.level = merged.log_level;
  if (needRestart.length) logger.warn({ file, keys: needRestart }, `reload: ${needRestart.join(", ")} changed and need${needRestart.length === 1 ? "s" : ""} a restart; still running with the old values`);
  const projects = bot.store.projects({ includeArchived: true }).length;
  logger.info({ file, applied, store: current.store, projects }, "reloaded the config and the store");
  return { ok: true, config: merged };
}
