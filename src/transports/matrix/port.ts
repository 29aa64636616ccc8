// The Matrix port: what the core needs of Matrix. Each sync batch's messages become neutral
// IncomingMessages for the core's inbox, joins become JoinEvents, invites go to the doors
// (doors.ts: direct chats from anyone within limits, other strangers declined with a reason); the
// planned sends come back through MatrixOutbound. The rule that keeps a restart from answering
// twice lives here: the sync token and the handled event ids reach the disk before any answer of
// the batch is flushed. Login, the sync loop and what counts as backlog are MatrixConnection's.
import type { MatrixClient } from "matrix-bot-sdk";
import type { MatrixConfig } from "../../config.js";
import type { IncomingMessage, Room } from "../../core/message.js";
import type { RichLine } from "../../core/rich-text.js";
import type { Answer, Inbox, Member, Outgoing, Port, PortStatus } from "../../core/transport.js";
import type { Logger } from "../../log.js";
import { MatrixConnection } from "./connection.js";
import { Doors } from "./doors.js";
import { lastOwnJoin, readInvite, readJoin, readMessage, type Invite, type TextMessage } from "./events.js";
import { RoomJoiner } from "./joins.js";
import { joinedMembers, pointedMember } from "./members.js";
import { MatrixOutbound } from "./outbound.js";
import { cleanText, localpart } from "./render.js";
import { classifyFailure, describeFailure, sleep } from "./retry.js";
import { RoomTracker } from "./rooms.js";
import type { SyncResponse } from "./sync.js";

export interface MatrixPortOptions {
  config: MatrixConfig;
  logger: Logger;
  /** The bot's state_dir; the transport keeps its files in state_dir/matrix/. */
  stateDir: string;
  /** The command prefix ("!"), for the few lines the transport writes itself. */
  prefix: string;
  /** How long stop() keeps sending what is queued (default 3 s). */
  stopFlushMs?: number;
  /** Out of reach this long, the connection's warning becomes an error (default a minute; tests shorten it). */
  escalateAfterMs?: number;
}

/** How long state.json may lag behind the journal (the journal holds what it lacks). */
const JOURNALED_SAVE_DELAY_MS = 30_000;

export class MatrixPort implements Port<RichLine> {
  readonly name = "matrix";
  readonly maxRoomLines: number;
  private readonly config: MatrixConfig;
  private readonly logger: Logger;
  private readonly rooms = new RoomTracker();
  private readonly stopSignal = new AbortController();
  private readonly conn: MatrixConnection;
  private readonly outbound: MatrixOutbound;
  private readonly joiner: RoomJoiner;
  /** Configured rooms joined by alias: room id → the alias in config. */
  private readonly configuredNames = new Map<string, string>();
  private readonly doors: Doors;
  private inbox: Inbox | null = null;
  /** When start() was called: messages older than this in a batch were sent while the bot was away. */
  private startedAt = 0;
  private stopping: Promise<void> | null = null;

  constructor(private readonly opts: MatrixPortOptions) {
    this.config = opts.config;
    this.logger = opts.logger;
    this.maxRoomLines = opts.config.max_room_lines;
    this.conn = new MatrixConnection({
      config: opts.config,
      logger: opts.logger,
      stateDir: opts.stateDir,
      stopSignal: this.stopSignal.signal,
      ...(opts.escalateAfterMs !== undefined ? { escalateAfterMs: opts.escalateAfterMs } : {}),
      handlers: {
        connected: (client) => this.learnRooms(client),
        ready: () => {
          this.joinConfigured();
          this.doors.startSweeping();
        },
        batch: (res, backlogBefore) => this.onSync(res, backlogBefore),
      },
    });
    this.outbound = new MatrixOutbound({
      config: this.config,
      logger: opts.logger,
      prefix: opts.prefix,
      rooms: this.rooms,
      backoff: this.conn.backoff,
      stopSignal: this.stopSignal.signal,
      client: () => this.conn.client,
      state: () => this.conn.state,
    });
    this.joiner = new RoomJoiner({ logger: opts.logger, rooms: this.rooms, backoff: this.conn.backoff, stopSignal: this.stopSignal.signal, client: () => this.conn.client });
    this.doors = new Doors({
      config: this.config,
      logger: opts.logger,
      prefix: opts.prefix,
      joiner: this.joiner,
      backoff: this.conn.backoff,
      stopSignal: this.stopSignal.signal,
      state: () => this.conn.state,
      client: () => this.conn.client,
      addDirect: (userId, roomId) => this.outbound.addDirect(userId, roomId),
      joinedCount: (roomId) => this.countMembers(roomId),
    });
  }

  private get stopped(): boolean {
    return this.stopSignal.signal.aborted;
  }

  /** Starts connecting in the background; rejects only when the config cannot work at all. */
  async start(inbox: Inbox): Promise<void> {
    if (this.inbox || this.stopped) throw new Error("matrix: transport already started or stopped");
    this.inbox = inbox;
    this.startedAt = Date.now();
    await this.conn.start();
  }

