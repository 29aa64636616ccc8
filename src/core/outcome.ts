// What the dispatcher makes of one message: a status, the command it recognised, the neutral
// replies and the pointer the asker typed. The conversation turns it into sends for a port.
import type { IncomingMessage } from "./message.js";
import type { Reply } from "./rich-text.js";

export type DispatchStatus =
  | "ignored" // not a command (ordinary chat): say nothing
  | "ok"
  | "usage" // wrong arguments: replies hold the usage line
  | "user-error" // a typed UserError: replies hold its message
  | "error" // a bug: logged, replies hold a short apology
  | "unknown-command" // replies may hold "did you mean"
  | "ask-back" // a sentence read two ways: replies ask which, with at most three commands
  | "not-understood" // a sentence read as nothing: replies point to !help
  | "rate-limited"; // replies hold one notice the first time, then nothing

export interface DispatchOutcome {
  status: DispatchStatus;
  /** Canonical command name when one was recognised. */
  command: string | null;
  replies: Reply[];
  /** "!project 9p > alice": the nick / user the answer is pointed at, as typed, else null. */
  pointedAt: string | null;
  /** The intent, when a sentence was understood ("contact", "suggest"…). */
  understood?: string | null;
  /** Time spent in the dispatcher alone. */
  latencyMs: number;
}

/** The dispatcher's entry point. Never rejects. */
export type MessageHandler = (msg: IncomingMessage) => Promise<DispatchOutcome>;
