// The one trip from message to reply, the same for every transport: a port puts a message in its
// inbox → the dispatcher answers it → a pointer ("> nick") is resolved through the port → one
// delivery plan → the port renders and, when it flushes, sends → one "command handled" line
// naming the asker, the room and the command (never the text of what was asked).
// Greetings take the same route. See docs/architecture.md.
import type { Logger } from "../log.js";
import { planLines, type LineKind } from "./delivery.js";
import type { CoreMetrics } from "./metrics.js";
import type { IncomingMessage, JoinEvent } from "./message.js";
import type { DispatchOutcome, DispatchStatus, MessageHandler } from "./outcome.js";
import { text, type Reply } from "./rich-text.js";
import type { Answer, Inbox, Member, Outgoing, Port, RenderTarget } from "./transport.js";

export interface ConversationOptions {
  dispatch: MessageHandler;
  /** The welcome for a first-time joiner, or null for silence. Never rejects. */
  greet: (ev: JoinEvent) => Promise<Reply | null>;
  logger: Logger;
  /** Told of every command handled (for /metrics); none when the bot has no `http:` section. */
  metrics?: CoreMetrics;
  /** The command prefix, to name the command a private part answers ("!start"); default "!". */
  prefix?: string;
}

const NOTHING: Answer = { status: "ignored", command: null, sends: [], flush: async () => true };

export class Conversation {
  constructor(private readonly opts: ConversationOptions) {}

  /** The inbox a port is started with. */
  inbox<Unit>(port: Port<Unit>): Inbox {
    return {
      message: (msg) => this.onMessage(port, msg),
      joined: (ev) => this.onJoin(port, ev),
    };
  }

  private async onMessage<Unit>(port: Port<Unit>, msg: IncomingMessage): Promise<Answer> {
    const started = performance.now();
    try {
      const outcome = await this.opts.dispatch(msg);
      if (outcome.status === "ignored" && outcome.replies.length === 0) return NOTHING;
      const pointed = await this.pointedMember(port, msg, outcome);
      const asked = outcome.command ? `${this.opts.prefix ?? "!"}${outcome.command}` : null;
      const sends = planSends(port, msg, outcome.replies, pointed, asked);
      return this.answer(port, sends, outcome.status, outcome.command, (sent, delivered, handedAt, settledAt) => {
        const fields = {
          transport: msg.transport,
          room: msg.room.id,
          private: msg.room.isPrivate,
          // Who asked, so that abuse can be traced to someone: the IRC nick and services account
          // (null when not logged in), the Matrix user id. Never what they wrote.
          user: msg.sender.id,
          account: msg.sender.account,
          command: outcome.command,
          status: outcome.status,
          // From the message reaching the core to its answer being handed to the port, the same for
          // every transport; how long the network then took is deliveredMs.
          latencyMs: round(handedAt - started),
          deliveredMs: round(settledAt - handedAt),
          lines: countLines(sends),
          sends: sends.length,
        };
        // One line per command; at warn when the port could not deliver every send.
        if (delivered < sent) this.opts.logger.warn({ ...fields, dropped: sent - delivered }, "command handled");
        else this.opts.logger.info(fields, "command handled");
        this.opts.metrics?.commandHandled({ transport: fields.transport, command: fields.command, status: fields.status, latencyMs: fields.latencyMs });
      });
    } catch (err) {
      this.opts.logger.error({ err, transport: msg.transport, room: msg.room.id, user: msg.sender.id }, "failed to handle a message");
      return NOTHING;
    }
  }

  private async onJoin<Unit>(port: Port<Unit>, ev: JoinEvent): Promise<Answer> {
    try {
      const reply = await this.opts.greet(ev);
      if (!reply) {
        this.opts.logger.debug({ transport: ev.transport, room: ev.roomId, user: ev.userId }, "join: no welcome");
        return NOTHING;
      }
      const msg: IncomingMessage = {
        transport: ev.transport,
        text: "",
        sender: { id: ev.userId, displayName: ev.displayName ?? ev.userId, account: ev.account },
        room: { id: ev.roomId, isPrivate: false, names: ev.roomNames ?? [] },
        botName: ev.botName,
        receivedAt: Date.now(),
      };
      const sends = planSends(port, msg, [reply], null);
      return this.answer(port, sends, "greeting", null, (sent, delivered) => {
        this.opts.logger.info({ transport: ev.transport, room: ev.roomId, user: ev.userId, sent: delivered === sent }, "greeted a newcomer");
      });
    } catch (err) {
      this.opts.logger.error({ err, transport: ev.transport, room: ev.roomId, user: ev.userId }, "greeting failed");
      return NOTHING;
    }
  }

