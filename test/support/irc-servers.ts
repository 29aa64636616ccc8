// Real IRC servers for the transport tests: ngircd and InspIRCd 3 from Debian, each on a free
// 127.0.0.1 port with a generated config in a temp dir, in the foreground, killed at the end.
// A missing binary fails the test under CI (with the apt-get line) and skips it locally.
import { spawn, type ChildProcess } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { TEST_CERT, TEST_KEY } from "./irc-tls-cert.js";

export const NGIRCD = "/usr/sbin/ngircd";
export const INSPIRCD = "/usr/sbin/inspircd";
export const INSPIRCD_MODULES = "/usr/lib/inspircd/modules";
export const ANOPE = "/usr/sbin/anope";

const INSTALL = "apt-get install -y ngircd inspircd";
const INSTALL_ANOPE = "apt-get install -y anope";

export type ServerKind = "ngircd" | "inspircd" | "anope";

function binary(kind: ServerKind): string {
  return kind === "ngircd" ? NGIRCD : kind === "inspircd" ? INSPIRCD : ANOPE;
}

function installHint(kind: ServerKind): string {
  return kind === "anope" ? INSTALL_ANOPE : INSTALL;
}

/**
 * For `describe(..., { skip })`: false when the server can run here; a message when it cannot and
 * we are not in CI. In CI a missing server is never skipped: startServer() then throws.
 */
export function skipUnlessServer(kind: ServerKind): string | false {
  if (existsSync(binary(kind))) return false;
  if (process.env.CI) return false;
  return `${binary(kind)} is not installed; install it with: sudo ${installHint(kind)}`;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

async function portAccepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host: "127.0.0.1", port });
    s.once("connect", () => {
      s.destroy();
      resolve(true);
    });
    s.once("error", () => resolve(false));
  });
}

// Children still running when the test process exits are killed, whatever happened.
const running = new Set<ChildProcess>();
process.once("exit", () => {
  for (const c of running) {
    try {
      c.kill("SIGKILL");
    } catch {
      // gone
    }
  }
});

export interface IrcServer {
  kind: ServerKind;
  host: string;
  port: number;
  /** The TLS port, when started with TLS. */
  tlsPort?: number;
  dir: string;
  /** What the server printed (ngircd logs to stderr in the foreground). */
  output(): string;
  /** Kill it (SIGTERM, then SIGKILL after 3 s) and wait until it has exited. */
  kill(): Promise<void>;
  /** Start it again on the same port with the same config. */
  restart(): Promise<void>;
  /** Kill it and remove its directory. */
  stop(): Promise<void>;
}

export interface NgircdOptions {
  /** Seconds of silence before the server PINGs a client, and how long it waits for PONG. */
  pingTimeoutS?: number;
  pongTimeoutS?: number;
  /** Also listen with TLS (self-signed test certificate) on `tlsPort`. */
  tls?: boolean;
  /** "MaxPenaltyTime = 0" disables ngircd's per-command penalty (bench). */
  noPenalty?: boolean;
}

export interface InspircdOptions {
  /** Connect class receive queue in bytes (default 8192). */
  recvq?: number;
  /** Millicommands per second before fakelag (InspIRCd default 1000). */
  commandrate?: number;
  /** Penalty a client may build up before fakelag/kill (InspIRCd default 10). */
  threshold?: number;
  /** Seconds between the server's PINGs to each client (InspIRCd default 120). */
  pingfreq?: number;
  /** Load ircv3_accounttag (default true); without it accounts come from extended-join/WHOX. */
  accountTag?: boolean;
  /** Extra config text appended (modules, opers…). */
  extra?: string;
}

class Managed implements IrcServer {
  private child: ChildProcess | null = null;
  private out = "";

  tlsPort?: number;

  constructor(
    readonly kind: ServerKind,
    readonly port: number,
    readonly dir: string,
    private readonly args: string[],
    /** Ready when this resolves true (default: the port accepts connections). */
    private readonly ready: () => Promise<boolean> = () => portAccepts(port),
    private readonly startTimeoutMs = 15_000,
  ) {}

  readonly host = "127.0.0.1";

  output(): string {
    return this.out;
  }

  async start(): Promise<void> {
    const bin = binary(this.kind);
    if (!existsSync(bin)) {
      throw new Error(`${bin} is missing: the IRC transport tests need real servers. Install them with: ${installHint(this.kind)}`);
    }
    const child = spawn(bin, this.args, { cwd: this.dir, stdio: ["ignore", "pipe", "pipe"] });
    this.child = child;
    running.add(child);
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.once("exit", () => running.delete(child));
    child.stdout?.on("data", (d: Buffer) => (this.out += d.toString()));
    child.stderr?.on("data", (d: Buffer) => (this.out += d.toString()));
    let gone = false;
    void exited.then(() => (gone = true));
    const deadline = Date.now() + this.startTimeoutMs;
    while (Date.now() < deadline) {
      if (gone) throw new Error(`${this.kind} exited at start-up:\n${this.out.slice(-3000)}`);
      if (await this.ready()) return;
      await new Promise((r) => setTimeout(r, 25));
    }
    await this.kill();
    throw new Error(`${this.kind} was not ready (port ${this.port}) within ${this.startTimeoutMs} ms:\n${this.out.slice(-3000)}`);
  }