  stop(reason = "stopping"): Promise<void> {
    this.stopping ??= this.shutdown(reason);
    return this.stopping;
  }

  private async shutdown(reason: string): Promise<void> {
    this.stopSignal.abort();
    this.doors.stop();
    const flushMs = this.opts.stopFlushMs ?? 3_000;
    // The sync is aborted at once; a matrix-bot-sdk request in flight (whoami, join) cannot be,
    // so it is not waited for beyond the flush time: its loop sees the stop when it returns.
    const limit = new AbortController();
    await Promise.race([Promise.allSettled([this.conn.running, ...this.joiner.pending.values()]), sleep(flushMs, limit.signal)]);
    limit.abort();
    await this.outbound.stop(flushMs);
    if (this.conn.running) await this.conn.state.save();
    this.conn.setConnection("stopped", { reason });
  }

  status(): PortStatus {
    return { connected: this.conn.connectionState === "connected", state: this.conn.connectionState, details: { userId: this.conn.userId, queuedLines: this.outbound.pending } };
  }

  /** As on IRC, "> someone" reaches only a member of the room (see members.ts). */
  async findMember(room: Room, pointer: string): Promise<Member | null> {
    const found = await pointedMember(room.id, pointer, { rooms: this.rooms, logger: this.logger, client: this.conn.client, selfId: this.conn.userId });
    return found ? { id: found.userId, label: found.label } : null;
  }

  /** Matrix shows neutral lines as they are; one event holds them all (see render.ts). */
  render(lines: readonly RichLine[]): RichLine[] {
    return [...lines];
  }

  send(out: Outgoing<RichLine>): Promise<boolean> {
    if (this.stopped) return Promise.resolve(false);
    return this.outbound.send(out);
  }

  // ---- connection ----

  private async learnRooms(client: MatrixClient): Promise<void> {
    try {
      this.rooms.setDirect(await client.getAccountData("m.direct"));
    } catch (err) {
      const f = classifyFailure(err);
      if (!(f.kind === "refused" && f.status === 404)) throw err;
    }
    const joined = await client.getJoinedRooms();
    for (const r of joined) this.rooms.joined.add(r);
  }

  private joinConfigured(): void {
    for (const target of this.config.rooms) {
      if (this.rooms.joined.has(target)) continue;
      this.joiner.join(target, { reason: "configured", configured: true, onJoined: (roomId) => target !== roomId && this.configuredNames.set(roomId, target) });
    }
  }

  // ---- incoming ----

  private async onSync(res: SyncResponse, backlogBefore: number | null): Promise<void> {
    const state = this.conn.state;
    const userId = this.conn.userId;
    for (const ev of res.account_data?.events ?? []) if (ev.type === "m.direct") this.rooms.setDirect(ev.content);

    for (const roomId of Object.keys(res.rooms?.leave ?? {})) {
      if (this.rooms.joined.has(roomId)) this.logger.info({ transport: "matrix", room: roomId }, "matrix: left room");
      this.rooms.forget(roomId);
      state.forgetDirectChat(roomId);
      this.doors.forget(roomId);
    }
    for (const [roomId, invited] of Object.entries(res.rooms?.invite ?? {})) {
      const invite = readInvite(roomId, invited, userId);
      if (invite) this.onInvite(invite);
    }

    const answers: Answer[] = [];
    const joiners: Array<{ roomId: string; userId: string }> = [];
    const notices: string[] = [];
    let backlog = 0;
    let caughtUp = 0;
    for (const [roomId, joined] of Object.entries(res.rooms?.join ?? {})) {
      const info = this.rooms.update(roomId, joined, userId);
      if (info.encrypted && !state.encryptionNoticed(roomId)) {
        state.markEncryptionNoticed(roomId);
        notices.push(roomId);
      }
      const timeline = joined.timeline?.events ?? [];
      // A room just joined comes with its recent history: what was said before the join was
      // not said to the bot.
      const joinedAt = lastOwnJoin(timeline, userId);
      for (let i = joinedAt + 1; i < timeline.length; i++) {
        const joiner = readJoin(timeline[i]!, userId);
        if (joiner && (backlogBefore === null || joiner.ts >= backlogBefore)) joiners.push({ roomId, userId: joiner.userId });
        const read = readMessage(timeline[i]!, userId);
        if (typeof read === "string") continue;
        if (this.config.ignore_users.includes(read.sender) || state.isHandled(read.eventId)) continue;
        if (backlogBefore !== null && read.ts < backlogBefore) {
          backlog += 1;
          continue;
        }
        const msg = await this.toIncoming(roomId, read);
        state.markHandled(read.eventId);
        if (read.ts < this.startedAt) caughtUp += 1;
        if (msg.room.isPrivate) state.touchDirectChat(roomId);
        const answer = await this.inbox!.message(msg);
        // Every answered command is flushed, even one with nothing to send (a refusal past the
        // first): flushing writes its "command handled" line and counts it.
        if (answer.status !== "ignored") answers.push(answer);
      }
    }
    if (backlog > 0) this.logger.info({ transport: "matrix", skipped: backlog }, "matrix: ignored messages sent before start-up");
    if (caughtUp > 0) this.logger.info({ transport: "matrix", answered: caughtUp, maxAgeMs: this.config.catch_up_max_age_ms }, "matrix: answering messages sent while the bot was away");

    // The token and the handled ids reach the disk before any answer leaves: a crash now
    // loses at most these answers, and never answers them twice. One journal line does it;
    // state.json follows off the answer path (state.ts). An encryption notice is rare and
    // remembered in state.json only: that one waits for the whole file.
    state.setSyncToken(res.next_batch);
    if (notices.length > 0) await state.save();
    else if (answers.some((a) => a.sends.length > 0)) state.commit();
    // With answered batches journaled, the whole file can wait: rewriting it every second while
    // people talk put ~0.6 ms of main-thread work at random moments between answers. A batch
    // with no answer needs no haste: read again after a crash, it is answered no more than now.
    state.saveSoon(JOURNALED_SAVE_DELAY_MS);

    for (const roomId of notices) this.outbound.encryptionNotice(roomId);
    for (const answer of answers) void answer.flush();
    for (const j of joiners) void this.greetJoiner(j.roomId, j.userId);
    // matrix-bot-sdk starts a request on the next turn (setImmediate); the sync loop's next
    // long-poll, set up as soon as this returns, would go first and hold the answers up by ~1 ms.
    if (answers.length > 0) await new Promise<void>((resolve) => setImmediate(resolve));
  }

