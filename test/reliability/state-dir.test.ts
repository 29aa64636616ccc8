// Faults in the state directory (audit log, greeted list): read-only, then full. The bot keeps
// answering on IRC; an admin's edit is saved to the store and the reply says the audit log could
// not be written, and why; the greeter logs that it cannot save and keeps greeting newcomers.
//
// Tests run as root in CI, where chmod 0555 stops nothing. What is used instead:
//   read-only: a tmpfs mounted read-only on the state directory (EROFS), when this machine lets
//              root mount; otherwise a state directory below a regular file (ENOTDIR).
//   full:      a 64 KiB tmpfs filled to the last byte (ENOSPC on every write), when root may
//              mount; otherwise audit.jsonl as a symlink to /dev/full (ENOSPC for the audit log
//              only; the greeter's writes then succeed, so its part is not checked).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { createBot, type Bot } from "../../src/app.js";
import { parseConfig } from "../../src/config.js";
import type { MessageHandler } from "../../src/core/outcome.js";
import { Conversation } from "../../src/core/conversation.js";
import { IrcPort } from "../../src/transports/irc/index.js";
import { REAL_STORE, REPO_ROOT } from "../support/bot.js";
import { CHANNEL, waitForJoin } from "../support/irc-bot.js";
import { skipUnlessServer, startNgircd, type IrcServer } from "../support/irc-servers.js";
import { IrcUser } from "../support/irc-user.js";
import { captureLogger, type LogRecord } from "../support/matrix-bot.js";
import { record, tally } from "./support/summary.js";

const ADMIN = "stewardess";

function canMount(): boolean {
  if (process.platform !== "linux" || process.getuid?.() !== 0) return false;
  const probe = mkdtempSync(path.join(os.tmpdir(), "xenbot-mount-probe-"));
  try {
    if (spawnSync("mount", ["-t", "tmpfs", "-o", "size=16k", "tmpfs", probe]).status !== 0) return false;
    spawnSync("umount", [probe]);
    return true;
  } finally {
    rmSync(probe, { recursive: true, force: true });
  }
}

interface BrokenState {
  dir: string;
  how: string;
  /** The errno an audit write gets. */
  code: string;
  greeterChecked: boolean;
  cleanup(): void;
}

function mount(dir: string, options: string): void {
  const r = spawnSync("mount", ["-t", "tmpfs", "-o", options, "tmpfs", dir], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`mount -o ${options} failed: ${r.stderr}`);
}

function readOnlyState(root: string, mounting: boolean): BrokenState {
  if (mounting) {
    const dir = path.join(root, "state-ro");
    mkdirSync(dir);
    mount(dir, "ro,size=64k");
    return { dir, how: "read-only tmpfs mount", code: "EROFS", greeterChecked: true, cleanup: () => void spawnSync("umount", [dir]) };
  }
  writeFileSync(path.join(root, "a-file"), "not a directory\n");
  return { dir: path.join(root, "a-file", "state"), how: "state dir below a regular file", code: "ENOTDIR", greeterChecked: true, cleanup: () => undefined };
}

function fullState(root: string, mounting: boolean): BrokenState {
  const dir = path.join(root, "state-full");
  mkdirSync(dir);
  if (mounting) {
    mount(dir, "size=64k");
    try {
      writeFileSync(path.join(dir, "filler"), Buffer.alloc(1 << 20));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOSPC") throw err;
    }
    return { dir, how: "64 KiB tmpfs filled up", code: "ENOSPC", greeterChecked: true, cleanup: () => void spawnSync("umount", [dir]) };
  }
  symlinkSync("/dev/full", path.join(dir, "audit.jsonl"));
  return { dir, how: "audit.jsonl → /dev/full", code: "ENOSPC", greeterChecked: false, cleanup: () => undefined };
}