  async kill(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 3_000);
    await exited;
    clearTimeout(timer);
  }

  async restart(): Promise<void> {
    await this.kill();
    await this.start();
  }

  async stop(): Promise<void> {
    await this.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function tempDir(kind: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), `xenbot-${kind}-`));
  // ngircd drops root privileges to "nobody": let it write its pid file.
  chmodSync(dir, 0o777);
  return dir;
}

export async function startNgircd(opts: NgircdOptions = {}): Promise<IrcServer> {
  const port = await freePort();
  const tlsPort = opts.tls ? await freePort() : 0;
  const dir = tempDir("ngircd");
  if (opts.tls) {
    writeFileSync(path.join(dir, "cert.pem"), TEST_CERT, { mode: 0o644 });
    writeFileSync(path.join(dir, "key.pem"), TEST_KEY, { mode: 0o644 });
  }
  const ports = `\tPorts = ${port}\n`;
  const conf = `[Global]
\tName = irc.xenbot.test
\tInfo = xenbot test server
\tAdminInfo1 = xenbot tests
\tAdminInfo2 = localhost
\tAdminEMail = nobody@localhost
\tListen = 127.0.0.1
${ports}\tMotdPhrase = "xenbot test server"
\tPidFile = ${dir}/ngircd.pid
[Limits]
\tMaxConnections = 0
\tMaxConnectionsIP = 0
\tMaxJoins = 0
\tMaxNickLength = 30
\tConnectRetry = 5
\tPingTimeout = ${opts.pingTimeoutS ?? 120}
\tPongTimeout = ${opts.pongTimeoutS ?? 20}
${opts.noPenalty ? "\tMaxPenaltyTime = 0\n" : ""}[Options]
\tDNS = no
\tIdent = no
\tPAM = no
\tOperCanUseMode = yes
${
  opts.tls
    ? `[SSL]
\tCertFile = ${dir}/cert.pem
\tKeyFile = ${dir}/key.pem
\tPorts = ${tlsPort}
`
    : ""
}`;
  const file = path.join(dir, "ngircd.conf");
  writeFileSync(file, conf);
  chmodSync(file, 0o644);
  const server = new Managed("ngircd", port, dir, ["-n", "-f", file]);
  if (opts.tls) server.tlsPort = tlsPort;
  try {
    await server.start();
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return server;
}

export async function startInspircd(opts: InspircdOptions = {}): Promise<IrcServer> {
  const port = await freePort();
  const dir = tempDir("inspircd");
  writeFileSync(path.join(dir, "motd.txt"), "xenbot test server\n");
  const conf = `<server name="irc.inspircd.test" description="xenbot test server" network="XenbotTest">
<admin name="xenbot tests" nick="admin" email="nobody@localhost">
<bind address="127.0.0.1" port="${port}" type="clients">
<power diepass="" restartpass="">
<connect name="main" allow="*" timeout="20" pingfreq="${opts.pingfreq ?? 120}" hardsendq="1M" softsendq="10240"
         recvq="${opts.recvq ?? 8192}" threshold="${opts.threshold ?? 10}" commandrate="${opts.commandrate ?? 1000}" fakelag="yes"
         localmax="1000" globalmax="1000" resolvehostnames="no" useident="no" limit="5000" maxchans="50">
<pid file="${dir}/inspircd.pid">
<files motd="${dir}/motd.txt">
<log method="file" type="* -USERINPUT -USEROUTPUT" level="default" target="${dir}/ircd.log">
<path moduledir="${INSPIRCD_MODULES}">
<dns server="127.0.0.1" timeout="1">
<options hostintopic="no" prefixquit="Quit: ">
<module name="cap">
<module name="ircv3">
${opts.accountTag === false ? "" : '<module name="ircv3_accounttag">'}
<module name="ircv3_capnotify">
<module name="ircv3_servertime">
<module name="ircv3_echomessage">
<module name="services_account">
<module name="blockcolor">
<module name="monitor">
${opts.extra ?? ""}
`;
  const file = path.join(dir, "inspircd.conf");
  writeFileSync(file, conf);
  const args = ["--nofork", "--nopid", "--config", file];
  if (process.getuid?.() === 0) args.push("--runasroot");
  const server = new Managed("inspircd", port, dir, args, undefined, 15_000);
  try {
    await server.start();
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return server;
}

export interface ServicesNetwork {
  /** The IRC server users connect to. */
  ircd: IrcServer;
  /** Anope, linked to it as services.xenbot.test, with NickServ and SASL. */
  services: IrcServer;
  stop(): Promise<void>;
}

/** Asks the ircd for its capabilities until "sasl" is offered, i.e. services are linked. */
async function saslOffered(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host: "127.0.0.1", port });
    let buf = "";
    const done = (v: boolean) => {
      s.destroy();
      resolve(v);
    };
    const timer = setTimeout(() => done(false), 2_000);
    s.on("error", () => {
      clearTimeout(timer);
      done(false);
    });
    s.on("connect", () => s.write("CAP LS 302\r\n"));
    s.on("data", (d: Buffer) => {
      buf += d.toString();
      const ls = buf.split("\r\n").find((l) => / CAP \* LS /.test(l));
      if (ls) {
        clearTimeout(timer);
        done(/[ :]sasl(=|\s|$)/.test(ls));
      }
    });
  });
}

