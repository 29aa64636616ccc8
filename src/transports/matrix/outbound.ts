// Outgoing Matrix events: a neutral reply planned with planDelivery and rendered as m.notice rich
// replies (in the thread when asked in one), overflow to a direct chat the bot opens with the
// asker and remembers, the "cannot read encrypted rooms" notice, and the PUT of each event with
// the transaction id the send queue gave it.
import type { MatrixClient } from "matrix-bot-sdk";
import type { MatrixConfig } from "../../config.js";
import { planDelivery } from "../../core/delivery.js";
import type { IncomingMessage } from "../../core/message.js";
import type { RichLine } from "../../core/rich-text.js";
import type { DispatchOutcome } from "../../core/transport.js";
import type { Logger } from "../../log.js";
import { pointedMember, type PointedMember } from "./members.js";
import { localpart, plainNotice, renderNotice } from "./render.js";
import { backoffMs, classifyFailure, describeFailure, sleep, type BackoffOptions } from "./retry.js";
import type { RoomTracker } from "./rooms.js";
import { RoomSendQueues } from "./send-queue.js";
import type { MatrixState } from "./state.js";

export interface OutboundDeps {
  config: MatrixConfig;
  logger: Logger;
  prefix: string;
  rooms: RoomTracker;
  backoff: BackoffOptions;
  stopSignal: AbortSignal;
  /** The connected client, or null between connections (sends then wait and retry). */
  client: () => MatrixClient | null;
  /** The bot's user id (known once connected). */
  selfId: () => string;
  state: () => MatrixState;
}

