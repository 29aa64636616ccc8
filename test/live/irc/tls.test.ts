// TLS: certificates are verified unless the config says tls_verify: false (test servers only).
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { CHANNEL, startIrcBot, type RunningBot } from "../../support/irc-bot.js";
import { skipUnlessServer, startNgircd, type IrcServer } from "../../support/irc-servers.js";
import { IrcUser } from "../../support/irc-user.js";

describe("IRC transport over TLS (ngircd, self-signed certificate)", { skip: skipUnlessServer("ngircd") }, () => {
  let server: IrcServer;
  const bots: RunningBot[] = [];

  before(async () => {
    server = await startNgircd({ tls: true, noPenalty: true });
  });

  after(async () => {
    for (const b of bots) await b.stop();
    await server?.stop();
  });

  it("refuses a certificate it cannot verify, and keeps retrying", async () => {
    const errors: unknown[] = [];
    let registered = false;
    let onFailure = () => {};
    const twice = new Promise<void>((resolve) => (onFailure = () => errors.length === 2 && resolve()));
    const running = await startIrcBot(
      { host: server.host, port: server.tlsPort! },
      {
        irc: { tls: true, reconnect: { min_delay_ms: 50, max_delay_ms: 100 } },
        waitFor: false,
        onTransport: (_t, log) => {
          void log.waitForNext("irc connection", (r) => r.state === "registered", 60_000).then(() => (registered = true), () => undefined);
          const watch = (): void => {
            log.waitForNext("irc connection", (r) => r.state === "disconnected", 60_000).then((r) => {
              errors.push(r.error as string | undefined);
              onFailure();
              if (errors.length < 2) watch();
            }, () => undefined);
          };
          watch();
        },
      },
    );
    bots.push(running);
    await twice;
    await running.stop();
    assert.equal(registered, false);
    assert.match(String(errors[0]), /self[- ]signed|certificate/i);
  });

  it("connects with tls_verify: false and answers", async () => {
    const running = await startIrcBot({ host: server.host, port: server.tlsPort! }, { irc: { tls: true, tls_verify: false } });
    bots.push(running);
    const user = await IrcUser.connect(server, "tlsuser");
    try {
      await user.join(CHANNEL);
      const since = user.mark();
      user.say(CHANNEL, "!lines 1");
      await user.waitFor((l) => l.nick === "xenbot" && l.text === "tlsuser: line 1 of 1", { since });
    } finally {
      user.close();
    }
    assert.equal(running.transport.status().state, "registered");
  });
});
