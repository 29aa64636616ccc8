// A scripted IRC user on a plain socket: it sees exactly the bytes the server relays (to check
// line lengths and UTF-8 validity on the wire), answers PING, and waits for lines by predicate
// instead of sleeping.
import net from "node:net";

export interface IrcLine {
  raw: string;
  /** Bytes of the line including CR LF, as received. */
  bytes: number;
  validUtf8: boolean;
  tags: Record<string, string>;
  prefix: string;
  nick: string;
  command: string;
  params: string[];
  /** Last parameter (the text of PRIVMSG/NOTICE). */
  text: string;
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

export function parseLine(buf: Buffer): IrcLine {
  let validUtf8 = true;
  try {
    strictUtf8.decode(buf);
  } catch {
    validUtf8 = false;
  }
  let rest = buf.toString("utf8").replace(/\r?\n$/, "");
  const raw = rest;
  const tags: Record<string, string> = {};
  if (rest.startsWith("@")) {
    const sp = rest.indexOf(" ");
    for (const kv of rest.slice(1, sp).split(";")) {
      const eq = kv.indexOf("=");
      if (eq < 0) tags[kv] = "";
      else tags[kv.slice(0, eq)] = kv.slice(eq + 1);
    }
    rest = rest.slice(sp + 1);
  }
  let prefix = "";
  if (rest.startsWith(":")) {
    const sp = rest.indexOf(" ");
    prefix = rest.slice(1, sp);
    rest = rest.slice(sp + 1);
  }
  const params: string[] = [];
  while (rest.length > 0) {
    if (rest.startsWith(":")) {
      params.push(rest.slice(1));
      break;
    }
    const sp = rest.indexOf(" ");
    if (sp < 0) {
      params.push(rest);
      break;
    }
    params.push(rest.slice(0, sp));
    rest = rest.slice(sp + 1).replace(/^ +/, "");
  }
  const command = (params.shift() ?? "").toUpperCase();
  const nick = prefix.includes("!") ? prefix.slice(0, prefix.indexOf("!")) : prefix;
  return { raw, bytes: buf.length, validUtf8, tags, prefix, nick, command, params, text: params[params.length - 1] ?? "" };
}

interface Waiter {
  pred: (l: IrcLine) => boolean;
  resolve: (l: IrcLine) => void;
}

export class IrcUser {
  readonly lines: IrcLine[] = [];
  private buf = Buffer.alloc(0);
  private waiters: Waiter[] = [];
  private closed = false;
  private closedPromise: Promise<void>;
  nick: string;

  private constructor(
    private readonly socket: net.Socket,
    nick: string,
  ) {
    this.nick = nick;
    socket.on("data", (d: Buffer) => this.onData(d));
    socket.on("error", () => undefined);
    this.closedPromise = new Promise((resolve) =>
      socket.once("close", () => {
        this.closed = true;
        resolve();
      }),
    );
  }

  /** Connects and registers; resolves after 001 (RPL_WELCOME). */
  static async connect(server: { host: string; port: number }, nick: string, opts: { caps?: string[]; timeoutMs?: number } = {}): Promise<IrcUser> {
    const socket = net.connect({ host: server.host, port: server.port });
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", () => resolve());
      socket.once("error", reject);
    });
    const user = new IrcUser(socket, nick);
    if (opts.caps?.length) user.send(`CAP REQ :${opts.caps.join(" ")}`);
    user.send(`NICK ${nick}`);
    user.send(`USER ${nick.toLowerCase().slice(0, 9)} 0 * :scripted test user`);
    if (opts.caps?.length) user.send("CAP END");
    const welcome = await user.waitFor((l) => l.command === "001" || l.command === "433" || l.command === "ERROR", { timeoutMs: opts.timeoutMs ?? 15_000 });
    if (welcome.command !== "001") {
      user.close();
      throw new Error(`${nick} could not register: ${welcome.raw}`);
    }
    return user;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Index of the next line to arrive: pass as `since` to wait only for later lines. */
  mark(): number {
    return this.lines.length;
  }

  send(line: string): void {
    if (/[\r\n]/.test(line)) throw new Error("test bug: CR/LF in a scripted line");
    this.socket.write(`${line}\r\n`);
  }

  say(target: string, text: string): void {
    this.send(`PRIVMSG ${target} :${text}`);
  }

  notice(target: string, text: string): void {
    this.send(`NOTICE ${target} :${text}`);
  }

  async join(channel: string): Promise<void> {
    const since = this.mark();
    this.send(`JOIN ${channel}`);
    await this.waitFor((l) => l.command === "366" && l.params[1]?.toLowerCase() === channel.toLowerCase(), { since });
  }

  waitFor(pred: (l: IrcLine) => boolean, opts: { since?: number; timeoutMs?: number } = {}): Promise<IrcLine> {
    const since = opts.since ?? 0;
    for (let i = since; i < this.lines.length; i++) if (pred(this.lines[i]!)) return Promise.resolve(this.lines[i]!);
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        pred,
        resolve: (l) => {
          clearTimeout(timer);
          resolve(l);
        },
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        const recent = this.lines.slice(-15).map((l) => l.raw).join("\n  ");
        reject(new Error(`${this.nick}: timed out after ${opts.timeoutMs ?? 15_000} ms waiting for a line; last lines:\n  ${recent}`));
      }, opts.timeoutMs ?? 15_000);
      this.waiters.push(waiter);
    });
  }

  /** PRIVMSG/NOTICE lines from `from` (case-insensitive) since `since`. */
  messagesFrom(from: string, since = 0): IrcLine[] {
    return this.lines.slice(since).filter((l) => (l.command === "PRIVMSG" || l.command === "NOTICE") && l.nick.toLowerCase() === from.toLowerCase());
  }

  /** Waits until `count` PRIVMSG/NOTICE lines from `from` have arrived since `since`. */
  async waitForMessages(from: string, count: number, opts: { since?: number; timeoutMs?: number } = {}): Promise<IrcLine[]> {
    const since = opts.since ?? 0;
    let seen = 0;
    await this.waitFor(
      (l) => {
        if ((l.command === "PRIVMSG" || l.command === "NOTICE") && l.nick.toLowerCase() === from.toLowerCase()) seen++;
        return seen >= count;
      },
      { since, timeoutMs: opts.timeoutMs },
    );
    return this.messagesFrom(from, since).slice(0, count);
  }

  async quit(message = "bye"): Promise<void> {
    if (this.closed) return;
    this.send(`QUIT :${message}`);
    const timer = setTimeout(() => this.socket.destroy(), 2_000);
    await this.closedPromise;
    clearTimeout(timer);
  }

  close(): void {
    this.socket.destroy();
  }

  whenClosed(): Promise<void> {
    return this.closedPromise;
  }

  private onData(d: Buffer): void {
    this.buf = Buffer.concat([this.buf, d]);
    let nl: number;
    while ((nl = this.buf.indexOf(0x0a)) >= 0) {
      const lineBuf = this.buf.subarray(0, nl + 1);
      this.buf = this.buf.subarray(nl + 1);
      const line = parseLine(Buffer.from(lineBuf));
      if (line.command === "PING") {
        this.socket.write(`PONG :${line.text}\r\n`);
      }
      this.lines.push(line);
      const waiters = this.waiters;
      this.waiters = [];
      for (const w of waiters) {
        if (w.pred(line)) w.resolve(line);
        else this.waiters.push(w);
      }
    }
  }
}
