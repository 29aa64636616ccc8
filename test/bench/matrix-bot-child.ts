// The bot as its own process for the Matrix bench: the real createBot on data/projects.json and
// the Matrix transport against the parent's test homeserver. Reports its memory over IPC once
// connected and again on request; stops on "stop".
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createBot } from "../../src/app.js";
import { parseConfig } from "../../src/config.js";
import { silentLogger } from "../../src/log.js";
import { MatrixPort } from "../../src/transports/matrix/index.js";

// Paths come from the parent: this file also runs transpiled, from a temp directory.
const args = JSON.parse(process.argv[2] ?? "{}") as { homeserver: string; userId: string; token: string; allowed: string[]; store: string; repo: string };
const send = (m: unknown) => process.send?.(m);
const stateDir = mkdtempSync(path.join(os.tmpdir(), "xenbot-bench-matrix-"));

const config = parseConfig(
  {
    store: args.store,
    state_dir: stateDir,
    rate_limit: { burst: 1_000_000, interval_ms: 1 },
    matrix: { homeserver: args.homeserver, user_id: args.userId, access_token: args.token, allowed_inviters: args.allowed },
  },
  { source: "bench", baseDir: args.repo, env: {} },
);
const logger = silentLogger();
const bot = await createBot({ config, logger });
const transport = new MatrixPort({ config: config.matrix!, logger, stateDir: config.state_dir, prefix: config.prefix });

const memory = () => ({ rss: process.memoryUsage().rss, heapUsed: process.memoryUsage().heapUsed });

async function shutdown(): Promise<void> {
  await transport.stop("bench done");
  rmSync(stateDir, { recursive: true, force: true });
  process.exit(0);
}

process.on("message", (m) => {
  if (m === "memory") {
    (globalThis as { gc?: () => void }).gc?.();
    send({ type: "memory", ...memory() });
  }
  if (m === "stop") void shutdown();
});
process.on("disconnect", () => void shutdown());
await transport.start(bot.conversation.inbox(transport));
const deadline = Date.now() + 60_000;
while (!transport.status().connected) {
  if (Date.now() > deadline) throw new Error("matrix bench bot: not connected within 60 s");
  await new Promise((r) => setTimeout(r, 10));
}
send({ type: "ready", ...memory() });
