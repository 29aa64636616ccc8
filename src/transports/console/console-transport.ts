// The terminal as a chat: what `npm start` opens when no network is configured. Each line
// typed is a private message to the bot, so "project 9p" works as well as "!project 9p".
import readline from "node:readline";
import type { IncomingMessage } from "../../core/message.js";
import type { MessageHandler, Transport } from "../../core/transport.js";
import { renderReply, type TerminalStyle } from "./render.js";

export interface ConsoleOptions {
  handle: MessageHandler;
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
  /** Default: colour when output is a TTY and NO_COLOR is unset. */
  style?: TerminalStyle;
  prefix: string;
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

export class ConsoleTransport implements Transport {
  readonly name = "console";
  private rl: readline.Interface | null = null;
  private closed!: Promise<void>;

  constructor(private readonly opts: ConsoleOptions) {}

  async start(): Promise<void> {
    const input = this.opts.input ?? process.stdin;
    const output = (this.opts.output ?? process.stdout) as NodeJS.WritableStream & { isTTY?: boolean };
    const style = this.opts.style ?? { color: Boolean(output.isTTY) && !process.env.NO_COLOR };
    const interactive = Boolean((input as { isTTY?: boolean }).isTTY);
    const rl = readline.createInterface({ input, output: interactive ? output : undefined, terminal: interactive, prompt: "xenbot> " });
    this.rl = rl;
    if (interactive) {
      output.write(`xenbot on the bundled project list. Try ${this.opts.prefix}project 9p, ${this.opts.prefix}suggest easy, ${this.opts.prefix}start or ${this.opts.prefix}help. Ctrl-D exits.\n`);
      rl.prompt();
    }
    // Lines are handled one at a time, in order, even when pasted or piped in together.
    let queue = Promise.resolve();
    rl.on("line", (line) => {
      queue = queue.then(async () => {
        if (line.trim()) {
          const outcome = await this.opts.handle(consoleMessage(line));
          const lines = outcome.replies.flatMap((r) => renderReply(r, style));
          if (outcome.status === "ignored") lines.push(`(not a command; try ${this.opts.prefix}help)`);
          if (outcome.pointedAt) lines.unshift(`(for ${outcome.pointedAt})`);
          output.write(lines.map((l) => `${l}\n`).join(""));
        }
        if (interactive) rl.prompt();
      });
    });
    this.closed = new Promise((resolve) => rl.on("close", () => void queue.then(() => resolve())));
  }

  /** Resolves when the user presses Ctrl-D (or the input ends) and every line is answered. */
  whenClosed(): Promise<void> {
    return this.closed;
  }

  async stop(): Promise<void> {
    this.rl?.close();
    await this.closed;
  }
}
