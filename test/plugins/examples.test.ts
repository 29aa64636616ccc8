// Every command's examples, as declared beside the command, run through the real dispatcher on
// the real store: help can never promise what the bot does not do.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { promises as fs } from "node:fs";
import path from "node:path";
import { builtinPlugins } from "../../plugins/index.js";
import { REAL_STORE, ask, testBot } from "../support/bot.js";
import { tempDir } from "../support/store-fixture.js";

describe("command examples", async () => {
  // A copy of the real store: the admin examples change it.
  const dir = await tempDir();
  const store = path.join(dir, "projects.json");
  await fs.copyFile(REAL_STORE, store);
  const bot = await testBot({ store, config: { state_dir: path.join(dir, "state") } });
  for (const plugin of builtinPlugins()) {
    for (const command of plugin.commands) {
      it(`!${command.name} has help, usage and examples`, () => {
        assert.ok(command.help.length > 10);
        assert.ok(command.usage.startsWith(command.name));
        assert.ok(command.examples.length > 0);
      });
      for (const example of command.examples) {
        it(`${example.input}`, async () => {
          // As the operator at the console, who may run admin commands too.
          const answer = await ask(bot, example.input, { private: true, transport: "console" });
          assert.equal(answer.status, "ok", `${example.input} → ${answer.status}: ${answer.text}`);
          const expected = example.expect;
          if (typeof expected === "string") assert.ok(answer.text.toLowerCase().includes(expected.toLowerCase()), `${example.input} should mention "${expected}":\n${answer.text}`);
          else assert.match(answer.text, expected);
        });
      }
    }
  }
});
