// Health and metrics for operators (config `http:`): the face of src/ops/. `xenbot start` loads
// this folder, and with it prom-client, only when the config has an `http:` section. The metrics
// exist before the bot (the core reports to them from its first command); the ports are
// attached once they are made; a listen address that cannot be taken stops the start.
import { splitListen, type HttpConfig } from "../config.js";
import type { CoreMetrics } from "../core/metrics.js";
import type { Port } from "../core/transport.js";
import type { Logger } from "../log.js";
import { startHttpServer, type OpsServer } from "./http-server.js";
import { BotMetrics } from "./metrics.js";

export { health, type Health } from "./http-server.js";

export class HttpListenError extends Error {
  constructor(listen: string, reason: string) {
    super(`http.listen ${listen}: cannot listen (${reason}); is another process on that port?`);
    this.name = "HttpListenError";
  }
}

export interface Ops {
  readonly metrics: CoreMetrics;
  readonly address: string;
  /** The ports /healthz and the transport gauges report on. */
  watch(ports: readonly Port[]): void;
  stop(): Promise<void>;
}

export async function startOps(config: HttpConfig, logger: Logger): Promise<Ops> {
  const metrics = new BotMetrics();
  let ports: readonly Port[] = [];
  const { host, port } = splitListen(config.listen);
  let server: OpsServer;
  try {
    server = await startHttpServer({ host, port, metrics, ports: () => ports });
  } catch (err) {
    throw new HttpListenError(config.listen, (err as NodeJS.ErrnoException).code ?? String(err));
  }
  logger.info({ listen: server.address, paths: ["/healthz", "/metrics"] }, "http: serving health and metrics");
  return {
    metrics,
    address: server.address,
    watch(next) {
      ports = next;
      metrics.watch(next);
    },
    stop: () => server.close(),
  };
}
