// The terminal as a chat: what `npm start` opens when no network is configured, and what
// `xenbot ask` answers through. Each line typed is a private message to the bot, so
// "project 9p" works as well as "!project 9p". The operator sits here: admin commands work.
import readline from "node:readline";
import type { IncomingMessage } from "../../core/message.js";
import type { RichLine } from "../../core/rich-text.js";
import type { Inbox, Member, Outgoing, Port, PortStatus } from "../../core/transport.js";
import { renderLine, type TerminalStyle } from "./render.js";

export interface ConsolePortOptions {
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
  /** Default: colour when output is a TTY and NO_COLOR is unset. */
  style?: TerminalStyle;
  prefix: string;
  /** "console" for the interactive prompt, "cli" for `xenbot ask`. */
  transport?: "console" | "cli";
}

export function consoleMessage(text: string, transport = "console"): IncomingMessage {
  return {
    transport,
    text,
    sender: { id: "you", displayName: "you", account: null },
    room: { id: transport, isPrivate: true },
    botName: "xenbot",
    receivedAt: Date.now(),
  };
}

export class ConsolePort implements Port<string> {
  readonly name: string;
  /** Everything is private at the terminal: no room cap applies. */
  readonly maxRoomLines = Number.MAX_SAFE_INTEGER;
  /** Resolves when the input ends (Ctrl-D, end of a pipe) and every line is answered. */
  readonly ended: Promise<void>;
  private endedNow!: () => void;
  private readonly output: NodeJS.WritableStream & { isTTY?: boolean };
  private readonly style: TerminalStyle;
  private rl: readline.Interface | null = null;
  private inbox: Inbox | null = null;
  private open = false;

  constructor(private readonly opts: ConsolePortOptions) {
    this.name = opts.transport ?? "console";
    this.output = (opts.output ?? process.stdout) as NodeJS.WritableStream & { isTTY?: boolean };
    this.style = opts.style ?? { color: Boolean(this.output.isTTY) && !process.env.NO_COLOR };
    this.ended = new Promise((resolve) => (this.endedNow = resolve));
  }

  /** Reads lines from the input until it ends. */
  async start(inbox: Inbox): Promise<void> {
    this.inbox = inbox;
    this.open = true;
    const input = this.opts.input ?? process.stdin;
    const interactive = Boolean((input as { isTTY?: boolean }).isTTY);
    const rl = readline.createInterface({ input, output: interactive ? this.output : undefined, terminal: interactive, prompt: "xenbot> " });
    this.rl = rl;
    const p = this.opts.prefix;
    if (interactive) {
      this.output.write(`xenbot: ask about the Xen development projects, in commands or your own words. Try ${p}project 9p, ${p}suggest easy, ${p}start or ${p}help. Ctrl-D exits.\n`);
      rl.prompt();
    }
    // Lines are handled one at a time, in order, even when pasted or piped in together.
    let queue = Promise.resolve();
    rl.on("line", (line) => {
      queue = queue.then(async () => {
        if (line.trim()) await this.ask(line);
        if (interactive) rl.prompt();
      });
    });
    rl.on("SIGINT", () => rl.close()); // Ctrl-C at the prompt ends the session like Ctrl-D
    rl.on("close", () => {
      void queue.then(() => {
        this.open = false;
        this.endedNow();
      });
    });
  }

  /** One line through the core, its answer written out (`xenbot ask` calls this once). */
  async ask(line: string, inbox: Inbox | null = this.inbox): Promise<void> {
    if (!inbox) throw new Error("console: not started");
    const answer = await inbox.message(consoleMessage(line, this.name));
    await answer.flush();
    if (answer.status === "ignored") this.output.write(`(not a command; try ${this.opts.prefix}help)\n`);
  }

  async stop(): Promise<void> {
    this.rl?.close();
    if (this.rl) await this.ended;
  }

  /** Nobody else is at the terminal to point an answer at. */
  findMember(): Member | null {
    return null;
  }

  render(lines: readonly RichLine[]): string[] {
    return lines.map((l) => renderLine(l, this.style));
  }

  async send(out: Outgoing<string>): Promise<boolean> {
    const prefix = out.kind === "notice" ? "(notice) " : "";
    this.output.write(out.lines.map((l) => `${prefix}${l}\n`).join(""));
    return true;
  }

  status(): PortStatus {
    return { connected: this.open, state: this.open ? "open" : "closed" };
  }
}