export class MatrixOutbound {
  private readonly queue: RoomSendQueues;
  private readonly deliveries = new Set<Promise<void>>();
  private readonly dmOpening = new Map<string, Promise<string | null>>();
  /** The last answer's pointer lookup: each waits for the one before, so answers keep their order. */
  private lookups: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: OutboundDeps) {
    this.queue = new RoomSendQueues({
      put: (roomId, type, txnId, content) => this.put(roomId, type, txnId, content),
      logger: deps.logger,
      backoff: deps.backoff,
      maxAgeMs: deps.config.reply_max_age_ms,
    });
  }

  /** Sends what can go within `flushMs`, drops the rest, and waits for answers in progress. */
  async stop(flushMs: number): Promise<void> {
    await this.queue.stop(flushMs);
    const limit = new AbortController();
    await Promise.race([Promise.allSettled([...this.deliveries]), sleep(flushMs, limit.signal)]);
    limit.abort();
  }

  private put(roomId: string, eventType: string, txnId: string, content: Record<string, unknown>): Promise<string> {
    const client = this.deps.client();
    if (!client) return Promise.reject(Object.assign(new Error("not connected"), { code: "ENOTCONNECTED" }));
    const url = `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/send/${encodeURIComponent(eventType)}/${encodeURIComponent(txnId)}`;
    return client.doRequest("PUT", url, null, content, 30_000).then((res: { event_id?: unknown }) => {
      if (typeof res?.event_id !== "string") throw Object.assign(new Error("send answered without an event id"), { statusCode: 502 });
      return res.event_id;
    });
  }

  /** Keeps a background delivery for stop() to wait on; a failure is logged, never unhandled. */
  private track(p: Promise<void>): void {
    const guarded = p.catch((err: unknown) => this.deps.logger.error({ err, transport: "matrix" }, "matrix: delivering an answer failed"));
    this.deliveries.add(guarded);
    void guarded.finally(() => this.deliveries.delete(guarded));
  }

  /** Says once, in plain text, that the bot cannot read this encrypted room. */
  encryptionNotice(roomId: string): void {
    const text =
      `I can't read encrypted messages, so I can't answer in this room. ` +
      `Ask me in an unencrypted room or an unencrypted direct chat (${this.deps.prefix}help lists what I can do).`;
    this.track(
      this.queue.send(roomId, "m.room.message", plainNotice(text)).then((id) => {
        this.deps.logger.info({ transport: "matrix", room: roomId, sent: id !== null }, "matrix: told an encrypted room that the bot cannot read it");
      }),
    );
  }

  /** A welcome for someone who just joined: a short notice in the room that mentions them. */
  greet(roomId: string, userId: string, lines: RichLine[]): void {
    const content = renderNotice(lines, { addressee: { userId, label: localpart(userId) }, mentions: [userId] });
    this.track(
      this.queue.send(roomId, "m.room.message", content).then((id) => {
        this.deps.logger.info({ transport: "matrix", room: roomId, user: userId, sent: id !== null }, "matrix: greeted a newcomer");
      }),
    );
  }

  /** Sends the answers to a message, in the background (see stop()). */
  answer(msg: IncomingMessage, outcome: DispatchOutcome): void {
    // A pointer may need a request to the homeserver; the next answer's lookup waits for this
    // one, so answers still reach the send queue in the order they were asked.
    const pointed = this.lookups.then(() => this.pointedFor(msg, outcome));
    this.lookups = pointed.catch(() => undefined);
    this.track(pointed.then((p) => this.deliver(msg, outcome, p)));
  }

  /** As on IRC, "> someone" reaches only a member of the room (see matrix-members.ts). */
  private async pointedFor(msg: IncomingMessage, outcome: DispatchOutcome): Promise<PointedMember | null> {
    if (!outcome.pointedAt || msg.room.isPrivate) return null;
    const { rooms, logger } = this.deps;
    return pointedMember(msg.room.id, outcome.pointedAt, { rooms, logger, client: this.deps.client(), selfId: this.deps.selfId() });
  }

  /** A pointed answer is addressed to that member, and its overflow goes to them privately. */
  private async deliver(msg: IncomingMessage, outcome: DispatchOutcome, pointed: PointedMember | null): Promise<void> {
    const asker = msg.sender.id;
    const roomId = msg.room.id;
    const where = { replyTo: msg.eventId, threadId: msg.threadId };
    const sends: Array<Promise<string | null>> = [];
    for (const reply of outcome.replies) {
      const plan = planDelivery(msg, reply, { maxRoomLines: this.deps.config.max_room_lines, pointedAt: pointed?.label ?? null });
      if (plan.roomLines.length > 0) {
        const mentions = [asker, ...(pointed ? [pointed.userId] : [])];
        sends.push(this.queue.send(roomId, "m.room.message", renderNotice(plan.roomLines, { ...where, addressee: pointed, mentions })));
      }
      if (plan.noticeLines.length > 0) {
        sends.push(this.queue.send(roomId, "m.room.message", renderNotice(plan.noticeLines, { ...where, mentions: [asker] })));
      }
      if (plan.privateLines.length > 0) {
        if (msg.room.isPrivate) sends.push(this.queue.send(roomId, "m.room.message", renderNotice(plan.privateLines, where)));
        else sends.push(this.sendPrivately(pointed?.userId ?? asker, plan.privateLines));
      }
    }
    const results = await Promise.all(sends);
    const sent = results.filter((r) => r !== null).length;
    const fields = {
      transport: "matrix",
      room: roomId,
      command: outcome.command,
      status: outcome.status,
      latencyMs: Date.now() - msg.receivedAt,
      dispatchMs: Math.round(outcome.latencyMs * 1000) / 1000,
      events: sent,
      eventId: msg.eventId,
    };
    if (sent < results.length) this.deps.logger.warn({ ...fields, dropped: results.length - sent }, "matrix: answer not fully delivered");
    else this.deps.logger.info(fields, "command handled");
  }

  private async sendPrivately(userId: string, lines: RichLine[]): Promise<string | null> {
    const roomId = await this.dmRoomFor(userId);
    if (!roomId) return null;
    return this.queue.send(roomId, "m.room.message", renderNotice(lines));
  }

  /** The direct chat with a user: the one we know if they are still in it, else a new one. */
  private dmRoomFor(userId: string): Promise<string | null> {
    let pending = this.dmOpening.get(userId);
    if (!pending) {
      pending = this.openDm(userId).finally(() => this.dmOpening.delete(userId));
      this.dmOpening.set(userId, pending);
    }
    return pending;
  }

  private async openDm(userId: string): Promise<string | null> {
    const known = this.deps.state().dmRoom(userId) ?? this.deps.rooms.directRoomWith(userId);
    if (known && (await this.stillInDm(known, userId))) return known;
    if (known) this.deps.state().forgetDmRoom(userId);
    for (let attempt = 0; attempt < 5 && !this.deps.stopSignal.aborted; attempt++) {
      const client = this.deps.client();
      if (!client) {
        await sleep(backoffMs(attempt, this.deps.backoff), this.deps.stopSignal); // between connections
        continue;
      }
      try {
        const roomId = await client.createRoom({ invite: [userId], is_direct: true, preset: "trusted_private_chat" });
        this.deps.rooms.joined.add(roomId);
        this.deps.state().setDmRoom(userId, roomId);
        await this.deps.state().save();
        void this.addDirect(userId, roomId);
        this.deps.logger.info({ transport: "matrix", room: roomId, user: userId }, "matrix: opened a direct chat");
        return roomId;
      } catch (err) {
        const f = classifyFailure(err);
        this.deps.logger.warn({ transport: "matrix", user: userId, error: describeFailure(err), attempt: attempt + 1 }, "matrix: could not open a direct chat");
        if (f.kind === "refused") return null;
        await sleep(f.kind === "rate-limited" && f.retryAfterMs !== null ? f.retryAfterMs : backoffMs(attempt, this.deps.backoff), this.deps.stopSignal);
      }
    }
    return null;
  }

  private async stillInDm(roomId: string, userId: string): Promise<boolean> {
    if (!this.deps.rooms.joined.has(roomId)) return false;
    const tracked = this.deps.rooms.info(roomId).memberships.get(userId);
    if (tracked !== undefined) return tracked === "join" || tracked === "invite";
    const client = this.deps.client();
    if (!client) return true;
    try {
      const member = (await client.getRoomStateEvent(roomId, "m.room.member", userId)) as { membership?: unknown };
      return member.membership === "join" || member.membership === "invite";
    } catch (err) {
      const f = classifyFailure(err);
      return !(f.kind === "refused"); // unsure (network): keep using it
    }
  }

  /** Records a direct chat in the m.direct account data (best effort). */
  async addDirect(userId: string, roomId: string): Promise<void> {
    const next = this.deps.rooms.withDirect(userId, roomId);
    const client = this.deps.client();
    if (!next || !client) return;
    this.deps.rooms.setDirect(next);
    try {
      await client.setAccountData("m.direct", next);
    } catch (err) {
      this.deps.logger.debug({ transport: "matrix", error: describeFailure(err) }, "matrix: could not update m.direct");
    }
  }
}
