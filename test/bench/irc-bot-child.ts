// The bot as its own process for the IRC bench: the real createBot on data/projects.json and the
// IRC transport, with the flood queue opened wide so it does not delay answers. Reports its RSS
// over IPC once it is in the channel, and again on request; stops on "stop".
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createBot } from "../../src/app.js";
import { parseConfig } from "../../src/config.js";
import { silentLogger } from "../../src/log.js";
import { IrcPort } from "../../src/transports/irc/index.js";

// Paths come from the parent: this file also runs transpiled, from a temp directory.
const { host, port, channel, store, repo } = JSON.parse(process.argv[2] ?? "{}") as { host: string; port: number; channel: string; store: string; repo: string };
const send = (m: unknown) => process.send?.(m);
const stateDir = mkdtempSync(path.join(os.tmpdir(), "xenbot-bench-state-"));

const config = parseConfig(
  {
    store,
    state_dir: stateDir,
    rate_limit: { burst: 1_000_000, interval_ms: 1 },
    irc: { host, port, tls: false, nick: "xenbot", channels: [channel], flood: { burst: 50, interval_ms: 0 } },
  },
  { source: "bench", baseDir: repo, env: {} },
);
const logger = silentLogger();
const bot = await createBot({ config, logger });
const transport = new IrcPort({ config: config.irc!, logger });

const memory = () => ({ rss: process.memoryUsage().rss, heapUsed: process.memoryUsage().heapUsed });
const inChannel = () => ((transport.status().details?.channels as string[] | undefined) ?? []).some((c) => c.toLowerCase() === channel.toLowerCase());
const waitForJoin = setInterval(() => {
  if (!inChannel()) return;
  clearInterval(waitForJoin);
  // Let the join burst (NAMES, MODE, WHO replies) settle before measuring.
  setTimeout(() => send({ type: "ready", ...memory() }), 300);
}, 10);

async function shutdown(): Promise<void> {
  await transport.stop("bench done");
  rmSync(stateDir, { recursive: true, force: true });
  process.exit(0);
}

process.on("message", (m) => {
  if (m === "memory") send({ type: "memory", ...memory() });
  if (m === "stop") void shutdown();
});
process.on("disconnect", () => void shutdown());
await transport.start(bot.conversation.inbox(transport));
