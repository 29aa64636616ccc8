// One short welcome for a person's first join of a configured room: once per person (kept in
// the state directory across restarts), throttled, silent during netsplits and mass joins,
// never to other bots or the bot itself.
import path from "node:path";
import { z } from "zod/v3";
import type { JoinEvent } from "../core/message.js";
import { code, text, type Reply } from "../core/rich-text.js";
import type { Logger } from "../log.js";
import { writeFileAtomically } from "../state/atomic-file.js";
import { readJsonState } from "../state/json-file.js";

export type { JoinEvent };

export interface GreeterOptions {
  /** Room ids (IRC channels, Matrix room ids or aliases) where greeting is on. */
  rooms: readonly string[];
  /** At most this many welcomes a minute, across all rooms. */
  maxPerMinute: number;
  /** More than this many joins in a room within `massJoinWindowMs` is a mass join: stay quiet. */
  massJoinCount: number;
  massJoinWindowMs: number;
  /** Nicks / user ids of other bots, never greeted. */
  ignore: readonly string[];
  stateDir: string;
  prefix: string;
  logger: Logger;
  now?: () => number;
}

const GreetedFileSchema = z.object({ version: z.literal(1), greeted: z.array(z.string()) });

/** Nicks that are bots by convention (ChanServ, *bot, *Serv). */
const BOT_LIKE = /(?:serv|bot)$/i;

export class Greeter {
  private readonly greeted = new Set<string>();
  private readonly recentJoins = new Map<string, number[]>();
  private readonly quietUntil = new Map<string, number>();
  private welcomes: number[] = [];
  private loaded: Promise<void> | null = null;
  private saving: Promise<void> = Promise.resolve();
  private readonly rooms: Set<string>;
  private readonly ignore: Set<string>;
  private readonly now: () => number;

  constructor(private readonly opts: GreeterOptions) {
    this.rooms = new Set(opts.rooms.map((r) => r.toLowerCase()));
    this.ignore = new Set(opts.ignore.map((n) => n.toLowerCase()));
    this.now = opts.now ?? Date.now;
  }

  get file(): string {
    return path.join(this.opts.stateDir, "greeted.json");
  }

  /** Who a person is, as stable as the transport allows. */
  static personKey(ev: JoinEvent): string {
    if (ev.account) return `${ev.transport}:account:${ev.account.toLowerCase()}`;
    return `${ev.transport}:mask:${ev.userId.toLowerCase()}@${(ev.host ?? "").toLowerCase()}`;
  }

  /** The welcome to send to this joiner privately, or null for silence. */
  async onJoin(ev: JoinEvent): Promise<Reply | null> {
    const room = ev.roomId.toLowerCase();
    if (![room, ...(ev.roomNames ?? []).map((n) => n.toLowerCase())].some((n) => this.rooms.has(n))) return null;
    await this.load();
    const now = this.now();
    const massJoin = this.noteJoin(room, now);
    const user = ev.userId.toLowerCase();
    if (user === ev.botName.toLowerCase() || this.ignore.has(user) || BOT_LIKE.test(ev.userId.replace(/^@|:.*$/g, ""))) return null;
    const key = Greeter.personKey(ev);
    if (this.greeted.has(key)) return null;
    // Netsplit rejoins and mass joins are not newcomers arriving: remember them, say nothing.
    if (ev.afterNetsplit || massJoin) {
      this.remember(key);
      return null;
    }
    this.welcomes = this.welcomes.filter((t) => now - t < 60_000);
    if (this.welcomes.length >= this.opts.maxPerMinute) return null; // not remembered: greeted on a later join
    this.welcomes.push(now);
    this.remember(key);
    const p = this.opts.prefix;
    return {
      delivery: "notice",
      lines: [[text(`Welcome! I help newcomers find a Xen development project. Try `), code(`${p}start`), text(" for the first steps or "), code(`${p}suggest easy`), text(" for a project to begin with.")]],
    };
  }

  /** Resolves when the greeted list on disk is up to date (tests, shutdown). */
  flush(): Promise<void> {
    return this.saving;
  }

  private noteJoin(room: string, now: number): boolean {
    const window = this.opts.massJoinWindowMs;
    const joins = (this.recentJoins.get(room) ?? []).filter((t) => now - t < window);
    joins.push(now);
    this.recentJoins.set(room, joins);
    if (joins.length > this.opts.massJoinCount) this.quietUntil.set(room, now + window);
    return (this.quietUntil.get(room) ?? 0) > now;
  }

  private remember(key: string): void {
    this.greeted.add(key);
    const snapshot = { version: 1 as const, greeted: [...this.greeted] };
    this.saving = this.saving
      .then(() => writeFileAtomically(this.file, `${JSON.stringify(snapshot)}\n`))
      .catch((err: unknown) => this.opts.logger.error({ err, file: this.file }, "cannot save the greeted list; greetings are remembered until restart"));
  }

  private load(): Promise<void> {
    this.loaded ??= readJsonState(this.file, {
      logger: this.opts.logger,
      schema: GreetedFileSchema,
      corruptMessage: "greeted list is not JSON; starting a new one",
      invalidMessage: "greeted list is not valid; starting a new one",
    }).then(
      (data) => {
        for (const k of data?.greeted ?? []) this.greeted.add(k);
      },
      (err: unknown) => this.opts.logger.warn({ err, file: this.file }, "cannot read the greeted list"),
    );
    return this.loaded;
  }
}
