// xenbot as its own process for the benches, started as `xenbot start` starts it: the real
// createBot on data/projects.json, the transports the config names loaded by runtime.ts's
// configuredPorts (so an IRC-only bot never loads matrix-bot-sdk), and pino at info on stderr
// (the parent sends stderr to a file, as systemd sends it to the journal). The parent passes the
// config sections: default pacing and limits unless it lifts them. Tells the parent "ready"
// (with its memory) once every transport is in, "memory" on request; stops on "stop".
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { createBot } from "../../src/app.js";
import { loadConfigFile } from "../../src/config.js";
import { createLogger } from "../../src/log.js";
import { configuredPorts } from "../../src/runtime.js";

export interface BotChildArgs {
  store: string;
  repo: string;
  /** Top-level config sections (irc, matrix, rate_limit…). */
  config: Record<string, unknown>;
  /** IRC channel to be in before "ready". */
  channel?: string;
}

/**
 * BENCH_PROBE=1: time inside this process, from a question's bytes arriving to the first reply
 * line being handed to the socket, to tell the bot's own time from the network's and the machine's.
 */
const inside: number[] = [];
/** Per question: [irc-framework to the core, the core, the core's answer to the socket]. */
const stages: Array<[number, number, number]> = [];
let stageAt: { arrived: number; inCore: number; planned: number } | null = null;
if (process.env.BENCH_PROBE) {
  const net = await import("node:net");
  let arrived = 0;
  const emit = net.Socket.prototype.emit;
  net.Socket.prototype.emit = function (this: unknown, event: string | symbol, ...rest: unknown[]) {
    if (event === "data") {
      arrived = performance.now();
      stageAt = { arrived, inCore: 0, planned: 0 };
    }
    return (emit as (...a: unknown[]) => boolean).call(this, event, ...rest);
  } as typeof emit;
  const write = net.Socket.prototype.write;
  net.Socket.prototype.write = function (this: unknown, chunk: unknown, ...rest: unknown[]) {
    if (arrived && typeof chunk === "string" && /^(PRIVMSG|NOTICE) bencher /.test(chunk)) {
      const now = performance.now();
      inside.push(now - arrived);
      if (stageAt?.planned) stages.push([stageAt.inCore - stageAt.arrived, stageAt.planned - stageAt.inCore, now - stageAt.planned]);
      arrived = 0;
    }
    return (write as (...a: unknown[]) => boolean).call(this, chunk, ...rest);
  } as typeof write;
}

// On Matrix: from a /sync response read to the answer's PUT leaving (matrix-bot-sdk sends with http.request).
if (process.env.BENCH_PROBE) {
  const http = createRequire(import.meta.url)("node:http") as typeof import("node:http"); // the CommonJS object matrix-bot-sdk sees
  let synced = 0;
  const realFetch = globalThis.fetch;
  globalThis.fetch = (async (input: Parameters<typeof fetch>[0], init?: RequestInit) => {
    const res = await realFetch(input, init);
    if (!String(input).includes("/sync")) return res;
    const text = res.text.bind(res);
    res.text = async () => {
      const body = await text();
      if (body.includes('"m.room.message"')) {
        synced = performance.now();
        stageAt = { arrived: synced, inCore: 0, planned: 0 };
      }
      return body;
    };
    return res;
  }) as typeof fetch;
  const request = http.request;
  (http as { request: unknown }).request = function (this: unknown, ...a: unknown[]) {
    const opts = a[0] as { method?: string; path?: string } | string;
    if (synced && typeof opts === "object" && opts.method === "PUT" && opts.path?.includes("/send/")) {
      const now = performance.now();
      inside.push(now - synced);
      if (stageAt?.planned) stages.push([stageAt.inCore - stageAt.arrived, stageAt.planned - stageAt.inCore, now - stageAt.planned]);
      synced = 0;
    }
    return (request as (...x: unknown[]) => unknown).apply(this, a);
  };
}

const args = JSON.parse(process.argv[2] ?? "{}") as BotChildArgs;
const send = (m: unknown) => process.send?.(m);
const stateDir = mkdtempSync(path.join(os.tmpdir(), "xenbot-bench-state-"));
// Read from a file as `xenbot start --config` reads it (JSON is YAML), so the YAML parser is
// loaded as it is in production.
const configFile = path.join(stateDir, "xenbot.yaml");
writeFileSync(configFile, JSON.stringify({ ...args.config, store: args.store, state_dir: stateDir }));
const config = await loadConfigFile(configFile, {});
const logger = createLogger("info");
const bot = await createBot({ config, logger });
if (typeof bot.warmUp === "function") await bot.warmUp(); // as runtime.ts does (a "before" checkout has none)
const ports = await configuredPorts(config, logger);

const memory = () => {
  const m = process.memoryUsage();
  const sorted = [...inside].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
  const worst = inside.map((ms, i) => `${ms.toFixed(1)}@${i}`).filter((_, i) => inside[i]! > 3);
  const median = (i: number) => [...stages.map((s) => s[i]!)].sort((a, b) => a - b)[Math.floor(stages.length / 2)];
  const stageMedians = stages.length ? { toCore: median(0), core: median(1), toSocket: median(2) } : null;
  const probe = sorted.length ? { n: sorted.length, p50: at(50), p99: at(99), max: sorted.at(-1), over3ms: worst, stageMedians } : null;
  return { rss: m.rss, heapUsed: m.heapUsed, matrixSdkLoaded: matrixSdkLoaded(), probe };
};

/** Whether matrix-bot-sdk (CommonJS, so in the one require cache) was ever loaded here. */
function matrixSdkLoaded(): boolean {
  return Object.keys(createRequire(import.meta.url).cache).some((file) => file.includes(`${path.sep}matrix-bot-sdk${path.sep}`));
}

function ready(): boolean {
  return ports.every((p) => {
    const status = p.status();
    if (!status.connected) return false;
    if (p.name !== "irc" || !args.channel) return true;
    const channels = (status.details?.channels as string[] | undefined) ?? [];
    return channels.some((c) => c.toLowerCase() === args.channel!.toLowerCase());
  });
}

async function shutdown(): Promise<void> {
  await Promise.allSettled(ports.map((p) => p.stop("bench done")));
  rmSync(stateDir, { recursive: true, force: true });
  process.exit(0);
}

process.on("message", (m) => {
  if (m === "memory") send({ type: "memory", ...memory() });
  if (m === "stop") void shutdown();
});
process.on("disconnect", () => void shutdown());
for (const port of ports) {
  const inbox = bot.conversation.inbox(port);
  if (process.env.BENCH_PROBE) {
    const message = inbox.message;
    inbox.message = async (msg) => {
      if (stageAt) stageAt.inCore = performance.now();
      const answer = await message(msg);
      if (stageAt) stageAt.planned = performance.now();
      return answer;
    };
  }
  await port.start(inbox);
}
const waitForReady = setInterval(() => {
  if (!ready()) return;
  clearInterval(waitForReady);
  // Let the join burst (NAMES, MODE, WHO replies) and the first sync settle before measuring.
  setTimeout(() => send({ type: "ready", ...memory() }), 500);
}, 10);
