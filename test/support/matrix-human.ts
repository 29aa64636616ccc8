// The human side of Matrix tests: a real matrix-js-sdk client (the library Element is built on)
// logged in to the test homeserver, with helpers to join, talk and wait for what arrives.
import {
  ClientEvent,
  createClient,
  RoomEvent,
  SyncState,
  type MatrixClient,
  type MatrixEvent,
  type Room,
} from "matrix-js-sdk";
import { logger as sdkLogger } from "matrix-js-sdk/lib/logger.js";
import { promisify } from "node:util";
import type { TestHomeserver } from "./homeserver/index.js";

// The js-sdk logs every sync to the console; tests want a quiet output. Child loggers are made
// at debug level when first asked for, so silence them as they are made.
type LevelLogger = { setLevel(level: string): void; getChild(prefix: string): LevelLogger };
function silence(l: LevelLogger): void {
  l.setLevel("silent");
  const getChild = l.getChild.bind(l);
  l.getChild = (prefix: string) => {
    const child = getChild(prefix);
    silence(child);
    return child;
  };
}
silence(sdkLogger as unknown as LevelLogger);

// matrix-js-sdk 37 arms a plain setTimeout for each request's local timeout (80 s past the sync
// long-poll, 6 h for capabilities) and never clears it, even after stopClient(): a test process
// would then linger up to two minutes after its last test. Those long js-sdk timers are unref'd
// here; every other timer (ours, the bot's, node's) is left alone.
const LONG_TIMER_MS = 45_000;
const realSetTimeout = globalThis.setTimeout;
if (!(realSetTimeout as { xenbotPatched?: boolean }).xenbotPatched) {
  const patched = ((fn: (...a: unknown[]) => void, ms?: number, ...args: unknown[]) => {
    const timer = realSetTimeout(fn, ms, ...args);
    if (typeof ms === "number" && ms >= LONG_TIMER_MS && new Error().stack?.includes("matrix-js-sdk")) timer.unref();
    return timer;
  }) as unknown as typeof setTimeout & { xenbotPatched?: boolean };
  Object.assign(patched, realSetTimeout);
  (patched as unknown as Record<symbol, unknown>)[promisify.custom] = (realSetTimeout as unknown as Record<symbol, unknown>)[promisify.custom];
  patched.xenbotPatched = true;
  globalThis.setTimeout = patched;
}

export interface SeenEvent {
  eventId: string;
  roomId: string;
  type: string;
  sender: string;
  content: Record<string, unknown>;
}

function seen(ev: MatrixEvent): SeenEvent {
  return { eventId: ev.getId() ?? "", roomId: ev.getRoomId() ?? "", type: ev.getType(), sender: ev.getSender() ?? "", content: ev.getContent() };
}

export class Human {
  private constructor(
    readonly client: MatrixClient,
    readonly userId: string,
  ) {}

  /** Registers `localpart` with a password on the homeserver and logs in through the js-sdk. */
  static async login(hs: TestHomeserver, localpart: string, opts: { displayName?: string } = {}): Promise<Human> {
    const password = `pw-${localpart}`;
    hs.registerUser(localpart, { password, displayName: opts.displayName });
    const anon = createClient({ baseUrl: hs.url });
    const res = await anon.loginRequest({ type: "m.login.password", identifier: { type: "m.id.user", user: localpart }, password });
    anon.stopClient();
    const client = createClient({ baseUrl: hs.url, accessToken: res.access_token, userId: res.user_id, deviceId: res.device_id });
    return new Human(client, res.user_id);
  }

  /** Starts syncing; resolves when the first sync is processed. */
  async start(): Promise<void> {
    const ready = new Promise<void>((resolve, reject) => {
      const onSync = (state: SyncState) => {
        if (state === SyncState.Prepared || state === SyncState.Syncing) {
          this.client.off(ClientEvent.Sync, onSync);
          resolve();
        } else if (state === SyncState.Error) {
          this.client.off(ClientEvent.Sync, onSync);
          reject(new Error("js-sdk sync failed"));
        }
      };
      this.client.on(ClientEvent.Sync, onSync);
    });
    await this.client.startClient({ initialSyncLimit: 20, lazyLoadMembers: false });
    await ready;
  }

