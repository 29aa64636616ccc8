// Who gets the bot into a room, and when it leaves. A newcomer's first question often comes as a
// direct chat, so a direct-chat invite from anyone is accepted, within limits: so many from one
// person, so many invites handled a minute by everyone together, a cap on the direct chats open
// at once. Any other invite from a stranger (not a direct chat, not a configured room, not from
// allowed_inviters) is declined by leaving with a reason the inviter sees, never ignored without a
// word. Direct chats where nothing was said for a while are left, saying why, so they do not pile
// up. Configured rooms and allowed inviters get in as before, with no limit.
import type { MatrixClient } from "matrix-bot-sdk";
import type { MatrixConfig } from "../../config.js";
import { RateLimiter, TokenBucket } from "../../core/rate-limit.js";
import type { Logger } from "../../log.js";
import { inviterAllowed, type Invite } from "./events.js";
import type { RoomJoiner } from "./joins.js";
import { backoffMs, classifyFailure, describeFailure, sleep, type BackoffOptions } from "./retry.js";
import type { MatrixState } from "./state.js";

/** Invites kept waiting for the overall limit; past this many, more are left unanswered (logged). */
export const MAX_WAITING_INVITES = 100;

export type InviteVerdict =
  | { kind: "join"; why: "configured" | "allowed" | "direct" }
  | { kind: "decline"; why: "not-direct" | "full" | "too-many-from-inviter"; reason: string }
  | { kind: "wait"; retryInMs: number };

export interface DoorsDeps {
  config: MatrixConfig;
  logger: Logger;
  prefix: string;
  joiner: RoomJoiner;
  backoff: BackoffOptions;
  stopSignal: AbortSignal;
  state: () => MatrixState;
  /** The connected client, or null between connections. */
  client: () => MatrixClient | null;
  /** Records a direct chat in m.direct (best effort). */
  addDirect: (userId: string, roomId: string) => Promise<void>;
  /** Members joined to a room, as the homeserver says now; null when it cannot tell. */
  joinedCount: (roomId: string) => Promise<number | null>;
  now?: () => number;
}

/** "30 days", "5 hours", "40 seconds": how long, in the largest whole unit. */
export function describeDuration(ms: number): string {
  const units: Array<[string, number]> = [["day", 86_400_000], ["hour", 3_600_000], ["minute", 60_000], ["second", 1_000]];
  for (const [name, size] of units) {
    const n = Math.floor(ms / size);
    if (n >= 1) return `${n} ${name}${n === 1 ? "" : "s"}`;
  }
  return "a moment";
}

export class Doors {
  private readonly now: () => number;
  private readonly invites: TokenBucket;
  private readonly perInviter: RateLimiter;
  private readonly waiting = new Map<string, Invite>();
  /** Rooms being declined or left, and direct chats being joined (they count against the cap). */
  private readonly busy = new Set<string>();
  private readonly joiningDirect = new Set<string>();
  private waitTimer: NodeJS.Timeout | null = null;
  private sweepTimer: NodeJS.Timeout | null = null;
  private toldFull = false;

  constructor(private readonly deps: DoorsDeps) {
    this.now = deps.now ?? Date.now;
    const limits = deps.config.direct_chats;
    this.invites = new TokenBucket(limits.invites.burst, limits.invites.interval_ms, this.now);
    this.perInviter = new RateLimiter({ burst: limits.per_inviter.burst, intervalMs: limits.per_inviter.interval_ms, now: this.now });
  }

