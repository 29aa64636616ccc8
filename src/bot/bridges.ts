// Bridged rooms: when an IRC channel and a Matrix room are joined by a bridge, every command
// arrives twice, once from its author and once from the bridge's puppet of the author on the
// other side. Answering both would answer twice (and each answer would be bridged back), so the
// puppet's copy is not a command: it is answered on the side it was written on, once.
import type { IncomingMessage } from "../core/message.js";

export interface BridgeRule {
  irc_channel: string;
  matrix_room: string;
  irc_puppets: string;
  matrix_puppets: string;
}

export function bridgeEchoFilter(rules: readonly BridgeRule[]): (msg: IncomingMessage) => boolean {
  const compiled = rules.map((r) => ({
    ircChannel: r.irc_channel.toLowerCase(),
    matrixRoom: r.matrix_room,
    ircPuppet: new RegExp(r.irc_puppets, "i"),
    matrixPuppet: new RegExp(r.matrix_puppets),
  }));
  return (msg) => {
    if (msg.room.isPrivate) return false;
    return compiled.some((b) => {
      if (msg.transport === "irc") return msg.room.id.toLowerCase() === b.ircChannel && b.ircPuppet.test(msg.sender.id);
      if (msg.transport === "matrix") return (msg.room.id === b.matrixRoom || (msg.room.names ?? []).includes(b.matrixRoom)) && b.matrixPuppet.test(msg.sender.id);
      return false;
    });
  };
}
