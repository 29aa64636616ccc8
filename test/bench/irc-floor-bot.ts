// The floor of the IRC bench: no bot at all, only a socket that registers with the server and
// answers every private message with one NOTICE at once. What it takes is the server's and the
// clients' share of a round trip; what a real bot takes above it is the bot's own. Plain node,
// no library, so nothing but the round trip is measured.
import net from "node:net";

const { host, port, nick } = JSON.parse(process.argv[2] ?? "{}") as { host: string; port: number; nick: string };
const socket = net.connect({ host, port });
socket.setNoDelay(true);
socket.setEncoding("utf8");
socket.write(`NICK ${nick}\r\nUSER ${nick} 0 * :xenbot bench floor\r\n`);

let buffered = "";
socket.on("data", (chunk: string) => {
  buffered += chunk;
  let end: number;
  while ((end = buffered.indexOf("\r\n")) >= 0) {
    const line = buffered.slice(0, end);
    buffered = buffered.slice(end + 2);
    onLine(line);
  }
});

function onLine(line: string): void {
  const parts = line.split(" ");
  const from = parts[0]?.startsWith(":") ? parts.shift()!.slice(1) : "";
  const command = parts[0];
  if (command === "PING") socket.write(`PONG ${parts.slice(1).join(" ")}\r\n`);
  else if (command === "001") process.send?.({ type: "ready" });
  else if (command === "PRIVMSG" && parts[1] === nick) socket.write(`NOTICE ${from.split("!")[0]} :floor\r\n`);
}

socket.on("close", () => process.exit(0));
process.on("message", (m) => m === "stop" && (socket.end("QUIT :bench done\r\n"), setTimeout(() => process.exit(0), 500)));
process.on("disconnect", () => process.exit(0));
