// What a handler gets: the message, its arguments, the store and search, and reply(), which
// collects answers for the transport to deliver where the question came from.
import type { Logger } from "../log.js";
import type { ProjectStore } from "../store/project-store.js";
import type { ProjectSearch } from "../search/search.js";
import type { StateDir } from "../state/audit.js";
import type { IncomingMessage } from "./message.js";
import type { CommandSpec } from "./plugin.js";
import type { Registry } from "./registry.js";
import { toReply, type Reply, type ReplyInput } from "./rich-text.js";

export interface Services {
  store: ProjectStore;
  search: ProjectSearch;
  registry: Registry;
  prefix: string;
  logger: Logger;
  /** Injected so tests can pin down `!suggest`'s variety. */
  random: () => number;
  now: () => Date;
  /** Runtime state (audit log); writes there may fail and the bot keeps answering. */
  state: StateDir;
  /** Projects not verified for longer than this are stale (`!stale`). */
  staleAfterDays: number;
}

export class Context {
  readonly replies: Reply[] = [];

  constructor(
    readonly message: IncomingMessage,
    readonly command: CommandSpec,
    /** The arguments after the command word, cleaned. */
    readonly args: string,
    readonly services: Services,
  ) {}

  /** Arguments split on whitespace. */
  get words(): string[] {
    return this.args ? this.args.split(" ") : [];
  }

  get store(): ProjectStore {
    return this.services.store;
  }

  get search(): ProjectSearch {
    return this.services.search;
  }

  /** "!" — for help texts that show commands as the user would type them. */
  get prefix(): string {
    return this.services.prefix;
  }

  reply(input: ReplyInput): void {
    this.replies.push(toReply(input));
  }

  /** The whole answer goes to the asker privately, with one line in the room saying so. */
  replyPrivately(input: ReplyInput): void {
    this.replies.push({ ...toReply(input), delivery: "private" });
  }
}
