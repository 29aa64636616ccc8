// The /sync long-poll. matrix-bot-sdk's own loop cannot be interrupted (stop() waits out a 30 s
// poll), backs off 5-15 s without telling anyone, and saves the sync token before the batch is
// handled. Ours uses fetch with an AbortSignal, reports connection state, backs off with the
// configured bounds, and hands each batch to the transport, which saves the token once the
// batch is handled.
import { MatrixHttpError } from "./retry.js";

export interface RawEvent {
  event_id?: string;
  type: string;
  sender?: string;
  state_key?: string;
  origin_server_ts?: number;
  content?: Record<string, unknown>;
  unsigned?: Record<string, unknown>;
  redacts?: string;
}

export interface JoinedRoomSync {
  timeline?: { events?: RawEvent[]; limited?: boolean; prev_batch?: string };
  state?: { events?: RawEvent[] };
  summary?: { "m.joined_member_count"?: number; "m.invited_member_count"?: number; "m.heroes"?: string[] };
  account_data?: { events?: RawEvent[] };
}

export interface InvitedRoomSync {
  invite_state?: { events?: RawEvent[] };
}

export interface LeftRoomSync {
  timeline?: { events?: RawEvent[] };
}

export interface SyncResponse {
  next_batch: string;
  rooms?: {
    join?: Record<string, JoinedRoomSync>;
    invite?: Record<string, InvitedRoomSync>;
    leave?: Record<string, LeftRoomSync>;
  };
  account_data?: { events?: RawEvent[] };
}

/** Our filter, sent inline: room timelines and state, m.direct; no presence, typing or receipts. */
export const SYNC_FILTER = {
  presence: { not_types: ["*"] },
  account_data: { types: ["m.direct"] },
  room: {
    timeline: { limit: 30 },
    ephemeral: { not_types: ["*"] },
    account_data: { not_types: ["*"] },
    // Members arrive with the messages they sent; the summary gives the counts.
    state: { lazy_load_members: true },
  },
};

/** Time allowed on top of the long-poll before a silent homeserver counts as gone. */
export const SYNC_GRACE_MS = 20_000;

export interface SyncRequest {
  homeserver: string;
  accessToken: string;
  since: string | null;
  timeoutMs: number;
  signal: AbortSignal;
}

export async function fetchSync(req: SyncRequest): Promise<SyncResponse> {
  const url = new URL(`${req.homeserver.replace(/\/+$/, "")}/_matrix/client/v3/sync`);
  url.searchParams.set("filter", JSON.stringify(SYNC_FILTER));
  url.searchParams.set("timeout", String(req.timeoutMs));
  if (req.since) url.searchParams.set("since", req.since);

  const controller = new AbortController();
  const onAbort = () => controller.abort();
  req.signal.addEventListener("abort", onAbort, { once: true });
  const timer = setTimeout(() => controller.abort(), req.timeoutMs + SYNC_GRACE_MS);
  try {
    const res = await fetch(url, { headers: { Authorization: `Bearer ${req.accessToken}`, Accept: "application/json" }, signal: controller.signal });
    const text = await res.text();
    let body: unknown = null;
    try {
      body = JSON.parse(text);
    } catch {
      body = null;
    }
    if (!res.ok) throw new MatrixHttpError(res.status, body, res.headers.get("retry-after"));
    if (typeof body !== "object" || body === null || typeof (body as SyncResponse).next_batch !== "string") {
      throw new MatrixHttpError(502, { errcode: "M_UNKNOWN", error: "malformed /sync response" });
    }
    return body as SyncResponse;
  } finally {
    clearTimeout(timer);
    req.signal.removeEventListener("abort", onAbort);
  }
}
