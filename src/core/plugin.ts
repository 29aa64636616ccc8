// What a plugin is and what its handlers see: a plain object of command specs, the Context a
// handler gets, and the registry as handlers may look at it. Help is data: `!help` and the
// example tests are generated from it, so a command without usage, help or examples will not
// load. Only interfaces live here, so the context, the registry and the dispatcher all import
// this module and none of them imports another for its types: no circle.
import type { Community } from "../config.js";
import type { Logger } from "../log.js";
import type { Maintainers } from "../maintainers/maintainers.js";
import type { ProjectSearch } from "../search/search.js";
import type { StateDir } from "../state/audit.js";
import type { ProjectStore } from "../store/project-store.js";
import type { IncomingMessage } from "./message.js";
import type { ReplyInput } from "./rich-text.js";

export interface CommandExample {
  /** What the user types, with the prefix: "!project 9p". */
  input: string;
  /** Text the answer must contain (case-insensitive), checked by the example tests. */
  expect: string | RegExp;
}

export interface CommandSpec {
  name: string;
  aliases?: string[];
  /**
   * Aliases that work when typed with the prefix ("!who kdd") but are never offered as a "did
   * you mean" guess nor taken as a bare first word: "who" starts sentences ("who is wei liu?").
   */
  hiddenAliases?: string[];
  /** One line: "project <words or id> [full]". */
  usage: string;
  /** One or two sentences. */
  help: string;
  examples: CommandExample[];
  /** Only configured admins may run it (checked by the dispatcher). */
  admin?: boolean;
  handler(ctx: Context): Promise<void> | void;
}

export interface Plugin {
  name: string;
  commands: CommandSpec[];
}

/** The registry as handlers see it (`!help`, "did you mean"): look-ups, no loading. */
export interface CommandCatalog {
  get(name: string): CommandSpec | undefined;
  /** Every command once, in load order. */
  commands(): readonly CommandSpec[];
  /** Every name and alias; without admin commands when `includeAdmin` is false, without hidden aliases unless `includeHidden`. */
  names(opts?: { includeAdmin?: boolean; includeHidden?: boolean }): string[];
}

/** The bot's services, as the dispatcher hands them to every command. */
export interface Services {
  store: ProjectStore;
  search: ProjectSearch;
  /** xen.git's MAINTAINERS: who to Cc on a path, areas, people, and where the page's people are today. */
  maintainers: Maintainers;
  registry: CommandCatalog;
  /** "!" — for help texts that show commands as the user would type them. */
  prefix: string;
  logger: Logger;
  /** Injected so tests can pin down `!suggest`'s variety. */
  random: () => number;
  now: () => Date;
  /** Runtime state (audit log); writes there may fail and the bot keeps answering. */
  state: StateDir;
  /** Projects not verified for longer than this are stale (`!stale`). */
  staleAfterDays: number;
  /** Where the Xen Project talks today (config `community:`). */
  community: Community;
}

/**
 * What a handler gets: the message and its arguments, each service once (`ctx.store`,
 * `ctx.now()` …), and reply(), which collects answers for delivery where the question came from.
 */
export interface Context extends Readonly<Services> {
  readonly message: IncomingMessage;
  readonly command: CommandSpec;
  /** The arguments after the command word, cleaned. */
  readonly args: string;
  /** Arguments split on whitespace. */
  readonly words: string[];
  reply(input: ReplyInput): void;
  /** The whole answer goes to the asker privately, with one line in the room saying so. */
  replyPrivately(input: ReplyInput): void;
}