  /** What to do with an invite; takes from the limits when the answer is not "configured" or "allowed". */
  decide(invite: Invite): InviteVerdict {
    const { config, prefix } = this.deps;
    // Only a configured room *id* counts: the aliases in an invite's stripped state come from the
    // inviter's server and can name any room (configured aliases are joined by the port itself).
    if (config.rooms.includes(invite.roomId)) return { kind: "join", why: "configured" };
    if (inviterAllowed(invite.inviter, config.allowed_inviters)) return { kind: "join", why: "allowed" };
    // Everything else costs a request (a join or a leave), whoever sends it: the overall limit first.
    if (!this.invites.tryTake()) return { kind: "wait", retryInMs: Math.max(1, this.invites.msUntilAvailable()) };
    if (!invite.isDirect) {
      return { kind: "decline", why: "not-direct", reason: `I join only the rooms my operators set up for me. To ask me something, start a direct chat with me and say ${prefix}help.` };
    }
    if (this.deps.state().openDirectChats + this.joiningDirect.size >= config.direct_chats.max_open) {
      return { kind: "decline", why: "full", reason: "I have too many direct chats open right now. Please try again later, or ask in one of the Xen Project's rooms." };
    }
    if (this.perInviter.take(invite.inviter) !== "allow") {
      const wait = describeDuration(Math.max(60_000, this.perInviter.secondsUntilFree(invite.inviter) * 1000));
      return { kind: "decline", why: "too-many-from-inviter", reason: `You have started several direct chats with me lately. Please use the one we have, or try again in about ${wait}.` };
    }
    return { kind: "join", why: "direct" };
  }

  /** An invite seen in sync: joined, declined with a reason, or kept until the limit allows it. */
  onInvite(invite: Invite): void {
    const { roomId, inviter } = invite;
    if (this.busy.has(roomId) || this.deps.joiner.pending.has(roomId) || this.deps.stopSignal.aborted) return;
    const verdict = this.decide(invite);
    if (verdict.kind === "wait") return this.keepWaiting(invite, verdict.retryInMs);
    this.waiting.delete(roomId);
    if (verdict.kind === "decline") {
      this.deps.logger.info({ transport: "matrix", room: roomId, inviter, direct: invite.isDirect, why: verdict.why }, "matrix: declined an invite");
      void this.leave(roomId, verdict.reason, "decline");
      return;
    }
    const direct = invite.isDirect && verdict.why !== "configured";
    let checking: Promise<void> | null = null;
    if (direct) this.joiningDirect.add(roomId);
    const reason = verdict.why === "configured" ? "configured" : verdict.why === "allowed" ? `invited by ${inviter}` : `direct chat from ${inviter}`;
    this.deps.joiner.join(roomId, {
      reason,
      configured: verdict.why === "configured",
      // The direct chat counts against the cap until it is recorded (or left), not just joined.
      onJoined: (joinedId) => {
        checking = this.joinedDirect(invite, joinedId, verdict.why).finally(() => this.joiningDirect.delete(roomId));
      },
      onDone: () => {
        if (!checking) this.joiningDirect.delete(roomId);
      },
    });
  }

  /**
   * After joining on an `is_direct` invite: the flag is the inviter's word, so a stranger's
   * "direct chat" with more people in it is a room, and the bot leaves it saying so (otherwise
   * anyone could make it answer every line of a crowded room as if it were a private chat).
   */
  private async joinedDirect(invite: Invite, joinedId: string, why: "configured" | "allowed" | "direct"): Promise<void> {
    const { inviter } = invite;
    if (!invite.isDirect) return;
    if (why === "direct") {
      const members = await this.deps.joinedCount(joinedId);
      if (members !== null && members > 2) {
        this.deps.logger.info({ transport: "matrix", room: joinedId, inviter, members }, "matrix: left a direct chat that is a room");
        await this.leave(joinedId, `This is not a direct chat (${members} members). I join only the rooms my operators set up for me; to ask me something, start a direct chat with only me and say ${this.deps.prefix}help.`, "decline");
        return;
      }
    }
    const state = this.deps.state();
    state.setDmRoom(inviter, joinedId, this.now());
    state.saveSoon();
    void this.deps.addDirect(inviter, joinedId);
    this.deps.logger.info({ transport: "matrix", room: joinedId, inviter, open: state.openDirectChats }, "matrix: accepted a direct chat");
  }

