// What the core gives a transport and what a transport gives the process: the seam between
// protocol code (src/transports/*) and everything else.
import type { IncomingMessage } from "./message.js";
import type { Reply } from "./rich-text.js";

export type DispatchStatus =
  | "ignored" // not a command (ordinary chat): say nothing
  | "ok"
  | "usage" // wrong arguments: replies hold the usage line
  | "user-error" // a typed UserError: replies hold its message
  | "error" // a bug: logged, replies hold a short apology
  | "unknown-command" // replies may hold "did you mean"
  | "rate-limited"; // replies hold one notice the first time, then nothing

export interface DispatchOutcome {
  status: DispatchStatus;
  /** Canonical command name when one was recognised. */
  command: string | null;
  replies: Reply[];
  /** "!project 9p > alice": the nick / user the answer is pointed at, else null. */
  pointedAt: string | null;
  latencyMs: number;
}

/** The one entry point a transport calls for every incoming message. Never rejects. */
export type MessageHandler = (msg: IncomingMessage) => Promise<DispatchOutcome>;

export interface Transport {
  readonly name: string;
  /** Connects and keeps retrying in the background; resolves once started (not necessarily connected). */
  start(): Promise<void>;
  /** Clean shutdown (IRC QUIT, stop syncing). */
  stop(reason?: string): Promise<void>;
}
