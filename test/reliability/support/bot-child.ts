// The bot in its own process for the load and soak tests, as `xenbot start` runs it: a YAML config
// file through loadConfigFile, one createBot, and the IRC and Matrix transports its sections
// enable. Runs as plain JavaScript on plain node (transpiled by test/bench/transpile-bot.ts) with
// --expose-gc, and answers the parent over IPC:
//   → "probe": { type: "probe", rss, heapUsed, peakRss, handles, listeners, irc, matrix } after a full GC
//   → "reset-peak": the peak RSS starts again from now
//   → "stop": stops the transports and exits 0
//   ← { type: "ready" } once IRC has joined its channels and Matrix is connected.
// Only src/ is imported: this file is transpiled alone, without the test helpers.
import type { EventEmitter } from "node:events";
import { createBot } from "../../../src/app.js";
import { loadConfigFile } from "../../../src/config.js";
import { createLogger } from "../../../src/log.js";
import { IrcTransport } from "../../../src/transports/irc/irc-transport.js";
import { MatrixTransport } from "../../../src/transports/matrix/matrix-transport.js";

const configFile = process.argv[2];
if (!configFile) throw new Error("usage: bot-child <config.yaml>");
const send = (m: unknown) => process.send?.(m);

const config = await loadConfigFile(configFile);
const logger = createLogger(process.env.XENBOT_CHILD_LOG ?? "warn");
const bot = await createBot({ config, logger });
const irc = config.irc ? new IrcTransport({ config: config.irc, handle: bot.handle, greet: bot.greet, logger, prefix: config.prefix }) : null;
const matrix = config.matrix ? new MatrixTransport({ config: config.matrix, handle: bot.handle, greet: bot.greet, logger, stateDir: config.state_dir, prefix: config.prefix }) : null;

let peakRss = process.memoryUsage().rss;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 50);
sampler.unref();

function listenersOf(e: unknown): number {
  const em = e as EventEmitter | null | undefined;
  if (!em || typeof em.eventNames !== "function") return 0;
  return em.eventNames().reduce((n, name) => n + em.listenerCount(name), 0);
}

/** Every listener on the transports' emitters and what lies under them (IRC client, its connection and socket). */
function listeners(): Record<string, number> {
  const client = (irc as unknown as { client?: { connection?: { transport?: { socket?: unknown } } } } | null)?.client;
  const counts = {
    ircEvents: listenersOf(irc?.events),
    ircClient: listenersOf(client),
    ircConnection: listenersOf(client?.connection),
    ircTransport: listenersOf(client?.connection?.transport),
    ircSocket: listenersOf(client?.connection?.transport?.socket),
    matrixEvents: listenersOf(matrix?.events),
    process: listenersOf(process),
  };
  return { ...counts, total: Object.values(counts).reduce((a, b) => a + b, 0) };
}

function handles(): Record<string, number> {
  const byType: Record<string, number> = {};
  for (const t of process.getActiveResourcesInfo()) byType[t] = (byType[t] ?? 0) + 1;
  return byType;
}

function gc(): void {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g) for (let i = 0; i < 3; i++) g();
}

process.on("message", (m) => {
  if (m === "probe") {
    gc();
    const mem = process.memoryUsage();
    send({
      type: "probe",
      rss: mem.rss,
      heapUsed: mem.heapUsed,
      peakRss: Math.max(peakRss, mem.rss),
      handles: handles(),
      listeners: listeners(),
      irc: irc ? { ...irc.stats, state: irc.connectionState, queued: irc.queuedLines } : null,
      matrix: matrix ? { state: matrix.connectionState } : null,
    });
  }
  if (m === "reset-peak") peakRss = process.memoryUsage().rss;
  if (m === "stop") void shutdown();
});
process.on("disconnect", () => void shutdown());

let stopping = false;
async function shutdown(): Promise<void> {
  if (stopping) return;
  stopping = true;
  clearInterval(sampler);
  await Promise.allSettled([irc?.stop("test done"), matrix?.stop("test done")]);
  process.exit(0);
}

const joined = irc
  ? new Promise<void>((resolve) => {
      const want = new Set(config.irc!.channels.map((c) => (typeof c === "string" ? c : c.name).toLowerCase()));
      irc.events.on("joined", (ch: string) => {
        want.delete(ch.toLowerCase());
        if (want.size === 0) resolve();
      });
    })
  : Promise.resolve();
await irc?.start();
await matrix?.start();
await Promise.all([joined, matrix?.waitForState("connected", 60_000)]);
send({ type: "ready" });
