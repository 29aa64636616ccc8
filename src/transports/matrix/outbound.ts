// Outgoing Matrix events: the core's planned sends rendered as m.notice rich replies (in the
// thread when asked in one), private lines in a direct chat the bot opens with the person and
// remembers, the "cannot read encrypted rooms" notice, and the PUT of each event with the
// transaction id the send queue gave it.
import type { MatrixClient } from "matrix-bot-sdk";
import type { MatrixConfig } from "../../config.js";
import type { RichLine } from "../../core/rich-text.js";
import type { Outgoing } from "../../core/transport.js";
import type { Logger } from "../../log.js";
import { plainNotice, renderNotice } from "./render.js";
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
  state: () => MatrixState;
}

/** max_open direct chats are open: none is opened for this answer. */
const FULL: unique symbol = Symbol("direct chats full");
/** A direct chat's room id, null when it could not be opened, or FULL. */
type DmRoom = string | null | typeof FULL;

export class MatrixOutbound {
  private readonly queue: RoomSendQueues;
  private readonly deliveries = new Set<Promise<void>>();
  /** Direct chats being found or opened, by user: the room, null when it failed, FULL at max_open. */
  private readonly dmOpening = new Map<string, Promise<DmRoom>>();
  private creatingDms = 0;

  constructor(private readonly deps: OutboundDeps) {
    this.queue = new RoomSendQueues({
      put: (roomId, type, txnId, content) => this.put(roomId, type, txnId, content),
      logger: deps.logger,
      backoff: deps.backoff,
      maxAgeMs: deps.config.reply_max_age_ms,
    });
  }

  /** Events queued or being sent, over every room. */
  get pending(): number {
    return this.queue.pending;
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

  /** Sends one planned send; resolves true once every event of it was sent (see stop()). */
  send(out: Outgoing<RichLine>): Promise<boolean> {
    const where = { replyTo: out.replyTo, threadId: out.threadId };
    let sent: Promise<string | null>;
    if (out.kind === "room") {
      // A rich reply already names the asker; a pointed answer names the member it is for.
      const addressee = out.to.id !== out.askedBy.id ? { userId: out.to.id, label: out.to.label } : null;
      sent = this.queue.send(out.room.id, "m.room.message", renderNotice(out.lines, { ...where, addressee, mentions: out.mentions }));
    } else if (out.kind === "notice") {
      // A notice in the room; with no event to reply to (a welcome) it names its reader.
      const addressee = out.replyTo ? null : { userId: out.to.id, label: out.to.label };
      sent = this.queue.send(out.room.id, "m.room.message", renderNotice(out.lines, { ...where, addressee, mentions: out.mentions }));
    } else if (out.room.isPrivate) {
      this.deps.state().touchDirectChat(out.room.id);
      sent = this.queue.send(out.room.id, "m.room.message", renderNotice(out.lines, where));
    } else {
      sent = this.sendPrivately(out);
    }
    const delivered = sent.then((id) => id !== null);
    this.track(delivered.then(() => undefined));
    return delivered.catch(() => false);
  }

  private async sendPrivately(out: Outgoing<RichLine>): Promise<string | null> {
    const roomId = await this.dmRoomFor(out.to.id);
    if (roomId === FULL) {
      await this.tellDirectChatsFull(out);
      return null;
    }
    if (!roomId) return null;
    this.deps.state().touchDirectChat(roomId);
    return this.queue.send(roomId, "m.room.message", renderNotice(out.lines));
  }

  /**
   * The cap on direct chats holds for the ones the bot opens too (otherwise many accounts asking
   * for long answers in a room would make it open rooms without end): the lines meant for the
   * direct chat are not sent, and the person is told so where they asked.
   */
  private async tellDirectChatsFull(out: Outgoing<RichLine>): Promise<void> {
    this.deps.logger.warn({ transport: "matrix", room: out.room.id, user: out.to.id, max: this.deps.config.direct_chats.max_open }, "matrix: not opening a direct chat: max_open direct chats are open");
    // It corrects the room's "sent to you privately": those lines were not sent.
    const text = `I could not send you those lines privately: I have too many direct chats open right now. Try again later, or start a direct chat with me.`;
    const addressee = { userId: out.to.id, label: out.to.label };
    await this.queue.send(out.room.id, "m.room.message", renderNotice([[{ text }]], { replyTo: out.replyTo, threadId: out.threadId, addressee, mentions: [out.to.id] }));
  }

  /** The direct chat with a user: the one we know if they are still in it, else a new one (or FULL). */
  private dmRoomFor(userId: string): Promise<DmRoom> {
    let pending = this.dmOpening.get(userId);
    if (!pending) {
      pending = this.openDm(userId).finally(() => this.dmOpening.delete(userId));
      this.dmOpening.set(userId, pending);
    }
    return pending;
  }

  private async openDm(userId: string): Promise<DmRoom> {
    const known = this.deps.state().dmRoom(userId) ?? this.deps.rooms.directRoomWith(userId);
    if (known && (await this.stillInDm(known, userId))) return known;
    if (known) this.deps.state().forgetDmRoom(userId);
    // Rooms being created count too: a burst of long answers must not open past the cap.
    if (this.deps.state().openDirectChats + this.creatingDms >= this.deps.config.direct_chats.max_open) return FULL;
    this.creatingDms += 1;
    try {
      return await this.createDm(userId);
    } finally {
      this.creatingDms -= 1;
    }
  }

  private async createDm(userId: string): Promise<string | null> {
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