  stop(): void {
    this.client.stopClient();
  }

  async createRoom(opts: { invite?: string[]; isDirect?: boolean; encrypted?: boolean; name?: string; alias?: string; preset?: "private_chat" | "public_chat" | "trusted_private_chat" } = {}): Promise<string> {
    const { room_id } = await this.client.createRoom({
      invite: opts.invite,
      is_direct: opts.isDirect,
      name: opts.name,
      room_alias_name: opts.alias,
      preset: opts.preset as never,
      initial_state: opts.encrypted ? [{ type: "m.room.encryption", state_key: "", content: { algorithm: "m.megolm.v1.aes-sha2" } }] : [],
    });
    return room_id;
  }

  async invite(roomId: string, userId: string): Promise<void> {
    await this.client.invite(roomId, userId);
  }

  async join(roomIdOrAlias: string): Promise<string> {
    const room = await this.client.joinRoom(roomIdOrAlias);
    return room.roomId;
  }

  /** Sends an m.text message; `extra` is merged into the content (relations, formatting). */
  async say(roomId: string, body: string, extra: Record<string, unknown> = {}): Promise<string> {
    const res = await this.client.sendEvent(roomId, "m.room.message" as never, { msgtype: "m.text", body, ...extra } as never);
    return res.event_id;
  }

  async sendRaw(roomId: string, type: string, content: Record<string, unknown>): Promise<string> {
    const res = await this.client.sendEvent(roomId, type as never, content as never);
    return res.event_id;
  }

  room(roomId: string): Room | null {
    return this.client.getRoom(roomId);
  }

  /** Events in the room's live timeline as this client knows them. */
  timeline(roomId: string): SeenEvent[] {
    return (this.client.getRoom(roomId)?.getLiveTimeline().getEvents() ?? []).map(seen);
  }

  /** Resolves with the first timeline event (already received or still to come) that matches. */
  waitForEvent(match: (ev: SeenEvent) => boolean, opts: { roomId?: string; timeoutMs?: number } = {}): Promise<SeenEvent> {
    const inRoom = (ev: SeenEvent) => !opts.roomId || ev.roomId === opts.roomId;
    for (const room of this.client.getRooms()) {
      for (const ev of room.getLiveTimeline().getEvents()) {
        const s = seen(ev);
        if (inRoom(s) && match(s)) return Promise.resolve(s);
      }
    }
    return new Promise((resolve, reject) => {
      const onEvent = (ev: MatrixEvent) => {
        const s = seen(ev);
        if (inRoom(s) && match(s)) {
          clearTimeout(timer);
          this.client.off(RoomEvent.Timeline, onEvent);
          resolve(s);
        }
      };
      const timer = setTimeout(() => {
        this.client.off(RoomEvent.Timeline, onEvent);
        reject(new Error(`${this.userId}: no matching event within ${opts.timeoutMs ?? 10_000} ms`));
      }, opts.timeoutMs ?? 10_000);
      this.client.on(RoomEvent.Timeline, onEvent);
    });
  }

  /** Resolves when this client has an invite to a room (returns its id). */
  waitForInvite(timeoutMs = 10_000): Promise<string> {
    const find = () => this.client.getRooms().find((r) => r.getMyMembership() === "invite")?.roomId;
    const now = find();
    if (now) return Promise.resolve(now);
    return new Promise((resolve, reject) => {
      const onRoom = () => {
        const id = find();
        if (id) {
          clearTimeout(timer);
          this.client.off(ClientEvent.Room, onRoom);
          this.client.off(RoomEvent.MyMembership, onRoom);
          resolve(id);
        }
      };
      const timer = setTimeout(() => {
        this.client.off(ClientEvent.Room, onRoom);
        this.client.off(RoomEvent.MyMembership, onRoom);
        reject(new Error(`${this.userId}: no invite within ${timeoutMs} ms`));
      }, timeoutMs);
      this.client.on(ClientEvent.Room, onRoom);
      this.client.on(RoomEvent.MyMembership, onRoom);
    });
  }
}
