// A bot on a store file, and a recording "transport" that sends it messages as a user would.
import path from "node:path";
import { createBot, type Bot } from "../../src/app.js";
import { parseConfig } from "../../src/config.js";
import type { IncomingMessage } from "../../src/core/message.js";
import type { Plugin } from "../../src/core/plugin.js";
import { plainText } from "../../src/core/rich-text.js";
import type { DispatchOutcome } from "../../src/core/outcome.js";
import { silentLogger } from "../../src/log.js";

export const REPO_ROOT = path.resolve(import.meta.dirname, "../..");
export const REAL_STORE = path.join(REPO_ROOT, "data/projects.json");

export async function testBot(opts: { store?: string; plugins?: Plugin[]; config?: Record<string, unknown>; random?: () => number } = {}): Promise<Bot> {
  const config = parseConfig({ store: opts.store ?? REAL_STORE, state_dir: "/nonexistent-state", rate_limit: { burst: 1000, interval_ms: 1 }, ...opts.config }, { source: "test", baseDir: REPO_ROOT, env: {} });
  return createBot({ config, logger: silentLogger(), plugins: opts.plugins, random: opts.random });
}

export interface AskOptions {
  private?: boolean;
  nick?: string;
  account?: string | null;
  /** Who the person is for limits (Sender.person), as an IRC or Matrix port would set it. */
  person?: string;
  transport?: string;
}

export function message(text: string, o: AskOptions = {}): IncomingMessage {
  const nick = o.nick ?? "newbie";
  return {
    transport: o.transport ?? "test",
    text,
    sender: { id: nick, displayName: nick, account: o.account ?? null, ...(o.person ? { person: o.person } : {}) },
    room: o.private ? { id: nick, isPrivate: true } : { id: "#xen-devel", isPrivate: false },
    botName: "xenbot",
    receivedAt: Date.now(),
  };
}

export interface Answer extends DispatchOutcome {
  /** All reply lines as plain text, joined by newlines. */
  text: string;
}

export async function ask(bot: Bot, text: string, o: AskOptions = {}): Promise<Answer> {
  const outcome = await bot.handle(message(text, o));
  return { ...outcome, text: outcome.replies.map(plainText).join("\n") };
}
