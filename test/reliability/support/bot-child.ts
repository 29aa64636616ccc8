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
import { configuredPorts } from "../../../src/runtime.js";

const configFile = process.argv[2];
if (!configFile) throw new Error("usage: bot-child <config.yaml>");
const send = (m: unknown) => process.send?.(m);

const config = await loadConfigFile(configFile);
const logger = createLogger(process.env.XENBOT_CHILD_LOG ?? "warn");
const bot = await createBot({ config, logger });
const ports = await configuredPorts(config, logger);
const irc = ports.find((p) => p.name === "irc") ?? null;
const matrix = ports.find((p) => p.name === "matrix") ?? null;

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

/** Every listener on the IRC client and what lies under it (its connection and socket), and on the process. */
function listeners(): Record<string, number> {
  // Private fields of the port, read only here: a leak of listeners would show in irc-framework's objects.
  const client = (irc as unknown as { conn?: { client?: { connection?: { transport?: { socket?: unknown } } } } } | null)?.conn?.client;
  const counts = {
    ircClient: listenersOf(client),
    ircConnection: listenersOf(client?.connection),
    ircTransport: listenersOf(client?.connection?.transport),
    ircSocket: listenersOf(client?.connection?.transport?.socket),
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
      irc: irc ? { ...irc.status().details, state: irc.status().state, queued: irc.status().details?.queuedLines } : null,
      matrix: matrix ? { state: matrix.status().state } : null,
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

// Ready once IRC is in every configured channel and Matrix is connected, as the ports' status tells.
const wanted = (config.irc?.channels ?? []).map((c) => (typeof c === "string" ? c : c.name).toLowerCase());
const ready = (): boolean => {
  const channels = ((irc?.status().details?.channels as string[] | undefined) ?? []).map((c) => c.toLowerCase());
  return (!irc || wanted.every((c) => channels.includes(c))) && (!matrix || matrix.status().connected);
};
for (const port of ports) await port.start(bot.conversation.inbox(port));
const deadline = Date.now() + 60_000;
while (!ready()) {
  if (Date.now() > deadline) throw new Error("bot-child: transports not ready within 60 s");
  await new Promise((r) => setTimeout(r, 10));
}
send({ type: "ready" });
