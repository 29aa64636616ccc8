// The port: the whole list of what a transport (IRC, Matrix, the console, a test's recording
// port) owes the core. The core owns the trip from message to reply (conversation.ts); a port
// only turns native events into neutral ones, renders neutral lines for its network, and sends.
import type { IncomingMessage, JoinEvent, Room } from "./message.js";
import type { DispatchStatus } from "./outcome.js";
import type { RichLine } from "./rich-text.js";

/** A person as the port knows them: a stable id to send to, and how answers name them. */
export interface Member {
  /** IRC nick, Matrix user id, "you" on the console. */
  id: string;
  /** How a line addressed to them starts ("alice: …"). */
  label: string;
  /** Who they are for limits and fair queues (Sender.person), when the port told. */
  person?: string;
}

/**
 * Where a planned send goes:
 * - "room": the room the question came from, addressed to `addressee` when that is set;
 * - "private": a private chat with `to`;
 * - "notice": a short out-of-band note to `to` (IRC NOTICE; on Matrix a notice in the room).
 */
export type SendKind = "room" | "private" | "notice";

/** Where lines will be shown: what a port needs to render them (IRC byte budgets, +c). */
export interface RenderTarget {
  room: Room;
  /** The person an answer in a room is addressed to; null in a private chat. */
  addressee: Member | null;
}

/** One planned send: lines the port rendered, and everything it needs to deliver them. */
export interface Outgoing<Unit = unknown> {
  kind: SendKind;
  /** The room the question (or the join) came from. */
  room: Room;
  /** Who the lines are for: the asker, or the member the answer was pointed at. */
  to: Member;
  /** For room sends: who the lines are addressed to ("nick: …"). */
  addressee: Member | null;
  /** Whose question caused this send (queues are fair between askers). */
  askedBy: Member;
  /** Lines as the port rendered them, one per line the reader will see. */
  lines: Unit[];
  /** The asker's event (Matrix rich replies) and thread, when there is one. */
  replyTo?: string;
  threadId?: string;
  /** User ids the send mentions: the asker and the pointed-at member. */
  mentions: string[];
}

/** What a port reports about its connection (health checks, logs). */
export interface PortStatus {
  connected: boolean;
  /** A word for the state ("registered", "connecting", "disconnected"…). */
  state: string;
  /** What else the port can tell (nick, rooms, counters), for health checks and tests. */
  details?: Record<string, unknown>;
}

/** The core's side of a port: where it puts what arrives. Both calls never reject. */
export interface Inbox {
  /** A message from someone: the planned answer (possibly no sends at all). */
  message(msg: IncomingMessage): Promise<Answer>;
  /** Someone joined a room: a planned welcome, or no sends. */
  joined(ev: JoinEvent): Promise<Answer>;
}

/**
 * A planned answer. Nothing has been sent yet: the port calls flush() when it may send (Matrix
 * first saves its sync token, so a crash can never answer twice). flush() sends each planned
 * send through the port, in order, and writes the one "command handled" log line.
 */
export interface Answer {
  status: DispatchStatus | "greeting" | "no-greeting";
  command: string | null;
  sends: readonly Outgoing[];
  /** Resolves once every send settled; true when all were delivered. Never rejects. */
  flush(): Promise<boolean>;
}

export interface Port<Unit = unknown> {
  readonly name: string;
  /** Lines in a room before the rest of an answer goes privately. */
  readonly maxRoomLines: number;
  /** Connects (and keeps retrying in the background); resolves once started, not necessarily connected. */
  start(inbox: Inbox): Promise<void>;
  /** Resolves when the port ends by itself (the console at the end of its input); network ports never do. */
  readonly ended?: Promise<void>;
  /** Clean shutdown (IRC QUIT, stop syncing, flush what can be sent). */
  stop(reason?: string): Promise<void>;
  /**
   * The member a pointer ("> nick", "> @user:server") names in `room`, or null: only someone
   * present in the room, never the bot itself, so the bot cannot be made to message strangers.
   */
  findMember(room: Room, pointer: string): Member | null | Promise<Member | null>;
  /** Neutral lines as they will be shown at `where`: one unit per line the reader sees. */
  render(lines: readonly RichLine[], where: RenderTarget): Unit[];
  /** Delivers one planned send; resolves true when it went out. Never rejects. */
  send(out: Outgoing<Unit>): Promise<boolean>;
  status(): PortStatus;
}
