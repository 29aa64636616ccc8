// The irc-framework client type, in a module of its own so the connection's helpers (channels,
// nick, membership, safe events) can name it without importing the connection.
import type ircFramework from "irc-framework";

export type Client = InstanceType<typeof ircFramework.Client>;
