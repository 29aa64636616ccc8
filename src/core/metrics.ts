// What the core tells whoever counts (the /metrics endpoint in src/ops/), defined here so the
// core depends on no metrics library: one call per command handled, at the moment its one
// "command handled" log line is written. A bot without `http:` has no counter at all.

export interface HandledCommand {
  transport: string;
  /** The command's name, or null (an unknown command, a refusal before one was known). */
  command: string | null;
  /** ok, usage, user-error, error, unknown-command, rate-limited. */
  status: string;
  /** From the message reaching the core to its answer being handed to the port. */
  latencyMs: number;
}

export interface CoreMetrics {
  commandHandled(c: HandledCommand): void;
}
