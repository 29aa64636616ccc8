// Every command's examples, as declared beside the command, run through the real dispatcher on
// the real store: help can never promise what the bot does not do.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { builtinPlugins } from "../../plugins/index.js";
import { ask, testBot } from "../support/bot.js";

describe("command examples", async () => {
  const bot = await testBot();
  for (const plugin of builtinPlugins()) {
    for (const command of plugin.commands) {
      it(`!${command.name} has help, usage and examples`, () => {
        assert.ok(command.help.length > 10);
        assert.ok(command.usage.startsWith(command.name));
        assert.ok(command.examples.length > 0);
      });
      for (const example of command.examples) {
        it(`${example.input}`, async () => {
          const answer = await ask(bot, example.input, { private: true });
          assert.equal(answer.status, "ok", `${example.input} → ${answer.status}: ${answer.text}`);
          const expected = example.expect;
          if (typeof expected === "string") assert.ok(answer.text.toLowerCase().includes(expected.toLowerCase()), `${example.input} should mention "${expected}":\n${answer.text}`);
          else assert.match(answer.text, expected);
        });
      }
    }
  }
});
