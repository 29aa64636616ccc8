// The operator's HTTP endpoints: GET /healthz (200 with a JSON body while every configured
// transport is connected, 503 otherwise, listing each one's state as its port reports it) and GET
// /metrics (Prometheus text format). Nothing else is served; the listener is loopback unless the
// config says otherwise (config.ts refuses a remote address without http.allow_remote).
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Port } from "../core/transport.js";
import type { BotMetrics } from "./metrics.js";

export interface Health {
  status: "ok" | "unavailable";
  transports: Array<{ name: string; connected: boolean; state: string }>;
  uptimeSeconds: number;
}

export function health(ports: readonly Port[], startedAt: number): Health {
  const transports = ports.map((p) => {
    const s = p.status();
    return { name: p.name, connected: s.connected, state: s.state };
  });
  return { status: transports.every((t) => t.connected) ? "ok" : "unavailable", transports, uptimeSeconds: Math.round((Date.now() - startedAt) / 1000) };
}

export interface OpsServer {
  /** The address it listens on ("127.0.0.1:9464"), the port filled in when 0 was asked for. */
  readonly address: string;
  close(): Promise<void>;
}

export async function startHttpServer(opts: { host: string; port: number; metrics: BotMetrics; ports: () => readonly Port[] }): Promise<OpsServer> {
  const startedAt = Date.now();
  const server = http.createServer((req, res) => {
    try {
      answer(req, res);
    } catch (err) {
      // Whatever a request holds, the bot keeps running: the endpoint answers 500, not the process exits.
      if (!res.headersSent) res.writeHead(500, { "Content-Type": "text/plain" });
      res.end(`error: ${String(err)}\n`);
    }
  });
  function answer(req: http.IncomingMessage, res: http.ServerResponse): void {
    // The path only, read as text: `new URL()` throws on an absolute-form target ("GET http://[ …").
    const pathname = (req.url ?? "/").split("?")[0];
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { Allow: "GET, HEAD", "Content-Type": "text/plain" }).end("method not allowed\n");
      return;
    }
    if (pathname === "/healthz") {
      const body = health(opts.ports(), startedAt);
      res.writeHead(body.status === "ok" ? 200 : 503, { "Content-Type": "application/json", "Cache-Control": "no-store" }).end(`${JSON.stringify(body)}\n`);
      return;
    }
    if (pathname === "/metrics") {
      opts.metrics.registry.metrics().then(
        (text) => res.writeHead(200, { "Content-Type": opts.metrics.registry.contentType }).end(text),
        (err: unknown) => res.writeHead(500, { "Content-Type": "text/plain" }).end(`metrics failed: ${String(err)}\n`),
      );
      return;
    }
    res.writeHead(404, { "Content-Type": "text/plain" }).end("not found: try /healthz or /metrics\n");
  }
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, opts.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const a = server.address() as AddressInfo;
  return {
    address: a.family === "IPv6" ? `[${a.address}]:${a.port}` : `${a.address}:${a.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