describe("faults: the state directory cannot be written", { skip: skipUnlessServer("ngircd") }, () => {
  let server: IrcServer;
  const root = mkdtempSync(path.join(os.tmpdir(), "xenbot-state-faults-"));
  const mounting = !process.env.XENBOT_NO_MOUNT && canMount();
  const broken: BrokenState[] = [];

  before(async () => {
    server = await startNgircd({ noPenalty: true });
  });
  after(async () => {
    for (const b of broken) b.cleanup();
    await server?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  for (const kind of ["read-only", "full"] as const) {
    it(`${kind}: answers, warns the admin about the audit log, keeps greeting`, { timeout: 120_000 }, async () => {
      const state = kind === "read-only" ? readOnlyState(root, mounting) : fullState(root, mounting);
      broken.push(state);
      const store = path.join(root, `projects-${kind}.json`);
      copyFileSync(REAL_STORE, store);
      const config = parseConfig(
        {
          store,
          state_dir: state.dir,
          rate_limit: { burst: 100, interval_ms: 10 },
          admins: { irc_accounts: [ADMIN] },
          greeting: { enabled: true, rooms: [CHANNEL] },
          irc: { host: server.host, port: server.port, tls: false, nick: "xenbot", channels: [CHANNEL], flood: { burst: 10, interval_ms: 20 } },
        },
        { source: "test", baseDir: REPO_ROOT, env: {} },
      );
      const log = captureLogger();
      const { logger, records } = log;
      const bot: Bot = await createBot({ config, logger });
      // The admin is identified by a services account; this test is about the disk, not about
      // services (test/reliability/abuse.test.ts and irc-services.test.ts run Anope): the
      // account is given to the core for the user of that nick.
      const handle: MessageHandler = (msg) => bot.handle(msg.sender.id === ADMIN ? { ...msg, sender: { ...msg.sender, account: ADMIN } } : msg);
      const transport = new IrcPort({ config: config.irc!, logger, timings: { quitTimeoutMs: 1_000 } });
      const conversation = new Conversation({ dispatch: handle, greet: bot.greet, logger });
      const joined = waitForJoin(log, CHANNEL);
      await transport.start(conversation.inbox(transport));
      const users: IrcUser[] = [];
      try {
        await joined;
        const admin = await IrcUser.connect(server, ADMIN);
        const newbie = await IrcUser.connect(server, `newbie${kind === "full" ? 2 : 1}`);
        users.push(admin, newbie);
        const greeted = (nick: string) => log.waitForNext(["greeted a newcomer", "join: no welcome"], (r) => r.user === nick);
        const g1 = greeted(admin.nick);
        await admin.join(CHANNEL);
        await g1;
        const g2 = greeted(newbie.nick);
        await newbie.join(CHANNEL);
        await g2;

        const answer = async (u: IrcUser, text: string, match: RegExp) => {
          const since = u.mark();
          u.say(CHANNEL, text);
          return u.waitFor((l) => l.nick === "xenbot" && match.test(l.text.replace(/[\x02\x1d\x0f]/g, "")), { since });
        };
        await answer(newbie, "!project 9p", /9P File System/);
        const warning = await answer(admin, "!verify kdd", /Warning: the change is saved, but the audit log could not be written/);
        assert.match(warning.text, new RegExp(`\\(.*${state.code}\\)`), `the reason is given: ${warning.text}`);
        await answer(admin, "!verify kdd", /Verified kdd|Warning/);
        assert.match(bot.store.project("kdd")!.verified.raw, /^\d{4}-\d{2}-\d{2}$/, "the edit itself was saved");
        await answer(newbie, "!suggest easy", /./);
        // The history is read from the audit log: readable in a read-only or full directory. (Not
        // with the fallbacks: /dev/full reads as endless zeros, and a path below a file cannot be read.)
        if (mounting) await answer(admin, "!history kdd", /kdd/);
        assert.ok(records.some((r: LogRecord) => r.msg === "audit log write failed"), "the failed audit write was logged");

        let greetings = 0;
        if (state.greeterChecked) {
          // Both joiners got a welcome although the greeted list could not be saved, and it was logged.
          for (const u of [admin, newbie]) assert.ok(u.lines.some((l) => l.command === "NOTICE" && l.nick === "xenbot" && /Welcome!/.test(l.text)), `${u.nick} was greeted`);
          assert.ok(records.some((r: LogRecord) => String(r.msg).startsWith("cannot save the greeted list")), "the greeter logged that it cannot save");
          // A third newcomer later: still greeted.
          const late = await IrcUser.connect(server, `late${kind === "full" ? 2 : 1}`);
          users.push(late);
          const g3 = greeted(late.nick);
          await late.join(CHANNEL);
          await g3;
          await late.waitFor((l) => l.command === "NOTICE" && l.nick === "xenbot" && /Welcome!/.test(l.text));
          greetings = 3;
        }
        assert.equal((transport.status().details as { handlerErrors: number }).handlerErrors + log.count("failed to handle a message"), 0);
        assert.equal(records.filter((r: LogRecord) => r.msg === "command failed").length, 0, "no command failed");
        record(`faults: state dir ${kind} (${state.how})`, `kept answering; admin told "audit log could not be written (${state.code})"; ${state.greeterChecked ? `${greetings} newcomers greeted, unsaved list logged` : "greeter not checked"}`);
        tally("faults survived", 1);
        tally("inputs tried", 5);
      } finally {
        for (const u of users) u.close();
        await transport.stop();
      }
    });
  }
});
