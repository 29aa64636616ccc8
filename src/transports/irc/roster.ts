// What the bot knows about the channels it sits in: who is there (so "> nick" only reaches people
// present), which channels refuse formatting (+c / +S), and which services account each nick is
// logged in to (from extended-join, account-notify and WHOX), for servers without account-tag.
// Nicks and channels are compared under the server's CASEMAPPING.

export type CaseMapping = "ascii" | "rfc1459" | "strict-rfc1459" | string;

export function caseFolder(mapping: CaseMapping): (s: string) => string {
  const upper = mapping === "ascii" ? 0x5a : mapping === "strict-rfc1459" ? 0x5d : 0x5e;
  return (s) => {
    let out = "";
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      out += c >= 0x41 && c <= upper ? String.fromCharCode(c + 32) : s[i];
    }
    return out;
  };
}

interface ChannelState {
  name: string;
  members: Set<string>;
  modes: Set<string>;
}

/** Channel modes that block or strip formatting codes on common servers. */
const NO_FORMATTING_MODES = ["c", "S"];

export class IrcRoster {
  private fold: (s: string) => string = caseFolder("rfc1459");
  private readonly channels = new Map<string, ChannelState>();
  /** nick → account (null: known not logged in). Only nicks seen in a shared channel. */
  private readonly accounts = new Map<string, string | null>();

  setCaseMapping(mapping: CaseMapping): void {
    this.fold = caseFolder(mapping);
  }

  key(s: string): string {
    return this.fold(s);
  }

  same(a: string, b: string): boolean {
    return this.fold(a) === this.fold(b);
  }

  reset(): void {
    this.channels.clear();
    this.accounts.clear();
  }

  joinedChannels(): string[] {
    return [...this.channels.values()].map((c) => c.name);
  }

  isJoined(channel: string): boolean {
    return this.channels.has(this.fold(channel));
  }

  selfJoined(channel: string): void {
    const k = this.fold(channel);
    if (!this.channels.has(k)) this.channels.set(k, { name: channel, members: new Set(), modes: new Set() });
  }

  selfLeft(channel: string): void {
    const state = this.channels.get(this.fold(channel));
    this.channels.delete(this.fold(channel));
    if (state) for (const nick of state.members) this.forgetIfGone(nick);
  }

  join(channel: string, nick: string, account?: string | false): void {
    this.channels.get(this.fold(channel))?.members.add(this.fold(nick));
    if (account !== undefined) this.accounts.set(this.fold(nick), account || null);
  }

  leave(channel: string, nick: string): void {
    this.channels.get(this.fold(channel))?.members.delete(this.fold(nick));
    this.forgetIfGone(this.fold(nick));
  }

  quit(nick: string): void {
    const k = this.fold(nick);
    for (const c of this.channels.values()) c.members.delete(k);
    this.accounts.delete(k);
  }

  rename(from: string, to: string): void {
    const a = this.fold(from);
    const b = this.fold(to);
    if (a === b) return;
    for (const c of this.channels.values()) {
      if (c.members.delete(a)) c.members.add(b);
    }
    const account = this.accounts.get(a);
    this.accounts.delete(a);
    if (account !== undefined) this.accounts.set(b, account);
  }

  /** NAMES reply: the full member list of a channel we are in. */
  setMembers(channel: string, nicks: string[]): void {
    const state = this.channels.get(this.fold(channel));
    if (!state) return;
    state.members = new Set(nicks.map((n) => this.fold(n)));
  }

  isMember(channel: string, nick: string): boolean {
    return this.channels.get(this.fold(channel))?.members.has(this.fold(nick)) ?? false;
  }

  setAccount(nick: string, account: string | false | null): void {
    const k = this.fold(nick);
    if (!this.sharesChannel(k)) return; // account-notify only covers shared channels
    this.accounts.set(k, account || null);
  }

  /** The account, null when known not to be logged in, undefined when unknown. */
  account(nick: string): string | null | undefined {
    return this.accounts.get(this.fold(nick));
  }

  /** MODE changes (["+c"], ["-c", "+t"]) or a full list from RPL_CHANNELMODEIS (replace). */
  applyModes(channel: string, modes: Array<{ mode: string }>, replace = false): void {
    const state = this.channels.get(this.fold(channel));
    if (!state) return;
    if (replace) state.modes.clear();
    for (const { mode } of modes) {
      const letter = mode.slice(1);
      if (mode.startsWith("+")) state.modes.add(letter);
      else if (mode.startsWith("-")) state.modes.delete(letter);
    }
  }

  allowsFormatting(channel: string): boolean {
    const state = this.channels.get(this.fold(channel));
    if (!state) return true;
    return !NO_FORMATTING_MODES.some((m) => state.modes.has(m));
  }

  private sharesChannel(k: string): boolean {
    for (const c of this.channels.values()) if (c.members.has(k)) return true;
    return false;
  }

  private forgetIfGone(k: string): void {
    if (!this.sharesChannel(k)) this.accounts.delete(k);
  }
}
