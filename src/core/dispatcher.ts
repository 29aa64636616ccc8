// The one path every message takes: recognise a command, rate-limit, check permission, run
// the handler, and turn every failure into a short answer. Transports only deliver the result.
import type { Logger } from "../log.js";
import { HandlerContext } from "./context.js";
import { closestNames } from "./did-you-mean.js";
import { UsageError, UserError } from "./errors.js";
import type { IncomingMessage } from "./message.js";
import { parseCommand } from "./parse.js";
import type { Services } from "./plugin.js";
import { RateLimiter, type RateDecision } from "./rate-limit.js";
import type { Registry } from "./registry.js";
import { code, text, type Reply } from "./rich-text.js";
import type { DispatchOutcome, DispatchStatus, MessageHandler } from "./outcome.js";

export interface DispatcherOptions {
  registry: Registry;
  services: Omit<Services, "registry">;
  rateLimit: { burst: number; intervalMs: number };
  /** Verified identities allowed to run admin commands, per transport. */
  isAdmin: (msg: IncomingMessage) => boolean;
  /** A bridge's copy of a message written on the other network: never answered. */
  isBridgeEcho?: (msg: IncomingMessage) => boolean;
  logger: Logger;
}

/** Longest argument string a command accepts; longer gets a short refusal, not a search. */
export const MAX_ARGS_CHARS = 300;

export class Dispatcher {
  private readonly limiter: RateLimiter;
  private readonly services: Services;

  constructor(private readonly opts: DispatcherOptions) {
    this.limiter = new RateLimiter({ burst: opts.rateLimit.burst, intervalMs: opts.rateLimit.intervalMs });
    this.services = { ...opts.services, registry: opts.registry };
  }

  /** The MessageHandler transports call. Never rejects. */
  readonly handle: MessageHandler = async (msg) => {
    const started = performance.now();
    const done = (status: DispatchStatus, command: string | null, replies: Reply[], pointedAt: string | null = null): DispatchOutcome => {
      const outcome = { status, command, replies, pointedAt, latencyMs: performance.now() - started };
      if (status !== "ignored") {
        // Debug: the transport writes the one "command handled" line per command at info, with
        // the time to deliver the answer as well.
        this.opts.logger.debug(
          { transport: msg.transport, room: msg.room.id, command, status, latencyMs: Math.round(outcome.latencyMs * 1000) / 1000 },
          "command dispatched",
        );
      }
      return outcome;
    };

    try {
      const prefix = this.services.prefix;
      if (this.opts.isBridgeEcho?.(msg)) return done("ignored", null, []);
      const parsed = parseCommand(msg.text, { prefix, botName: msg.botName, isPrivate: msg.room.isPrivate });
      if (!parsed) return done("ignored", null, []);

      const spec = this.opts.registry.get(parsed.name);
      if (!spec) {
        // Admin commands are offered only to admins; in a channel only near-certain slips are.
        const offered = this.opts.registry.names({ includeAdmin: this.opts.isAdmin(msg) });
        const guesses = closestNames(parsed.name, offered, { strict: !msg.room.isPrivate });
        // In a channel, "!foo" with nothing close may be another bot's command: stay quiet. Said
        // to the bot by name ("xenbot: what is xen?"), it is for us: say what we do understand.
        if (guesses.length === 0 && !parsed.addressed) return done("ignored", null, []);
        const decision = this.limiter.take(this.rateKey(msg));
        if (decision !== "allow") return done("rate-limited", null, this.rateLimitReply(msg, decision));
        const line = guesses.length
          ? [text(`Unknown command ${prefix}${parsed.name}. Did you mean `), ...joinCommands(guesses, prefix), text(`? (${prefix}help lists all)`)]
          : [text(`I don't know the command "${parsed.name.slice(0, 32)}". Try `), code(`${prefix}help`), text(" for the commands, or "), code(`${prefix}project <words>`), text(" to search the projects.")];
        return done("unknown-command", null, [{ lines: [line] }]);
      }

      const decision = this.limiter.take(this.rateKey(msg));
      if (decision !== "allow") return done("rate-limited", spec.name, this.rateLimitReply(msg, decision));

      if (spec.admin && !this.opts.isAdmin(msg)) {
        return done("user-error", spec.name, [{ lines: [[text(`${prefix}${spec.name} is for the bot's admins (identified by services account or Matrix id).`)]] }]);
      }
      if (parsed.args.length > MAX_ARGS_CHARS) {
        return done("usage", spec.name, [{ lines: [[text(`That is too long (${parsed.args.length} characters; the limit is ${MAX_ARGS_CHARS}). Usage: ${prefix}${spec.usage}`)]] }]);
      }

      const ctx = new HandlerContext(msg, spec, parsed.args, this.services);
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
      this.opts.logger.error({ err, transport: msg.transport, room: msg.room.id, text: msg.text.slice(0, 200) }, "command failed");
      return done("error", null, [{ lines: [[text("Sorry, something went wrong on my side; it has been logged.")]] }]);
    }
  };

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

function joinCommands(names: string[], prefix: string) {
  return names.flatMap((n, i) => (i === 0 ? [code(`${prefix}${n}`)] : [text(" or "), code(`${prefix}${n}`)]));
}