/**
 * InspIRCd with Anope services linked: NickServ accounts, SASL PLAIN for clients, account-tag
 * (unless accountTag: false), extended-join and account-notify. Resolves once SASL is offered.
 */
export async function startInspircdWithAnope(opts: InspircdOptions = {}): Promise<ServicesNetwork> {
  const linkPort = await freePort();
  const ircd = await startInspircd({
    ...opts,
    extra: `<bind address="127.0.0.1" port="${linkPort}" type="servers">
<module name="spanningtree">
<module name="hidechans">
<module name="sasl">
<sasl target="services.xenbot.test">
<link name="services.xenbot.test" ipaddr="127.0.0.1" port="${linkPort}" sendpass="linkpass" recvpass="linkpass">
<uline server="services.xenbot.test" silent="yes">
${opts.extra ?? ""}`,
  });
  const dir = tempDir("anope");
  try {
    // NickServ as shipped by Debian, minus e-mail, registration delay and nick kill-protection.
    const nickserv = readFileSync("/etc/anope/nickserv.conf", "utf8")
      .replace(/forceemail = yes/, "forceemail = no")
      .replace(/regdelay = \d+s/, "regdelay = 0s")
      .replace(/defaults = "killprotect /, 'defaults = "');
    writeFileSync(path.join(dir, "nickserv.conf"), nickserv);
    writeFileSync(path.join(dir, "services.motd"), "xenbot test services\n");
    const block = (name: string, kv: Record<string, string | number>) =>
      `${name}\n{\n${Object.entries(kv)
        .map(([k, v]) => `\t${k} = ${typeof v === "number" || /^(yes|no|true|false)$/.test(v) ? v : JSON.stringify(v)}\n`)
        .join("")}}\n`;
    const conf = [
      block("define", { name: "services.host", value: "services.xenbot.test" }),
      block("uplink", { host: "127.0.0.1", ipv6: "no", ssl: "no", port: linkPort, password: "linkpass" }),
      block("serverinfo", { name: "services.xenbot.test", description: "xenbot test services", pid: path.join(dir, "anope.pid"), motd: path.join(dir, "services.motd") }),
      block("module", { name: "inspircd3", use_server_side_mlock: "yes", use_server_side_topiclock: "yes" }),
      block("networkinfo", { networkname: "XenbotTest", nicklen: 30, userlen: 10, hostlen: 64, chanlen: 64, modelistsize: 100, vhost_chars: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-", allow_undotted_vhosts: "false", disallow_start_or_end: ".-" }),
      block("options", { casemap: "rfc1459", strictpasswords: "no", badpasslimit: 50, badpasstimeout: "1h", updatetimeout: "5m", expiretimeout: "30m", readtimeout: "5s", warningtimeout: "4h", timeoutcheck: "3s", retrywait: "1s", hideprivilegedcommands: "yes", hideregisteredcommands: "yes" }),
      block("include", { type: "file", name: "nickserv.conf" }),
      block("mail", { usemail: "no" }),
      block("module", { name: "db_flatfile", database: "anope.db", keepbackups: 0, fork: "no" }),
      block("module", { name: "enc_sha256" }),
      block("module", { name: "m_sasl" }),
      block("log", { target: "services.log", admin: "*", servers: "*", other: "*" }),
    ].join("\n");
    writeFileSync(path.join(dir, "services.conf"), conf);
    const args = ["-n", `--confdir=${dir}`, `--dbdir=${dir}`, `--logdir=${dir}`, "--modulesdir=/usr/lib/anope", "--localedir=/usr/share/anope/locale", "--config=services.conf"];
    // Anope pauses 3 s when run as root (a warning); allow for it.
    const services = new Managed("anope", ircd.port, dir, args, () => saslOffered(ircd.port), 30_000);
    await services.start();
    return {
      ircd,
      services,
      async stop() {
        await services.stop();
        await ircd.stop();
      },
    };
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    await ircd.stop();
    throw err;
  }
}
