// Joining rooms in the background, with retries: network trouble and rate limits are waited out
// without end. A refusal (403 not invited, 404 no such alias) is given up after a few tries for a
// room the bot was invited to, but a configured room is retried until stop(), at the longest
// backoff delay: it may open later, and nothing else would try it again before a reconnect.
import type { MatrixClient } from "matrix-bot-sdk";
import type { Logger } from "../../log.js";
import { backoffMs, classifyFailure, describeFailure, sleep, type BackoffOptions } from "./retry.js";
import type { RoomTracker } from "./rooms.js";

/** Refused joins after which an invited room is given up, and a configured room slows down. */
export const REFUSED_JOIN_ATTEMPTS = 5;

export interface JoinerDeps {
  logger: Logger;
  rooms: RoomTracker;
  backoff: BackoffOptions;
  stopSignal: AbortSignal;
  /** The connected client, or null between connections. */
  client: () => MatrixClient | null;
}

export interface JoinOptions {
  /** Why the bot joins, for the logs ("configured", "invited by @a:b"). */
  reason: string;
  /** A configured room: never given up. */
  configured: boolean;
  onJoined?: (roomId: string) => void;
  /** Called once the attempt ends, joined or given up. */
  onDone?: () => void;
}

export class RoomJoiner {
  /** Joins in progress, by target (room id or alias). */
  readonly pending = new Map<string, Promise<void>>();

  constructor(private readonly deps: JoinerDeps) {}

  /** Starts joining `target` (a room id or alias) unless that is already under way; never throws. */
  join(target: string, opts: JoinOptions): void {
    if (this.pending.has(target) || this.deps.stopSignal.aborted) return;
    const job = this.attempt(target, opts)
      .catch((err: unknown) => this.deps.logger.error({ err, transport: "matrix", target }, "matrix: join task failed"))
      .finally(() => {
        this.pending.delete(target);
        opts.onDone?.();
      });
    this.pending.set(target, job);
  }

  private async attempt(target: string, opts: JoinOptions): Promise<void> {
    const { logger, stopSignal, backoff } = this.deps;
    const { reason } = opts;
    let toldRefusing = false;
    for (let attempt = 0; !stopSignal.aborted; attempt++) {
      const client = this.deps.client();
      if (!client) {
        await sleep(backoffMs(attempt, backoff), stopSignal); // between connections
        continue;
      }
      try {
        const roomId = await client.joinRoom(target);
        this.deps.rooms.joined.add(roomId);
        logger.info({ transport: "matrix", room: roomId, target, reason }, "matrix: joined room");
        opts.onJoined?.(roomId);
        return;
      } catch (err) {
        if (stopSignal.aborted) return;
        const f = classifyFailure(err);
        const error = describeFailure(err);
        const exhausted = f.kind === "refused" && attempt + 1 >= REFUSED_JOIN_ATTEMPTS;
        if (exhausted && !opts.configured) {
          logger.error({ transport: "matrix", target, reason, error, attempts: attempt + 1 }, "matrix: giving up joining a room");
          return;
        }
        const delay = f.kind === "rate-limited" && f.retryAfterMs !== null ? f.retryAfterMs : exhausted ? backoff.maxMs : backoffMs(attempt, backoff);
        // A configured room that keeps refusing is said loudly once; later refusals only at debug.
        if (!exhausted) logger.warn({ transport: "matrix", target, reason, error, retryInMs: delay, attempt: attempt + 1 }, "matrix: join failed; will retry");
        else if (!toldRefusing) {
          toldRefusing = true;
          logger.error({ transport: "matrix", target, reason, error, retryInMs: delay }, "matrix: a configured room refuses the bot; will keep trying");
        } else logger.debug({ transport: "matrix", target, error, retryInMs: delay, attempt: attempt + 1 }, "matrix: a configured room still refuses the bot");
        await sleep(delay, stopSignal);
      }
    }
  }
}
