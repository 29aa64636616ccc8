// What a plugin is: a plain object of command specs. Help is data: `!help` and the example
// tests are generated from it, so a command without usage, help or examples will not load.
import type { Context } from "./context.js";

export interface CommandExample {
  /** What the user types, with the prefix: "!project 9p". */
  input: string;
  /** Text the answer must contain (case-insensitive), checked by the example tests. */
  expect: string | RegExp;
}

export interface CommandSpec {
  name: string;
  aliases?: string[];
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
