// `xenbot check --connect` for IRC: one short connection as the bot would make it — TCP, TLS with
// the same certificate checks, registration, and the SASL login when configured — then QUIT.
// Written on a bare socket rather than irc-framework so that every step's failure is seen and
// named (a TLS handshake on a plain port, 904 for a refused SASL login, a K-line's ERROR), and so
// that nothing of the running bot (its reconnect loop, its nick keeper) is involved.
import net from "node:net";
import tls from "node:tls";
import type { IrcConfig } from "../../config.js";
import { hintFor, saslHint, type FailureHint, type ProbeResult } from "../failure-hints.js";

export async function probeIrc(config: IrcConfig, timeoutMs = 15_000): Promise<ProbeResult> {
  const target = `IRC ${config.host}:${config.port}${config.tls ? " (TLS)" : " (plain text)"}`;
  const to = { transport: "irc" as const, host: config.host, port: config.port, tls: config.tls };
  return new Promise<ProbeResult>((resolve) => {
    let settled = false;
    let buffer = "";
    let stage = "connecting";
    let saslDone = !config.sasl;
    let nick = config.nick;
    const finish = (ok: boolean, summary: string, hint: FailureHint | null = null): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (ok) socket.end("QUIT :xenbot check\r\n");
      else socket.destroy();
      resolve({ ok, target, summary, hint });
    };
    const fail = (why: string, hint?: FailureHint | null): void => finish(false, why, hint === undefined ? hintFor(why, to) : hint);
    const socket: net.Socket = config.tls
      ? tls.connect({ host: config.host, port: config.port, servername: net.isIP(config.host) ? undefined : config.host, rejectUnauthorized: config.tls_verify })
      : net.connect({ host: config.host, port: config.port });
    let tcpConnected = false;
    let caps = "";
    const timer = setTimeout(() => {
      // Connected, but the TLS handshake never finished: the port speaks plain text and waits for a line.
      if (config.tls && tcpConnected && stage === "connecting") return fail(`the TLS handshake got no answer within ${timeoutMs} ms`, hintFor("wrong version number", to));
      fail(`no answer while ${stage} within ${timeoutMs} ms (timed out)`);
    }, timeoutMs);
    socket.once("connect", () => (tcpConnected = true));
    const send = (line: string): void => void socket.write(`${line}\r\n`);
    socket.once(config.tls ? "secureConnect" : "connect", () => {
      stage = "registering";
      send("CAP LS 302");
      send(`NICK ${nick}`);
      send(`USER ${config.username} 0 * :${config.realname}`);
    });
    socket.on("error", (err: NodeJS.ErrnoException) => fail(`${err.code ? `${err.code}: ` : ""}${err.message}`));
    socket.on("close", () => fail(`the server closed the connection while ${stage}`, hintFor(stage === "connecting" && config.tls ? "disconnected before secure TLS connection was established" : "ECONNRESET", to)));
    socket.on("data", (chunk: Buffer) => {
      buffer += chunk.toString("utf8");
      let eol: number;
      while ((eol = buffer.indexOf("\n")) >= 0) {
        const line = buffer.slice(0, eol).replace(/\r$/, "");
        buffer = buffer.slice(eol + 1);
        onLine(line);
      }
    });

    function onLine(line: string): void {
      const words = line.replace(/^@\S+ /, "").split(" ");
      const command = (words[0]!.startsWith(":") ? words[1] : words[0]) ?? "";
      const text = line.includes(" :") ? line.slice(line.indexOf(" :") + 2) : "";
      if (command === "PING") return send(`PONG :${text || words[1] || ""}`);
      if (command === "ERROR") return fail(`the server sent ERROR: ${text}`, hintFor(text, to));
      if (command === "CAP") return onCap(words, text);
      if (command === "AUTHENTICATE" && config.sasl) {
        const { account, password = "" } = config.sasl;
        return send(`AUTHENTICATE ${Buffer.from(`${account}\0${account}\0${password}`).toString("base64")}`);
      }
      if (command === "903") {
        saslDone = true;
        return send("CAP END");
      }
      if (["902", "904", "905", "906", "908"].includes(command)) {
        return fail(`SASL login as "${config.sasl?.account}" refused (${command}: ${text})`, saslHint(config.sasl?.account ?? config.nick));
      }
      if (command === "433" || command === "432" || command === "437") {
        // The nick is taken (by the running bot, say): the server is reachable; register under another.
        nick = `${config.nick.slice(0, 5)}chk${Math.floor(Math.random() * 1000)}`;
        return send(`NICK ${nick}`);
      }
      if (command === "001") {
        if (!saslDone) return fail(`registered without the SASL login as "${config.sasl?.account}" (the server offers no SASL?)`, saslHint(config.sasl?.account ?? config.nick));
        finish(true, `registered as ${nick}${config.sasl ? `; SASL login as ${config.sasl.account} accepted` : ""}`);
      }
    }

    function onCap(words: string[], text: string): void {
      const sub = words.find((w, i) => i > 1 && /^(LS|ACK|NAK)$/.test(w));
      if (sub === "LS") caps += ` ${text}`;
      if (sub === "LS" && !words.includes("*", 4)) {
        if (!config.sasl) return send("CAP END");
        if (!/(^|\s)sasl(=\S*)?(\s|$)/.test(caps)) return fail(`the server does not offer SASL, but irc.sasl is configured`, saslHint(config.sasl.account));
        stage = "logging in (SASL)";
        return send("CAP REQ :sasl");
      }
      if (sub === "ACK" && /sasl/.test(text)) return send("AUTHENTICATE PLAIN");
      if (sub === "NAK") fail(`the server refused the SASL capability`, config.sasl ? saslHint(config.sasl.account) : null);
    }
  });
}
