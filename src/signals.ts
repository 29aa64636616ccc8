// The signals `xenbot start` answers, installed before anything else starts: SIGTERM and SIGINT
// stop the bot cleanly (once); SIGHUP reloads (see reload.ts), one reload at a time, however
// many arrive, and never stops the bot — without a listener Node would exit at once on SIGHUP,
// with no log line and no QUIT. A SIGHUP that arrives while the bot is still starting is
// carried out once it has started.
import type { Logger } from "./log.js";

export type StopSignal = "SIGTERM" | "SIGINT";

export interface Signals {
  /** Resolves with the first SIGTERM or SIGINT. */
  readonly stopped: Promise<StopSignal>;
  /** From now on SIGHUP runs `reload` (a SIGHUP already received runs it now). */
  onReload(reload: () => Promise<void>): void;
  /** Resolves when every reload asked for so far has finished. */
  settled(): Promise<void>;
  /** Removes the listeners (at stop). */
  dispose(): void;
}

export function watchSignals(logger: Logger): Signals {
  let resolveStop!: (s: StopSignal) => void;
  const stopped = new Promise<StopSignal>((resolve) => (resolveStop = resolve));
  const onTerm = (): void => resolveStop("SIGTERM");
  const onInt = (): void => resolveStop("SIGINT");
  let reload: (() => Promise<void>) | null = null;
  let pending = false;
  let chain: Promise<void> = Promise.resolve();
  const run = (): void => {
    const job = reload!;
    chain = chain.then(job).catch((err: unknown) => logger.error({ err }, "reload failed; still running with the old config and store"));
  };
  const onHup = (): void => {
    logger.info({ signal: "SIGHUP" }, "reloading");
    if (reload) run();
    else pending = true;
  };
  process.once("SIGTERM", onTerm);
  process.once("SIGINT", onInt);
  process.on("SIGHUP", onHup);
  return {
    stopped,
    onReload(fn) {
      reload = fn;
      if (pending) {
        pending = false;
        run();
      }
    },
    settled: () => chain,
    dispose() {
      process.off("SIGTERM", onTerm);
      process.off("SIGINT", onInt);
      process.off("SIGHUP", onHup);
    },
  };
}
