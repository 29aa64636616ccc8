// The Context the dispatcher builds for each command it runs (the interface is in plugin.ts):
// the message, its arguments and the services, and the replies the handler gave, which the
// dispatcher hands on for delivery.
import type { IncomingMessage } from "./message.js";
import type { CommandSpec, Context, Services } from "./plugin.js";
import { toReply, type Reply, type ReplyInput } from "./rich-text.js";

export class HandlerContext implements Context {
  readonly replies: Reply[] = [];
  readonly store: Services["store"];
  readonly search: Services["search"];
  readonly maintainers: Services["maintainers"];
  readonly registry: Services["registry"];
  readonly prefix: string;
  readonly logger: Services["logger"];
  readonly random: () => number;
  readonly now: () => Date;
  readonly state: Services["state"];
  readonly staleAfterDays: number;
  readonly community: Services["community"];

  constructor(
    readonly message: IncomingMessage,
    readonly command: CommandSpec,
    /** The arguments after the command word, cleaned. */
    readonly args: string,
    services: Services,
  ) {
    this.store = services.store;
    this.search = services.search;
    this.maintainers = services.maintainers;
    this.registry = services.registry;
    this.prefix = services.prefix;
    this.logger = services.logger;
    this.random = services.random;
    this.now = services.now;
    this.state = services.state;
    this.staleAfterDays = services.staleAfterDays;
    this.community = services.community;
  }

  /** Arguments split on whitespace. */
  get words(): string[] {
    return this.args ? this.args.split(" ") : [];
  }

  reply(input: ReplyInput): void {
    this.replies.push(toReply(input));
  }

  /** The whole answer goes to the asker privately, with one line in the room saying so. */
  replyPrivately(input: ReplyInput): void {
    this.replies.push({ ...toReply(input), delivery: "private" });
  }
}
