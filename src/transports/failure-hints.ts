// Why a connection fails, in the operator's words. A bot that never connects must say so where the
// operator looks (warn, then error: see FailingSince) and say what to check: the same few causes
// cover almost every case — TLS spoken to a plain-text port, nothing listening, a host name that
// does not resolve, a certificate that is not trusted, credentials refused. Used by the IRC and
// Matrix connections and by `xenbot check --connect`.

export type FailureCause = "tls-mismatch" | "refused" | "dns" | "dns-temporary" | "unreachable" | "timeout" | "reset" | "certificate" | "sasl" | "token" | "login" | "not-matrix";

export interface FailureHint {
  cause: FailureCause;
  /** One sentence: what it means and what to check. */
  hint: string;
}

/** What `xenbot check --connect` found for one configured server. */
export interface ProbeResult {
  ok: boolean;
  /** "IRC irc.oftc.net:6697 (TLS)" */
  target: string;
  /** What happened, in one line: "registered as xenbot; SASL login as xenbot accepted". */
  summary: string;
  hint: FailureHint | null;
}

/** Where the transport was trying to go, for the sentence. */
export interface Destination {
  transport: "irc" | "matrix";
  host: string;
  port: number;
  tls: boolean;
}

// "disconnected before secure TLS connection": the server read our handshake as a line of text
// and gave up on it (ngircd after ~20 s); "wrong version number": it answered in plain text.
const TLS_MISMATCH = /wrong version number|WRONG_VERSION_NUMBER|packet length too long|unknown protocol|http request|before secure TLS connection was established|EPROTO\b|ERR_SSL_/i;
const CERTIFICATE = /certificate|CERT_|self[- ]signed|unable to verify|UNABLE_TO_GET_ISSUER|ERR_TLS_CERT_ALTNAME_INVALID|Hostname\/IP does not match|DEPTH_ZERO/i;

/** The hint for an error text (a message, a code, or both), or null when it is none we know. */
export function hintFor(error: string | null | undefined, to: Destination): FailureHint | null {
  if (!error) return null;
  const at = `${to.host}:${to.port}`;
  const key = to.transport === "irc" ? "irc.tls" : "matrix.homeserver";
  if (CERTIFICATE.test(error)) {
    return {
      cause: "certificate",
      hint:
        to.transport === "irc"
          ? `the TLS certificate of ${at} is not trusted (${shortError(error)}): irc.host must be the name on the certificate; tls_verify: false is for test servers only`
          : `the TLS certificate of ${at} is not trusted (${shortError(error)}): check that matrix.homeserver names the server as on its certificate`,
    };
  }
  if (TLS_MISMATCH.test(error)) {
    return {
      cause: "tls-mismatch",
      hint: to.transport === "irc"
        ? `${at} does not speak TLS: this looks like a plain-text port; set ${key}: false, or use the server's TLS port (usually 6697)`
        : `${at} does not speak TLS: use http:// in matrix.homeserver for a plain-text port, or the homeserver's TLS port`,
    };
  }
  if (/ECONNREFUSED/.test(error)) {
    return { cause: "refused", hint: `connection refused: nothing listens on ${at}; check ${to.transport === "irc" ? "irc.host and irc.port (6697 with TLS, 6667 without)" : "the port in matrix.homeserver"} and that the server runs` };
  }
  if (/ENOTFOUND/.test(error)) return { cause: "dns", hint: `the host name ${to.host} does not resolve: check its spelling in ${to.transport === "irc" ? "irc.host" : "matrix.homeserver"}, and the machine's DNS` };
  if (/EAI_AGAIN/.test(error)) return { cause: "dns-temporary", hint: `the host name ${to.host} could not be resolved right now (DNS did not answer): check the machine's DNS and network` };
  if (/EHOSTUNREACH|ENETUNREACH|EADDRNOTAVAIL/.test(error)) return { cause: "unreachable", hint: `${at} cannot be reached from this machine: check the network, a firewall, or IPv6 without a route` };
  if (/ETIMEDOUT|timed out|timeout/i.test(error)) {
    return { cause: "timeout", hint: `${at} did not answer in time: a firewall may drop the connection${to.transport === "irc" ? ", or the port expects TLS (irc.tls: true) and waits for a handshake" : ""}` };
  }
  if (/ECONNRESET|socket hang up|EPIPE/.test(error)) {
    return { cause: "reset", hint: `${at} closed the connection${to.transport === "irc" ? `: it may expect TLS on this port (irc.tls: ${!to.tls}), or refuse this host` : ""}` };
  }
  return null;
}

