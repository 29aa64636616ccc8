// The public natural questions, each through the real bot on the real store as a private
// message, judged as the project measures them (test/support/nl-cases.ts).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ask, testBot } from "../support/bot.js";
import { judge, loadNlCases, PUBLIC_NL } from "../support/nl-cases.js";

describe("natural questions (test/fixtures/public/nl-queries.json)", async () => {
  const file = loadNlCases(PUBLIC_NL);
  const bot = await testBot();
  file.queries.forEach((c, i) => {
    it(c.q, async () => {
      // Each question from its own newcomer, so !suggest's memory of earlier picks plays no part.
      const answer = await ask(bot, c.q, { private: true, nick: `newbie${i}` });
      const faults = judge(answer.text, c, file.generic_none);
      assert.deepEqual(faults, [], `${c.q}\n→ ${answer.text}`);
      assert.equal(answer.status, "ok", answer.text);
    });
  });
});
