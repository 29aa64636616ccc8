// What to do after a failed request to the homeserver, and how long to wait: honour 429
// `retry_after_ms`, back off on network errors and 5xx, give up on other 4xx. The errors come
// from matrix-bot-sdk (MatrixError, a raw response, a `request` error) or from our fetch calls
// (MatrixHttpError); they are read by shape.
import { BACKOFF_BASE_FLOOR_MS, backoffDelay, type BackoffOptions } from "../backoff.js";

export type { BackoffOptions };

/** A non-2xx answer from the homeserver to one of our own fetch calls. */
export class MatrixHttpError extends Error {
  readonly errcode: string | null;
  readonly retryAfterMs: number | null;
  constructor(
    readonly statusCode: number,
    readonly body: unknown,
    retryAfterHeader: string | null = null,
  ) {
    const b = (typeof body === "object" && body !== null ? body : {}) as { errcode?: unknown; error?: unknown; retry_after_ms?: unknown };
    const errcode = typeof b.errcode === "string" ? b.errcode : null;
    super(`HTTP ${statusCode}${errcode ? ` ${errcode}` : ""}${typeof b.error === "string" ? `: ${b.error}` : ""}`);
    this.name = "MatrixHttpError";
    this.errcode = errcode;
    const fromBody = typeof b.retry_after_ms === "number" ? b.retry_after_ms : null;
    const fromHeader = retryAfterHeader && /^\d+$/.test(retryAfterHeader) ? Number(retryAfterHeader) * 1000 : null;
    this.retryAfterMs = fromBody ?? fromHeader;
  }
}

export type Failure =
  | { kind: "rate-limited"; retryAfterMs: number | null }
  /** Network trouble, timeouts, 5xx: worth retrying as long as we like. */
  | { kind: "transient" }
  /** The token is not (or no longer) valid. */
  | { kind: "unauthorized"; errcode: string | null }
  /** The server said no (403, 404, 400…): retrying the same request will not help. */
  | { kind: "refused"; status: number; errcode: string | null };

interface ErrorShape {
  statusCode?: unknown;
  errcode?: unknown;
  retryAfterMs?: unknown;
  body?: unknown;
}

export function classifyFailure(err: unknown): Failure {
  if (typeof err !== "object" || err === null) return { kind: "transient" };
  const e = err as ErrorShape;
  const status = typeof e.statusCode === "number" ? e.statusCode : null;
  const body = (typeof e.body === "object" && e.body !== null ? e.body : {}) as { errcode?: unknown; retry_after_ms?: unknown };
  const errcode = typeof e.errcode === "string" ? e.errcode : typeof body.errcode === "string" ? body.errcode : null;
  if (status === 429 || errcode === "M_LIMIT_EXCEEDED") {
    const retry = typeof e.retryAfterMs === "number" ? e.retryAfterMs : typeof body.retry_after_ms === "number" ? body.retry_after_ms : null;
    return { kind: "rate-limited", retryAfterMs: retry };
  }
  if (status === null) return { kind: "transient" };
  if (status === 401 || errcode === "M_UNKNOWN_TOKEN" || errcode === "M_MISSING_TOKEN") return { kind: "unauthorized", errcode };
  if (status >= 500 || status === 408) return { kind: "transient" };
  return { kind: "refused", status, errcode };
}

/** A short description of a failure for logs (never the request, which may hold a token). */
export function describeFailure(err: unknown): string {
  if (typeof err !== "object" || err === null) return String(err);
  const e = err as ErrorShape & { message?: unknown; code?: unknown; cause?: { code?: unknown; message?: unknown } };
  const status = typeof e.statusCode === "number" ? `HTTP ${e.statusCode}` : null;
  const body = (typeof e.body === "object" && e.body !== null ? e.body : {}) as { errcode?: unknown; error?: unknown };
  const errcode = typeof e.errcode === "string" ? e.errcode : typeof body.errcode === "string" ? body.errcode : null;
  const code = typeof e.code === "string" ? e.code : typeof e.cause?.code === "string" ? e.cause.code : null;
  const parts = [status, errcode, code].filter((p): p is string => p !== null);
  if (parts.length) return parts.join(" ");
  return typeof e.message === "string" ? e.message : "unknown error";
}

/**
 * Matrix's retry delay: the transports' one backoff, with a first retry of at most max(minMs,
 * 250) ms (a homeserver request is cheap to retry; an IRC reconnect is not).
 */
export function backoffMs(attempt: number, opts: BackoffOptions, random: () => number = Math.random): number {
  return backoffDelay(attempt, { ...opts, firstMaxMs: Math.max(BACKOFF_BASE_FLOOR_MS, opts.minMs) }, random);
}

/** Waits `ms`, or less when `signal` aborts. Resolves true when the full time passed. */
export function sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const done = (full: boolean) => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      resolve(full);
    };
    const onAbort = () => done(false);
    const timer = setTimeout(() => done(true), Math.max(0, ms));
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