/** The hint for a SASL refusal (904/905, ERR_SASLFAIL and friends). */
export function saslHint(account: string): FailureHint {
  return { cause: "sasl", hint: `the server's services refused the SASL login for account "${account}": check irc.sasl.account and XENBOT_IRC_PASSWORD (the account must be registered with NickServ)` };
}

/** The hint for a Matrix refusal by HTTP status and errcode, or null. */
export function matrixRefusalHint(status: number | null, errcode: string | null, homeserver: string): FailureHint | null {
  if (status === 401 || errcode === "M_UNKNOWN_TOKEN" || errcode === "M_MISSING_TOKEN") {
    return { cause: "token", hint: "the homeserver refuses the access token: put a fresh one in XENBOT_MATRIX_ACCESS_TOKEN, or use XENBOT_MATRIX_PASSWORD for a login" };
  }
  if (errcode === "M_FORBIDDEN" || status === 403) return { cause: "login", hint: "the homeserver refuses the login: check matrix.user_id and XENBOT_MATRIX_PASSWORD" };
  if (status === 404) return { cause: "not-matrix", hint: `${homeserver} does not answer the Matrix client API: check matrix.homeserver (the client URL, e.g. https://matrix.example.org)` };
  return null;
}

function shortError(error: string): string {
  return error.replace(/^.*?(?:error:[0-9A-F]+:)?(?:SSL routines::)?/i, "").slice(0, 80) || error.slice(0, 80);
}

/** After failing this long without a success, a connection's failures are logged at error. */
export const ESCALATE_AFTER_MS = 60_000;

/**
 * How long a connection has been failing: warn while it is new, error once it has failed for
 * ESCALATE_AFTER_MS (a blip is a warning; a bot that cannot work is an error). `onStillFailing`
 * runs once at that mark even when no new attempt fails then (backoff can wait minutes), so the
 * error line comes after a minute, not at the next retry.
 */
export class FailingSince {
  private since: number | null = null;
  private escalated = false;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly escalateAfterMs = ESCALATE_AFTER_MS,
    private readonly onStillFailing: ((failingForMs: number) => void) | null = null,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * An attempt to connect starts: unless already failing, the clock starts now, so a bot that has
   * not connected yet counts from its first attempt (a TLS handshake may take 20 s to fail).
   */
  attempt(): void {
    this.start(this.now());
  }

  /** A failure: the level to log it at, how long it has been failing, and whether it just became an error. */
  failed(): { level: "warn" | "error"; failingForMs: number; nowError: boolean } {
    const now = this.now();
    this.start(now);
    const failingForMs = now - this.since!;
    const level = failingForMs >= this.escalateAfterMs ? "error" : "warn";
    const nowError = level === "error" && !this.escalated;
    if (nowError) {
      this.escalated = true;
      // A failure can cross the mark just before the timer fires (the clocks differ, or the
      // timer is late): then it is this call that says "still failing", once, not nobody.
      this.dispose();
      this.onStillFailing?.(failingForMs);
    }
    return { level, failingForMs, nowError };
  }

  private start(now: number): void {
    if (this.since === null) {
      this.since = now;
      if (this.onStillFailing) {
        this.timer = setTimeout(() => {
          this.timer = null;
          if (this.since === null || this.escalated) return;
          this.escalated = true;
          // The timer waited escalateAfterMs on the monotonic clock; Date.now() may read a
          // millisecond short of it.
          this.onStillFailing?.(Math.max(this.escalateAfterMs, this.now() - this.since));
        }, this.escalateAfterMs);
        this.timer.unref();
      }
    }
  }

  /** The connection works again. */
  recovered(): void {
    this.since = null;
    this.escalated = false;
    this.dispose();
  }

  /** No timer left (at stop). */
  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  get failing(): boolean {
    return this.since !== null;
  }
}
