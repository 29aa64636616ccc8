// Outgoing Matrix events: one ordered queue per room. Each event gets its transaction id once,
// when queued, and keeps it through every retry, so a send that reached the homeserver but whose
// answer was lost, or one refused with 429, is never posted twice. 429 waits `retry_after_ms`;
// network errors and 5xx back off; other refusals drop the event with a log line.
import type { Logger } from "../../log.js";
import { backoffMs, classifyFailure, describeFailure, sleep, type BackoffOptions } from "./retry.js";

/** Sends one event with a given transaction id; resolves with the event id. */
export type PutEvent = (roomId: string, eventType: string, txnId: string, content: Record<string, unknown>) => Promise<string>;

export interface SendQueueOptions {
  put: PutEvent;
  logger: Logger;
  backoff: BackoffOptions;
  /** An event not sent this long after it was queued is dropped. */
  maxAgeMs: number;
  now?: () => number;
}

interface Job {
  roomId: string;
  eventType: string;
  content: Record<string, unknown>;
  txnId: string;
  queuedAt: number;
  attempts: number;
  settle: (eventId: string | null) => void;
}

let txnCounter = 0;
const TXN_PREFIX = `xb${Date.now().toString(36)}${Math.floor(Math.random() * 36 ** 4).toString(36)}`;

/** Unique for this process and, with the start time and randomness, across restarts. */
export function newTxnId(): string {
  txnCounter += 1;
  return `${TXN_PREFIX}.${txnCounter}`;
}

export class RoomSendQueues {
  private readonly queues = new Map<string, Job[]>();
  private readonly running = new Set<string>();
  private readonly idle = new Set<() => void>();
  private readonly abort = new AbortController();
  private stopping = false;
  private stopped = false;
  private readonly now: () => number;

  constructor(private readonly opts: SendQueueOptions) {
    this.now = opts.now ?? Date.now;
  }

  /** Events queued or in flight. */
  get pending(): number {
    let n = 0;
    for (const q of this.queues.values()) n += q.length;
    return n;
  }

  /**
   * Queues an event for a room. Resolves with its event id once sent, or null when it was dropped
   * (refused, too old, or the transport stopped). Never rejects.
   */
  send(roomId: string, eventType: string, content: Record<string, unknown>): Promise<string | null> {
    if (this.stopped) return Promise.resolve(null);
    return new Promise((settle) => {
      const job: Job = { roomId, eventType, content, txnId: newTxnId(), queuedAt: this.now(), attempts: 0, settle };
      let q = this.queues.get(roomId);
      if (!q) this.queues.set(roomId, (q = []));
      q.push(job);
      if (!this.running.has(roomId)) void this.drain(roomId);
    });
  }

  private async drain(roomId: string): Promise<void> {
    this.running.add(roomId);
    try {
      const q = this.queues.get(roomId)!;
      while (q.length > 0) {
        const job = q[0]!;
        const eventId = await this.attempt(job);
        if (eventId === undefined) continue; // try the same job again
        q.shift();
        job.settle(eventId);
      }
      this.queues.delete(roomId);
    } finally {
      this.running.delete(roomId);
      if (this.pending === 0) for (const fn of [...this.idle]) fn();
    }
  }

  /** One try: the event id, null to drop the job, or undefined to try again (after waiting). */
  private async attempt(job: Job): Promise<string | null | undefined> {
    const log = { transport: "matrix", room: job.roomId, txnId: job.txnId, attempt: job.attempts + 1 };
    if (this.stopped) return null;
    if (this.now() - job.queuedAt > this.opts.maxAgeMs) {
      this.opts.logger.warn({ ...log, ageMs: this.now() - job.queuedAt }, "matrix: dropping an answer that could not be sent in time");
      return null;
    }
    job.attempts += 1;
    try {
      return await this.opts.put(job.roomId, job.eventType, job.txnId, job.content);
    } catch (err) {
      const failure = classifyFailure(err);
      if (failure.kind === "refused") {
        this.opts.logger.warn({ ...log, status: failure.status, errcode: failure.errcode }, "matrix: homeserver refused an event; dropped");
        return null;
      }
      if (this.stopping) {
        this.opts.logger.info({ ...log, error: describeFailure(err) }, "matrix: dropping an unsent event at stop");
        return null;
      }
      const wait =
        failure.kind === "rate-limited"
          ? Math.max(0, failure.retryAfterMs ?? backoffMs(job.attempts - 1, this.opts.backoff))
          : backoffMs(job.attempts - 1, this.opts.backoff);
      const level = failure.kind === "rate-limited" ? "info" : "warn";
      this.opts.logger[level]({ ...log, error: describeFailure(err), retryInMs: wait }, failure.kind === "rate-limited" ? "matrix: rate limited; will resend with the same transaction id" : "matrix: send failed; will retry");
      await sleep(wait, this.abort.signal);
      return undefined;
    }
  }

  /** Resolves when nothing is queued or in flight. */
  whenIdle(): Promise<void> {
    if (this.pending === 0 && this.running.size === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const fn = () => {
        this.idle.delete(fn);
        resolve();
      };
      this.idle.add(fn);
    });
  }

  /**
   * Stops: sends what can go out within `flushMs` (no more retries of failed events), then drops
   * the rest. Idempotent.
   */
  async stop(flushMs: number): Promise<void> {
    if (this.stopped) return;
    this.stopping = true;
    const flushTimer = new AbortController();
    await Promise.race([this.whenIdle(), sleep(flushMs, flushTimer.signal)]);
    flushTimer.abort();
    this.stopped = true;
    this.abort.abort();
    let dropped = 0;
    for (const [roomId, q] of this.queues) {
      // The head of a running queue is in flight; its worker settles it.
      const keep = this.running.has(roomId) ? 1 : 0;
      for (const job of q.splice(keep)) {
        dropped += 1;
        job.settle(null);
      }
    }
    if (dropped > 0) this.opts.logger.info({ transport: "matrix", dropped }, "matrix: dropped unsent events at stop");
  }
}
