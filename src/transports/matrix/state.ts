// What the Matrix transport remembers across restarts, under state_dir/matrix/:
//   state.json    sync token, the last handled event ids (bounded), DM rooms per user and when
//                 each direct chat last saw a message (idle ones are left), rooms already told
//                 that the bot cannot read encrypted messages
//   session.json  the access token a password login obtained (mode 0600)
//   state.journal what batches with answers added since state.json was written (state-journal.ts)
// Each file is written whole to a temp file and renamed, so a crash of the process leaves the old
// or the new version, never half of one. The sync token and the handled ids go to disk together:
// for a batch with answers, as one journal line before its answers leave (commit); state.json
// follows within a second, off the answer path. Neither is fsynced (that would put a disk flush
// in every answer's path); session.json is.
import { promises as fs } from "node:fs";
import path from "node:path";
import type { Logger } from "../../log.js";
import { writeFileAtomically } from "../../state/atomic-file.js";
import { readJsonState } from "../../state/json-file.js";
import { StateJournal } from "./state-journal.js";

export const HANDLED_LIMIT = 1000;

interface StateFile {
  version: 1;
  user_id: string | null;
  sync_token: string | null;
  handled: string[];
  dm_rooms: Record<string, string>;
  /** Direct chats the bot is in (room id → ms of the last message there), for the cap and idle leaving. */
  dm_activity: Record<string, number>;
  encryption_noticed: string[];
  /** The last journal entry this file includes. */
  journal_seq?: number;
}

export interface Session {
  homeserver: string;
  user_id: string;
  access_token: string;
  device_id: string | null;
}

/** Both files are runtime state: one that is not JSON is moved aside and the bot starts afresh. */
function readJson(file: string, logger: Logger): Promise<unknown> {
  return readJsonState(file, { logger, logFields: { transport: "matrix" }, corruptMessage: "matrix: state file was not valid JSON; starting with empty state" });
}

const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === "string");

export class MatrixState {
  private data: StateFile;
  private readonly handled: Set<string>;
  private saving: Promise<void> | null = null;
  private dirty = false;
  private timer: NodeJS.Timeout | null = null;
  private timerDue = 0;
  /** The journal's last entry number, and the ids handled since it. */
  private seq: number;
  private unjournaled: string[] = [];
  private journaledToken: string | null;

  private constructor(
    readonly file: string,
    data: StateFile,
    private readonly logger: Logger,
    private readonly journal: StateJournal,
  ) {
    this.data = data;
    this.handled = new Set(data.handled);
    this.seq = data.journal_seq ?? 0;
    // What the journal adds to state.json: batches answered after it was last written.
    for (const entry of journal.entries) {
      if (entry.seq <= this.seq) continue;
      this.seq = entry.seq;
      this.data.sync_token = entry.sync_token;
      for (const id of entry.handled) this.markHandled(id);
      this.dirty = true;
    }
    this.unjournaled = [];
    this.journaledToken = this.data.sync_token;
  }

  static async open(dir: string, logger: Logger): Promise<MatrixState> {
    const file = path.join(dir, "state.json");
    const raw = (await readJson(file, logger)) as Partial<StateFile> | null;
    const data: StateFile = {
      version: 1,
      user_id: typeof raw?.user_id === "string" ? raw.user_id : null,
      sync_token: typeof raw?.sync_token === "string" ? raw.sync_token : null,
      handled: isStringArray(raw?.handled) ? raw.handled.slice(-HANDLED_LIMIT) : [],
      dm_rooms: {},
      dm_activity: {},
      encryption_noticed: isStringArray(raw?.encryption_noticed) ? raw.encryption_noticed : [],
      journal_seq: typeof raw?.journal_seq === "number" ? raw.journal_seq : 0,
    };
    if (raw?.dm_rooms && typeof raw.dm_rooms === "object") {
      for (const [user, room] of Object.entries(raw.dm_rooms)) if (typeof room === "string") data.dm_rooms[user] = room;
    }
    if (raw?.dm_activity && typeof raw.dm_activity === "object") {
      for (const [room, at] of Object.entries(raw.dm_activity)) if (typeof at === "number" && Number.isFinite(at)) data.dm_activity[room] = at;
    }
    // Direct chats from before activity was kept count from now, so an upgrade leaves none at once.
    for (const room of Object.values(data.dm_rooms)) data.dm_activity[room] ??= Date.now();
    return new MatrixState(file, data, logger, StateJournal.read(path.join(dir, "state.journal")));
  }

  /** State belongs to one account: a different user id starts afresh. */
  bindUser(userId: string): void {
    if (this.data.user_id === userId) return;
    if (this.data.user_id !== null) this.logger.warn({ transport: "matrix", was: this.data.user_id, now: userId }, "matrix: state was for another account; starting afresh");
    this.data = { version: 1, user_id: userId, sync_token: null, handled: [], dm_rooms: {}, dm_activity: {}, encryption_noticed: [] };
    this.handled.clear();
    this.dirty = true;
  }

  get syncToken(): string | null {
    return this.data.sync_token;
  }

  setSyncToken(token: string): void {
    if (this.data.sync_token === token) return;
    this.data.sync_token = token;
    this.dirty = true;
  }

  /** Forgets a token the homeserver refuses; the next sync starts afresh. */
  clearSyncToken(): void {
    if (this.data.sync_token === null) return;
    this.data.sync_token = null;
    this.dirty = true;
  }

