// The neutral message: what every transport turns its native events into, and the only
// thing the core ever sees of a network.

export interface Sender {
  /** Stable handle on this transport: IRC nick, Matrix user id, "you" on the console. */
  id: string;
  /** How to address the person in a reply ("nick: …"). */
  displayName: string;
  /**
   * A verified identity, or null when there is none: the IRC services account (from
   * account-tag / extended-join / WHOX) or the Matrix user id. Admin checks use only this.
   */
  account: string | null;
  /**
   * Who the person is, for limits and fair queues: stable across a nick change. IRC: the
   * services account when known, else user@host; Matrix: the user id. Absent: account, else id.
   */
  person?: string;
}

export interface Room {
  /** IRC channel name or the nick for a private chat; Matrix room id; "console". */
  id: string;
  /** A private chat (IRC query, Matrix DM, the console): bare commands work there. */
  isPrivate: boolean;
  /** Other names config may use for the room (the Matrix alias it was joined by). */
  names?: string[];
  /** How the bot names the room to people ("#xen-devel", a Matrix room's alias or name); else its id. */
  label?: string;
}

export interface IncomingMessage {
  /** "irc", "matrix", "console", "cli", or a test transport's name. */
  transport: string;
  text: string;
  sender: Sender;
  room: Room;
  /** The bot's own name on this transport, for "xenbot: help". */
  botName: string;
  /** Native id of the event (Matrix event id), for replies and de-duplication. */
  eventId?: string;
  /** Thread root when the message was written in a thread (Matrix). */
  threadId?: string;
  /** ms since epoch when the transport received it. */
  receivedAt: number;
}

/** Someone joined a room the bot is in: the neutral event a greeting is decided on. */
export interface JoinEvent {
  transport: string;
  roomId: string;
  /** Other names of the room that config may use (Matrix aliases). */
  roomNames?: string[];
  /** IRC nick / Matrix user id */
  userId: string;
  /** How a welcome names them (default: userId). */
  displayName?: string;
  /** IRC services account, when the server tells; null otherwise. Matrix: the user id. */
  account: string | null;
  /** IRC: the user's host, so a nick without an account is remembered as nick+host. */
  host?: string | null;
  /** The bot's own name on this transport. */
  botName: string;
  /** The transport saw this user quit in a netsplit just before (IRC). */
  afterNetsplit?: boolean;
}
