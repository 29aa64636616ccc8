// What the bot knows of itself on the server, for byte budgets: its nick, its user@host as others
// see it (from its own JOIN, WHO, CHGHOST), and the server's USERLEN/HOSTLEN until it knows them.
import { DEFAULT_LIMITS, textBudget, type SelfMask, type ServerLimits } from "./split.js";

export class OwnIdentity {
  mask: SelfMask;
  private limits: ServerLimits = DEFAULT_LIMITS;

  constructor(nick: string) {
    this.mask = { nick, user: null, host: null };
  }

  /** A new connection: nothing is known yet but the nick we ask for. */
  reset(nick: string): void {
    this.mask = { nick, user: null, host: null };
    this.limits = DEFAULT_LIMITS;
  }

  learn(user: string | null, host: string | null): void {
    if (user) this.mask.user = user;
    if (host) this.mask.host = host;
  }

  /** ISUPPORT: the longest user and host the server allows (bad values keep the defaults). */
  serverOptions(options: Record<string, unknown>): void {
    const num = (v: unknown, d: number): number => {
      const n = typeof v === "string" ? Number.parseInt(v, 10) : NaN;
      return Number.isFinite(n) && n > 0 && n < 1000 ? n : d;
    };
    this.limits = { userLen: num(options.USERLEN, DEFAULT_LIMITS.userLen), hostLen: num(options.HOSTLEN, DEFAULT_LIMITS.hostLen) };
  }

  /** Bytes of text that fit in `COMMAND target :text` as the server relays it to others. */
  budget(command: string, target: string): number {
    return textBudget(command, target, this.mask, this.limits);
  }
}