  /** A pointer counts only for a member the port finds in the room; in a private chat never. */
  private async pointedMember<Unit>(port: Port<Unit>, msg: IncomingMessage, outcome: DispatchOutcome): Promise<Member | null> {
    if (!outcome.pointedAt || msg.room.isPrivate) return null;
    try {
      return await port.findMember(msg.room, outcome.pointedAt);
    } catch (err) {
      this.opts.logger.debug({ err, transport: msg.transport, room: msg.room.id }, "pointer lookup failed; answering the asker");
      return null;
    }
  }

  private answer<Unit>(
    port: Port<Unit>,
    sends: Outgoing<Unit>[],
    status: DispatchStatus | "greeting",
    command: string | null,
    log: (sent: number, delivered: number, handedAt: number, settledAt: number) => void,
  ): Answer {
    let flushed: Promise<boolean> | null = null;
    return {
      status,
      command,
      sends,
      flush: () => {
        if (flushed) return flushed;
        const handedAt = performance.now();
        // Every send is handed over at once, in plan order; the port keeps that order per target.
        flushed = Promise.all(sends.map((s) => port.send(s).catch(() => false))).then((results) => {
          const delivered = results.filter(Boolean).length;
          log(results.length, delivered, handedAt, performance.now());
          return delivered === results.length;
        });
        return flushed;
      },
    };
  }
}

/**
 * The sends for a set of replies. Every public reply of one answer counts against the room cap
 * together; lines are rendered by the port before planning, so the cap counts what readers see.
 * `asked` ("!start") names the command in the first line of what goes privately.
 */
export function planSends<Unit>(port: Port<Unit>, msg: IncomingMessage, replies: readonly Reply[], pointed: Member | null, asked: string | null = null): Outgoing<Unit>[] {
  const asker: Member = { id: msg.sender.id, label: msg.sender.displayName, ...(msg.sender.person ? { person: msg.sender.person } : {}) };
  const where: RenderTarget = { room: msg.room, addressee: msg.room.isPrivate ? null : (pointed ?? asker) };
  // Lines with nothing to show are dropped before rendering; what the port renders is shown.
  const kind: LineKind<Unit> = { note: (sentence) => port.render([[text(sentence)]], where), visible: () => true };
  const publicLines = replies.filter((r) => (r.delivery ?? "public") === "public").flatMap((r) => r.lines);
  const grouped: Reply[] = [...(publicLines.length ? [{ lines: publicLines }] : []), ...replies.filter((r) => r.delivery === "private" || r.delivery === "notice")];
  const base = { room: msg.room, askedBy: asker, ...(msg.eventId ? { replyTo: msg.eventId } : {}), ...(msg.threadId ? { threadId: msg.threadId } : {}) };

  const sends: Outgoing<Unit>[] = [];
  for (const reply of grouped) {
    const shown = reply.lines.filter((line) => line.some((span) => span.text.length > 0));
    const plan = planLines(msg, { lines: port.render(shown, where), delivery: reply.delivery }, { maxRoomLines: port.maxRoomLines, pointedAt: pointed?.label ?? null, asked }, kind);
    if (plan.roomLines.length) {
      sends.push({ ...base, kind: "room", to: pointed ?? asker, addressee: where.addressee, lines: plan.roomLines, mentions: pointed ? [asker.id, pointed.id] : [asker.id] });
    }
    if (plan.noticeLines.length) sends.push({ ...base, kind: "notice", to: asker, addressee: null, lines: plan.noticeLines, mentions: [asker.id] });
    if (plan.privateLines.length) {
      sends.push({ ...base, kind: "private", to: msg.room.isPrivate ? asker : (pointed ?? asker), addressee: null, lines: plan.privateLines, mentions: [] });
    }
  }
  return sends;
}

function countLines(sends: readonly Outgoing[]): number {
  return sends.reduce((n, s) => n + s.lines.length, 0);
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