  /** The room is gone for the bot (left, or the invite withdrawn): nothing waits for it any more. */
  forget(roomId: string): void {
    this.waiting.delete(roomId);
  }

  /** Starts leaving idle direct chats, checked a few times per idle period (at most every 10 minutes). */
  startSweeping(): void {
    if (this.sweepTimer || this.deps.stopSignal.aborted) return;
    const every = Math.min(600_000, Math.max(250, Math.floor(this.deps.config.direct_chats.idle_leave_after_ms / 4)));
    this.sweepTimer = setInterval(() => void this.leaveIdle(), every);
    this.sweepTimer.unref();
  }

  stop(): void {
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    if (this.waitTimer) clearTimeout(this.waitTimer);
    this.sweepTimer = this.waitTimer = null;
  }

  /** Leaves every direct chat where nothing was said for `idle_leave_after_ms`. */
  async leaveIdle(): Promise<void> {
    if (!this.deps.client()) return;
    const idleMs = this.deps.config.direct_chats.idle_leave_after_ms;
    const now = this.now();
    for (const chat of this.deps.state().directChats()) {
      if (now - chat.lastActive < idleMs || this.busy.has(chat.roomId)) continue;
      const reason = `Leaving this direct chat: nothing was said here for ${describeDuration(now - chat.lastActive)}. Start a new one with me any time.`;
      if (await this.leave(chat.roomId, reason, "idle")) {
        this.deps.state().forgetDirectChat(chat.roomId);
        this.deps.state().saveSoon();
        this.deps.logger.info({ transport: "matrix", room: chat.roomId, user: chat.userId, idleForMs: now - chat.lastActive }, "matrix: left an idle direct chat");
      }
    }
  }

  private keepWaiting(invite: Invite, retryInMs: number): void {
    if (!this.waiting.has(invite.roomId) && this.waiting.size >= MAX_WAITING_INVITES) {
      if (!this.toldFull) this.deps.logger.warn({ transport: "matrix", waiting: this.waiting.size }, "matrix: invites are arriving faster than the limit; leaving some unanswered");
      this.toldFull = true;
      return;
    }
    if (!this.waiting.has(invite.roomId)) this.deps.logger.debug({ transport: "matrix", room: invite.roomId, inviter: invite.inviter, retryInMs }, "matrix: an invite waits for the invite limit");
    this.waiting.set(invite.roomId, invite);
    if (this.waitTimer) return;
    this.waitTimer = setTimeout(() => {
      this.waitTimer = null;
      this.toldFull = false;
      // In arrival order; one that has to wait again re-arms the timer.
      for (const waiting of [...this.waiting.values()]) {
        this.waiting.delete(waiting.roomId);
        this.onInvite(waiting);
        if (this.waitTimer) break;
      }
    }, retryInMs);
    this.waitTimer.unref();
  }

  /** Leaves (or rejects the invite to) a room with a reason its members see; true once left. */
  private async leave(roomId: string, reason: string, what: "decline" | "idle"): Promise<boolean> {
    this.busy.add(roomId);
    try {
      for (let attempt = 0; attempt < 3 && !this.deps.stopSignal.aborted; attempt++) {
        const client = this.deps.client();
        if (!client) {
          await sleep(backoffMs(attempt, this.deps.backoff), this.deps.stopSignal);
          continue;
        }
        try {
          await client.leaveRoom(roomId, reason);
          return true;
        } catch (err) {
          const f = classifyFailure(err);
          if (f.kind === "refused") {
            this.deps.logger.warn({ transport: "matrix", room: roomId, error: describeFailure(err), what }, "matrix: could not leave a room");
            return false;
          }
          await sleep(f.kind === "rate-limited" && f.retryAfterMs !== null ? f.retryAfterMs : backoffMs(attempt, this.deps.backoff), this.deps.stopSignal);
        }
      }
      this.deps.logger.warn({ transport: "matrix", room: roomId, what }, "matrix: could not leave a room");
      return false;
    } finally {
      this.busy.delete(roomId);
    }
  }
}
