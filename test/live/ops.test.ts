// Health and metrics as an operator scrapes them, from a real `xenbot start` with IRC (ngircd) and
// Matrix (the test homeserver) and `http: { listen: 127.0.0.1:PORT }`: /healthz is 200 with each
// transport's state while both are connected and 503 naming the one that is not; /metrics counts
// commands by command, status and transport, the reply latency, rate-limit refusals, connection
// and queue gauges, in Prometheus text format.
import assert from "node:assert/strict";
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { REAL_STORE } from "../support/bot.js";
import { spawnXenbot, type RunningCli } from "../support/cli-run.js";
import { freePort, skipUnlessServer, startNgircd, type IrcServer } from "../support/irc-servers.js";
import { IrcUser } from "../support/irc-user.js";
import { TestHomeserver } from "../support/homeserver/index.js";

const CHANNEL = "#xen-devel";

async function get(url: string): Promise<{ status: number; type: string; body: string }> {
  const res = await fetch(url);
  return { status: res.status, type: res.headers.get("content-type") ?? "", body: await res.text() };
}

async function until<T>(what: string, f: () => Promise<T | null>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await f();
    if (v !== null) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("/healthz and /metrics", { skip: skipUnlessServer("ngircd") }, () => {
  let ircd: IrcServer;
  let hs: TestHomeserver;
  let bot: RunningCli;
  let user: IrcUser;
  let base: string;
  const dir = mkdtempSync(path.join(os.tmpdir(), "xenbot-ops-"));

  before(async () => {
    ircd = await startNgircd({ noPenalty: true });
    hs = await TestHomeserver.start();
    const botUser = hs.registerUser("xenbot");
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    copyFileSync(REAL_STORE, path.join(dir, "projects.json"));
    const file = path.join(dir, "xenbot.yaml");
    writeFileSync(
      file,
      [
        "store: projects.json",
        "state_dir: state",
        `http: { listen: "127.0.0.1:${port}" }`,
        "rate_limit: { burst: 3, interval_ms: 60000 }",
        `irc: { host: 127.0.0.1, port: ${ircd.port}, tls: false, nick: xenbot, channels: ["${CHANNEL}"], reconnect: { min_delay_ms: 100, max_delay_ms: 1000 } }`,
        `matrix: { homeserver: "${hs.url}", user_id: "${botUser.userId}", reconnect: { min_delay_ms: 100, max_delay_ms: 1000 } }`,
        "",
      ].join("\n"),
    );
    user = await IrcUser.connect(ircd, "newbie");
    await user.join(CHANNEL);
    bot = spawnXenbot(["start", "--config", file], { XENBOT_MATRIX_ACCESS_TOKEN: botUser.accessToken });
    await bot.waitForLog((r) => r.msg === "http: serving health and metrics", 30_000, "the http line");
    await bot.waitForLog((r) => r.msg === "irc: joined channel", 30_000, "the bot in the channel");
  });
  after(async () => {
    await bot?.stop();
    user?.close();
    await ircd?.stop();
    await hs?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("/healthz is 200 with each transport's state while both are connected", async () => {
    const h = await until("healthy", async () => {
      const r = await get(`${base}/healthz`);
      return r.status === 200 ? r : null;
    });
    assert.match(h.type, /^application\/json/);
    const body = JSON.parse(h.body);
    assert.equal(body.status, "ok");
    assert.deepEqual(body.transports, [
      { name: "irc", connected: true, state: "registered" },
      { name: "matrix", connected: true, state: "connected" },
    ]);
  });

  it("/metrics counts commands, latency and rate-limit refusals, and shows the connection and queue gauges", async () => {
    const since = user.mark();
    for (const text of ["!project kdd", "!project 9p", "!project kdd", "!project kdd", "!project kdd"]) user.say(CHANNEL, text);
    await user.waitFor((l) => l.command === "NOTICE" && /sending commands too fast/.test(l.text), { since, timeoutMs: 15_000 });
    const m = await until("the counts", async () => {
      const r = await get(`${base}/metrics`);
      return /xenbot_rate_limited_total\{transport="irc"\} 2/.test(r.body) ? r : null;
    });
    assert.match(m.type, /^text\/plain; version=0\.0\.4/);
    assert.match(m.body, /^xenbot_commands_total\{command="project",status="ok",transport="irc"\} 3$/m);
    assert.match(m.body, /^xenbot_commands_total\{command="project",status="rate-limited",transport="irc"\} 2$/m);
    assert.match(m.body, /^xenbot_reply_latency_seconds_count\{transport="irc"\} 5$/m);
    assert.match(m.body, /^xenbot_reply_latency_seconds_bucket\{le="\+Inf",transport="irc"\} 5$/m);
    assert.match(m.body, /^xenbot_transport_connected\{transport="irc",state="registered"\} 1$/m);
    assert.match(m.body, /^xenbot_transport_connected\{transport="matrix",state="connected"\} 1$/m);
    assert.match(m.body, /^xenbot_transport_queued_lines\{transport="irc"\} \d+$/m);
    assert.match(m.body, /^xenbot_transport_queued_lines\{transport="matrix"\} \d+$/m);
    assert.match(m.body, /^# HELP xenbot_commands_total /m);
    assert.match(m.body, /^process_resident_memory_bytes /m);
  });

  it("/healthz is 503 naming the transport that is down, and 200 again when it is back", async () => {
    await hs.down();
    try {
      const down = await until("unhealthy", async () => {
        const r = await get(`${base}/healthz`);
        return r.status === 503 ? r : null;
      });
      const body = JSON.parse(down.body);
      assert.equal(body.status, "unavailable");
      assert.deepEqual(body.transports[1], { name: "matrix", connected: false, state: "disconnected" });
      assert.equal(body.transports[0].connected, true);
      assert.match((await get(`${base}/metrics`)).body, /^xenbot_transport_connected\{transport="matrix",state="disconnected"\} 0$/m);
    } finally {
      await hs.up();
    }
    await until("healthy again", async () => ((await get(`${base}/healthz`)).status === 200 ? true : null));
  });

  it("serves nothing else", async () => {
    assert.equal((await get(`${base}/`)).status, 404);
    assert.equal((await fetch(`${base}/metrics`, { method: "POST" })).status, 405);
  });

  it("survives a malformed request target and keeps serving", async () => {
    // An absolute-form target that is no URL at all ("GET http://[ HTTP/1.1") once killed the bot.
    const { port } = new URL(base);
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(Number(port), "127.0.0.1", () => socket.write("GET http://[ HTTP/1.1\r\nHost: x\r\n\r\n"));
      let got = "";
      socket.on("data", (d) => (got += d.toString("latin1")));
      socket.on("end", () => resolve(got));
      socket.on("error", reject);
      socket.setTimeout(5_000, () => socket.end());
    });
    assert.match(reply, /^HTTP\/1\.1 (404|400)/);
    assert.equal((await get(`${base}/healthz`)).status, 200, "the bot is still up");
  });
});
