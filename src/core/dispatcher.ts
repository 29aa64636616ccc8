// The one path every message takes: recognise what the line asks (a command, or a sentence the
// understanding step turns into one: route.ts), rate-limit, check permission, run the handler,
// and turn every failure into a short answer. Transports only deliver the result.
import type { Logger } from "../log.js";
import { HandlerContext } from "./context.js";
import { UsageError, UserError } from "./errors.js";
import { cleanLine } from "./hygiene.js";
import type { IncomingMessage } from "./message.js";
import { describeLength, parseLine } from "./parse.js";
import type { Services } from "./plugin.js";
import { RateLimiter, type RateDecision } from "./rate-limit.js";
import type { Registry } from "./registry.js";
import { code, text, type Reply } from "./rich-text.js";
import type { DispatchOutcome, DispatchStatus, MessageHandler } from "./outcome.js";
import { route } from "./route.js";
import { Understanding } from "./understand/index.js";

export interface DispatcherOptions {
  registry: Registry;
  services: Omit<Services, "registry">;
  rateLimit: { burst: number; intervalMs: number };
  /** Verified identities allowed to run admin commands, per transport. */
  isAdmin: (msg: IncomingMessage) => boolean;
  /** A bridge's copy of a message written on the other network: never answered. */
  isBridgeEcho?: (msg: IncomingMessage) => boolean;
  /** Senders the per-user rate limit does not apply to (the operator at the console). */
  isUnlimited?: (msg: IncomingMessage) => boolean;
  logger: Logger;
}

/** How much of a channel line a "command failed" log line keeps. */
const LOGGED_TEXT_CHARS = 80;

/** Longest argument string a command accepts; longer gets a short refusal, not a search. */
export const MAX_ARGS_CHARS = 300;

export class Dispatcher {
  private limiter: RateLimiter;
  private readonly services: Services;
  /** Sentences to commands, over the store's names (rebuilt when the store changes). */
  readonly understanding: Understanding;

  constructor(private readonly opts: DispatcherOptions) {
    this.limiter = new RateLimiter({ burst: opts.rateLimit.burst, intervalMs: opts.rateLimit.intervalMs });
    this.services = { ...opts.services, registry: opts.registry };
    this.understanding = new Understanding(opts.services.store);
  }

  /**
   * What a reload (SIGHUP, src/reload.ts) changes while the bot runs; the next message sees it.
   * New rate limits start everyone with a full bucket.
   */
  reconfigure(live: { rateLimit?: { burst: number; intervalMs: number }; staleAfterDays?: number; community?: Services["community"] }): void {
    if (live.rateLimit) this.limiter = new RateLimiter(live.rateLimit);
    if (live.staleAfterDays !== undefined) this.services.staleAfterDays = live.staleAfterDays;
    if (live.community) this.services.community = live.community;
  }

  /** The MessageHandler transports call. Never rejects. */
  readonly handle: MessageHandler = async (msg) => {
    const started = performance.now();
    let understood: string | null = null;
    const done = (status: DispatchStatus, command: string | null, replies: Reply[], pointedAt: string | null = null): DispatchOutcome => {
      const outcome = { status, command, replies, pointedAt, understood, latencyMs: performance.now() - started };
      if (status !== "ignored") {
        // Debug: the conversation writes the one "command handled" line per command at info,
        // once the answer is handed to the port.
        this.opts.logger.debug(
          { transport: msg.transport, room: msg.room.id, command, status, understood, latencyMs: Math.round(outcome.latencyMs * 1000) / 1000 },
          "command dispatched",
        );
      }
      return outcome;
    };

    let command: string | null = null;
    try {
      const prefix = this.services.prefix;
      if (this.opts.isBridgeEcho?.(msg)) return done("ignored", null, []);
      const parsed = parseLine(msg.text, { prefix, botName: msg.botName, isPrivate: msg.room.isPrivate });
      if (!parsed) return done("ignored", null, []);

      // A command as typed, a sentence understood as one, a question back, or "did you mean".
      const routed = route(parsed, { catalog: this.opts.registry, understanding: this.understanding, prefix, isAdmin: this.opts.isAdmin(msg), isPrivate: msg.room.isPrivate });
      if (routed.kind === "ignore") return done("ignored", null, []);
      understood = routed.understood;
      if (routed.kind === "reply") {
        const decision = this.take(msg);
        if (decision !== "allow") return done("rate-limited", null, this.rateLimitReply(msg, decision));
        return done(routed.status, null, [{ lines: routed.lines }]);
      }
      // route() names only commands the registry holds.
      const spec = this.opts.registry.get(routed.name)!;
      command = spec.name;
      const args = routed.args;

      const decision = this.take(msg);
      if (decision !== "allow") return done("rate-limited", spec.name, this.rateLimitReply(msg, decision));

      if (spec.admin && !this.opts.isAdmin(msg)) {
        return done("user-error", spec.name, [{ lines: [[text(`${prefix}${spec.name} is for the bot's admins (identified by services account or Matrix id).`)]] }]);
      }
      if (args.length > MAX_ARGS_CHARS) {
        return done("usage", spec.name, [{ lines: [[text(`That is too long (${describeLength(args.length, parsed)}; the limit is ${MAX_ARGS_CHARS}). Usage: ${prefix}${spec.usage}`)]] }]);
      }

      const ctx = new HandlerContext(msg, spec, args, this.services);
      try {
        await spec.handler(ctx);
        return done("ok", spec.name, ctx.replies, parsed.pointedAt);
      } catch (err) {
        if (err instanceof UsageError) {
          const why = err.message ? `${err.message} ` : "";
          return done("usage", spec.name, [{ lines: [[text(`${why}Usage: `), code(`${prefix}${spec.usage}`)]] }], parsed.pointedAt);
        }
        if (err instanceof UserError) return done("user-error", spec.name, [{ lines: [[text(err.message)]] }], parsed.pointedAt);
        throw err;
      }
    } catch (err) {
      // What a private message said stays out of the logs (the command names the bug); a channel
      // line, which everyone there saw, is kept as a short prefix.
      const said = msg.room.isPrivate ? {} : { text: cleanLine(msg.text.slice(0, LOGGED_TEXT_CHARS)) };
      this.opts.logger.error({ err, transport: msg.transport, room: msg.room.id, user: msg.sender.id, account: msg.sender.account, command, ...said }, "command failed");
      return done("error", command, [{ lines: [[text("Sorry, something went wrong on my side; it has been logged.")]] }]);
    }
  };

  /** One token from the sender's bucket; the operator's own terminal is never limited. */
  private take(msg: IncomingMessage): RateDecision {
    if (this.opts.isUnlimited?.(msg)) return "allow";
    return this.limiter.take(this.rateKey(msg));
  }

  private rateKey(msg: IncomingMessage): string {
    // The person, not the nick: a nick change must not buy a fresh budget (message.ts).
    return `${msg.transport}:${msg.sender.person ?? msg.sender.account ?? msg.sender.id}`;
  }

  /** One notice the first time a user is refused, then silence until they may send again. */
  private rateLimitReply(msg: IncomingMessage, decision: RateDecision): Reply[] {
    if (decision !== "deny-first") return [];
    const wait = this.limiter.secondsUntilFree(this.rateKey(msg));
    return [{ lines: [[text(`You are sending commands too fast; I will answer again in about ${Math.max(1, wait)} s.`)]], delivery: "notice" }];
  }
}
