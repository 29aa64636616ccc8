// What a failed homeserver request means for the operator: the network error's hint (refused,
// DNS, TLS) or the HTTP refusal's (token, login, not a homeserver). Apart from connection.ts so
// that `xenbot check --connect` can use it without loading matrix-bot-sdk.
import { hintFor, matrixRefusalHint, type Destination, type FailureHint } from "../failure-hints.js";

/** Everything an error says (message, code, its cause's), read for a hint; then the HTTP refusal. */
export function failureHint(err: unknown, to: Destination, homeserver: string): FailureHint | null {
  const e = (typeof err === "object" && err !== null ? err : {}) as { message?: unknown; code?: unknown; cause?: { message?: unknown; code?: unknown }; statusCode?: unknown; errcode?: unknown; body?: { errcode?: unknown } };
  const text = [e.message, e.code, e.cause?.message, e.cause?.code].filter((x) => typeof x === "string").join(" ");
  const status = typeof e.statusCode === "number" ? e.statusCode : null;
  const errcode = typeof e.errcode === "string" ? e.errcode : typeof e.body?.errcode === "string" ? e.body.errcode : null;
  return (status === null ? hintFor(text || String(err), to) : null) ?? matrixRefusalHint(status, errcode, homeserver);
}
