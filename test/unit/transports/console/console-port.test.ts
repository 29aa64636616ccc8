import assert from "node:assert/strict";
import { PassThrough } from "node:stream";
import { describe, it } from "node:test";
import { bold, code, link, text } from "../../../../src/core/rich-text.js";
import { ConsolePort } from "../../../../src/transports/console/index.js";
import { renderLine } from "../../../../src/transports/console/render.js";
import { testBot } from "../../../support/bot.js";

async function session(lines: string[]): Promise<string> {
  const bot = await testBot();
  const input = new PassThrough();
  const output = new PassThrough();
  let written = "";
  output.on("data", (chunk: Buffer) => (written += chunk.toString("utf8")));
  const port = new ConsolePort({ input, output, style: { color: false }, prefix: "!" });
  await port.start(bot.conversation.inbox(port));
  for (const line of lines) input.write(`${line}\n`);
  input.end(); // like Ctrl-D
  await port.ended;
  return written;
}

describe("console transport", () => {
  it("answers typed commands in order, with or without the prefix, and ends at end of input", async () => {
    const out = await session(["!project 9p", "suggest easy", "", "!!!"]);
    const nineP = out.indexOf("9P File System");
    const suggest = out.indexOf("Suggestions for easy");
    assert.ok(nineP >= 0, out);
    assert.ok(suggest > nineP, "answers come in the order asked");
    assert.match(out, /not a command; try !help/);
  });

  it("renders bold and code with ANSI only when colour is on", () => {
    const line = [bold("Title"), text(" "), code("!x"), text(" "), link("https://xenproject.org", "site")];
    assert.equal(renderLine(line, { color: false }), "Title !x site <https://xenproject.org>");
    assert.equal(renderLine(line, { color: true }), "\x1b[1mTitle\x1b[0m \x1b[36m!x\x1b[0m \x1b[4msite <https://xenproject.org>\x1b[0m");
  });

  it("never lets store text drive the terminal", () => {
    assert.equal(renderLine([text("evil\x1b[2J\x07 text\r\n")], { color: false }), "evil [2J  text  ");
  });
});
