// A port that records what the core asks it to send, for the core's own tests: neutral lines
// kept as they are, members it is told about, sends that succeed (or fail, when asked to).
import type { Room } from "../../src/core/message.js";
import type { RichLine } from "../../src/core/rich-text.js";
import type { Inbox, Member, Outgoing, Port, PortStatus } from "../../src/core/transport.js";

export class RecordingPort implements Port<RichLine> {
  readonly name: string;
  readonly sent: Outgoing<RichLine>[] = [];
  inbox: Inbox | null = null;
  /** Sends fail while this is true. */
  failing = false;

  constructor(
    readonly maxRoomLines = 3,
    /** Room id → member ids present there. */
    private readonly members: Record<string, string[]> = {},
    name = "test",
  ) {
    this.name = name;
  }

  async start(inbox: Inbox): Promise<void> {
    this.inbox = inbox;
  }

  async stop(): Promise<void> {}

  status(): PortStatus {
    return { connected: true, state: "recording" };
  }

  findMember(room: Room, pointer: string): Member | null {
    return (this.members[room.id] ?? []).includes(pointer) ? { id: pointer, label: pointer } : null;
  }

  render(lines: readonly RichLine[]): RichLine[] {
    return [...lines];
  }

  async send(out: Outgoing<RichLine>): Promise<boolean> {
    if (this.failing) return false;
    this.sent.push(out);
    return true;
  }
}
