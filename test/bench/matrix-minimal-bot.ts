// The peer for the Matrix bench: as short a bot as matrix-bot-sdk's own client makes it. It joins
// its room, and answers every text message with a one-line notice replying to it.
import { LogLevel, LogService, MatrixClient, MemoryStorageProvider } from "matrix-bot-sdk";

LogService.setLevel(LogLevel.WARN); // its default logs every request to the console; ours are quiet too

const { homeserver, token, room } = JSON.parse(process.argv[2] ?? "{}") as { homeserver: string; token: string; room: string };
const client = new MatrixClient(homeserver, token, new MemoryStorageProvider());
const self = await client.getUserId();
client.on("room.message", async (roomId: string, event: { sender: string; content?: { msgtype?: string; body?: string } }) => {
  if (event.sender === self || event.content?.msgtype !== "m.text") return;
  await client.replyNotice(roomId, event, `echo: ${event.content.body ?? ""}`);
});
await client.joinRoom(room);
await client.start();
process.send?.({ type: "ready" });
process.on("message", (m) => m === "stop" && (client.stop(), process.exit(0)));
process.on("disconnect", () => process.exit(0));
