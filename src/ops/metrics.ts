// The bot's Prometheus metrics, with prom-client on a registry of its own: what the core reports
// of each command (count by command, status and transport; reply latency; rate-limit refusals)
// and, read from each port's status() when scraped, whether it is connected and how many lines
// wait in its queue. Process metrics (CPU, memory, event loop lag) come with prom-client.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import type { CoreMetrics, HandledCommand } from "../core/metrics.js";
import type { Port } from "../core/transport.js";

export class BotMetrics implements CoreMetrics {
  readonly registry = new Registry();
  private ports: readonly Port[] = [];
  private readonly commands = new Counter({
    name: "xenbot_commands_total",
    help: "Commands handled, by command, outcome (ok, usage, user-error, error, unknown-command, ask-back, not-understood, rate-limited) and transport",
    labelNames: ["command", "status", "transport"] as const,
    registers: [this.registry],
  });
  private readonly latency = new Histogram({
    name: "xenbot_reply_latency_seconds",
    help: "From a message reaching the core to its answer being handed to the transport",
    labelNames: ["transport"] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  private readonly rateLimited = new Counter({
    name: "xenbot_rate_limited_total",
    help: "Commands refused because their sender was over the rate limit",
    labelNames: ["transport"] as const,
    registers: [this.registry],
  });

  constructor() {
    const ports = () => this.ports;
    new Gauge({
      name: "xenbot_transport_connected",
      help: "1 while the transport is connected (IRC: registered; Matrix: syncing), else 0",
      labelNames: ["transport", "state"] as const,
      registers: [this.registry],
      collect() {
        this.reset();
        for (const p of ports()) {
          const s = p.status();
          this.set({ transport: p.name, state: s.state }, s.connected ? 1 : 0);
        }
      },
    });
    new Gauge({
      name: "xenbot_transport_queued_lines",
      help: "Outgoing lines (IRC) or events (Matrix) waiting in the transport's send queue",
      labelNames: ["transport"] as const,
      registers: [this.registry],
      collect() {
        this.reset();
        for (const p of ports()) {
          const queued = p.status().details?.queuedLines;
          if (typeof queued === "number") this.set({ transport: p.name }, queued);
        }
      },
    });
    collectDefaultMetrics({ register: this.registry });
  }

  /** The ports whose state the gauges read at each scrape. */
  watch(ports: readonly Port[]): void {
    this.ports = ports;
  }

  commandHandled(c: HandledCommand): void {
    this.commands.inc({ command: c.command ?? "(none)", status: c.status, transport: c.transport });
    this.latency.observe({ transport: c.transport }, c.latencyMs / 1000);
    if (c.status === "rate-limited") this.rateLimited.inc({ transport: c.transport });
  }
}