  /** A joiner may get a welcome (a notice in the room that mentions them): the core decides. */
  private async greetJoiner(roomId: string, userId: string): Promise<void> {
    const alias = this.configuredNames.get(roomId);
    const answer = await this.inbox!.joined({ transport: "matrix", roomId, roomNames: alias ? [alias] : [], userId, displayName: localpart(userId), account: userId, botName: this.conn.userId });
    if (!this.stopped) await answer.flush();
  }

  private async toIncoming(roomId: string, m: TextMessage): Promise<IncomingMessage> {
    const info = this.rooms.info(roomId);
    const name = info.names.get(m.sender);
    const alias = this.configuredNames.get(roomId);
    const isPrivate = await this.isPrivate(roomId);
    const label = alias ?? (isPrivate ? undefined : await this.roomLabel(roomId));
    const msg: IncomingMessage = {
      transport: "matrix",
      text: m.text,
      sender: { id: m.sender, displayName: name ? cleanText(name).trim() || localpart(m.sender) : localpart(m.sender), account: m.sender, person: m.sender },
      room: { id: roomId, isPrivate, names: alias ? [alias] : [], ...(label ? { label } : {}) },
      botName: localpart(this.conn.userId),
      eventId: m.eventId,
      receivedAt: Date.now(),
    };
    if (m.threadId) msg.threadId = m.threadId;
    return msg;
  }

  /**
   * How answers name the room: its canonical alias, else its name. Known from sync when the bot
   * joined; after a restart the incremental sync has no state, so it is asked for once.
   */
  private async roomLabel(roomId: string): Promise<string | undefined> {
    const info = this.rooms.info(roomId);
    const client = this.conn.client;
    if (info.alias === undefined && info.name === undefined && !info.labelAsked && client) {
      info.labelAsked = true;
      for (const [type, key] of [["m.room.canonical_alias", "alias"], ["m.room.name", "name"]] as const) {
        try {
          const value = ((await client.getRoomStateEvent(roomId, type, "")) as Record<string, unknown>)[key];
          if (typeof value === "string" && value.trim()) info[key] = value;
        } catch (err) {
          this.logger.debug({ transport: "matrix", room: roomId, type, error: describeFailure(err) }, "matrix: no room name to show");
        }
        if (info.alias !== undefined) break;
      }
    }
    return info.alias ?? info.name;
  }

  /**
   * A private chat is the bot and one person, whatever the room is marked: m.direct and an
   * invite's is_direct are the inviter's word, and a "direct chat" with a crowd in it is a room
   * (capped answers, commands only). Only when the count cannot be had does the mark decide.
   */
  private async isPrivate(roomId: string): Promise<boolean> {
    const members = await this.countMembers(roomId);
    if (members === null) return this.conn.state.isDmRoom(roomId) || this.rooms.isDirect(roomId);
    return members === 2;
  }

  /** Joined members of a room: from sync when it told, else asked of the homeserver (then kept until members change). */
  private async countMembers(roomId: string): Promise<number | null> {
    const info = this.rooms.info(roomId);
    const client = this.conn.client;
    if (info.joinedCount === undefined && client) {
      try {
        info.joinedCount = Object.keys(await joinedMembers(client, roomId)).length;
      } catch (err) {
        this.logger.debug({ transport: "matrix", room: roomId, error: describeFailure(err) }, "matrix: could not count room members");
        return null;
      }
    }
    return info.joinedCount ?? null;
  }


  private onInvite(invite: Invite): void {
    if (this.joiner.pending.has(invite.roomId) || this.rooms.joined.has(invite.roomId)) return;
    this.doors.onInvite(invite);
  }
}