  isHandled(eventId: string): boolean {
    return this.handled.has(eventId);
  }

  markHandled(eventId: string): void {
    if (this.handled.has(eventId)) return;
    this.handled.add(eventId);
    this.data.handled.push(eventId);
    this.unjournaled.push(eventId);
    while (this.data.handled.length > HANDLED_LIMIT) this.handled.delete(this.data.handled.shift()!);
    this.dirty = true;
  }

  dmRoom(userId: string): string | null {
    return this.data.dm_rooms[userId] ?? null;
  }

  isDmRoom(roomId: string): boolean {
    return roomId in this.data.dm_activity || Object.values(this.data.dm_rooms).includes(roomId);
  }

  setDmRoom(userId: string, roomId: string, now = Date.now()): void {
    this.data.dm_activity[roomId] ??= now;
    if (this.data.dm_rooms[userId] === roomId) return;
    this.data.dm_rooms[userId] = roomId;
    this.dirty = true;
  }

  forgetDmRoom(userId: string): void {
    if (!(userId in this.data.dm_rooms)) return;
    delete this.data.dm_activity[this.data.dm_rooms[userId]!];
    delete this.data.dm_rooms[userId];
    this.dirty = true;
  }

  /** The bot is no longer in this direct chat (it left, or was made to): forget it. */
  forgetDirectChat(roomId: string): void {
    if (!(roomId in this.data.dm_activity)) return;
    delete this.data.dm_activity[roomId];
    for (const [user, room] of Object.entries(this.data.dm_rooms)) if (room === roomId) delete this.data.dm_rooms[user];
    this.dirty = true;
  }

  /** Something was said in a direct chat (by the person or the bot); not written at once. */
  touchDirectChat(roomId: string, now = Date.now()): void {
    if (!(roomId in this.data.dm_activity)) return;
    this.data.dm_activity[roomId] = now;
    this.dirty = true;
  }

  /** Direct chats the bot is in, with when each last saw a message. */
  directChats(): Array<{ roomId: string; lastActive: number; userId: string | null }> {
    const userOf = new Map(Object.entries(this.data.dm_rooms).map(([user, room]) => [room, user]));
    return Object.entries(this.data.dm_activity).map(([roomId, lastActive]) => ({ roomId, lastActive, userId: userOf.get(roomId) ?? null }));
  }

  get openDirectChats(): number {
    return Object.keys(this.data.dm_activity).length;
  }

  encryptionNoticed(roomId: string): boolean {
    return this.data.encryption_noticed.includes(roomId);
  }

  markEncryptionNoticed(roomId: string): void {
    if (this.encryptionNoticed(roomId)) return;
    this.data.encryption_noticed.push(roomId);
    this.dirty = true;
  }

  /**
   * The sync token and the ids handled since the last commit, on disk now, in one short journal
   * line: what must be there before a batch's answers leave. Never throws (logs instead).
   */
  commit(): void {
    if (this.unjournaled.length === 0 && this.journaledToken === this.data.sync_token) return;
    try {
      this.journal.append({ seq: this.seq + 1, sync_token: this.data.sync_token, handled: this.unjournaled });
      this.seq += 1;
      this.unjournaled = [];
      this.journaledToken = this.data.sync_token;
    } catch (err) {
      this.logger.error({ err, transport: "matrix", file: this.journal.file }, "matrix: could not write state");
    }
  }

  /** Writes now if anything changed (waits for a write in progress first). */
  async save(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    while (this.saving) await this.saving;
    if (!this.dirty) return;
    this.dirty = false;
    // Everything journaled so far, and the ids not journaled yet, are in this snapshot.
    const seq = this.seq;
    this.unjournaled = [];
    this.journaledToken = this.data.sync_token;
    const snapshot = JSON.stringify({ ...this.data, journal_seq: seq });
    this.saving = writeFileAtomically(this.file, snapshot, { mode: 0o644, durable: false })
      .then(() => {
        // Emptied only when nothing was journaled meanwhile; entries up to `seq` are ignored anyway.
        if (this.seq === seq) this.journal.clear();
      })
      .catch((err: unknown) => {
        this.dirty = true;
        this.logger.error({ err, transport: "matrix", file: this.file }, "matrix: could not write state");
      })
      .finally(() => {
        this.saving = null;
      });
    await this.saving;
  }

  /** Writes within `delayMs` (coalescing changes that come close together; the sooner wins). */
  saveSoon(delayMs = 1_000): void {
    if (!this.dirty) return;
    const due = Date.now() + delayMs;
    if (this.timer && this.timerDue <= due) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerDue = due;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.save();
    }, delayMs);
  }
}

export class SessionStore {
  readonly file: string;
  constructor(dir: string) {
    this.file = path.join(dir, "session.json");
  }

  async load(logger: Logger): Promise<Session | null> {
    const raw = (await readJson(this.file, logger)) as Partial<Session> | null;
    if (!raw || typeof raw.access_token !== "string" || typeof raw.user_id !== "string" || typeof raw.homeserver !== "string") return null;
    return { homeserver: raw.homeserver, user_id: raw.user_id, access_token: raw.access_token, device_id: typeof raw.device_id === "string" ? raw.device_id : null };
  }

  save(session: Session): Promise<void> {
    return writeFileAtomically(this.file, JSON.stringify(session), { mode: 0o600 });
  }

  async clear(): Promise<void> {
    await fs.rm(this.file, { force: true });
  }
}
