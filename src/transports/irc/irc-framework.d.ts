// The part of irc-framework 4.14 (CommonJS, no bundled types) that src/transports/irc*.ts uses.
// Written from the library's source (src/client.js, src/connection.js, src/commands/handlers/*).
declare module "irc-framework" {
  namespace IrcFramework {
    interface ClientOptions {
      host: string;
      port: number;
      nick: string;
      username?: string;
      gecos?: string;
      tls?: boolean;
      /** Passed to tls.connect; undefined means verify. */
      rejectUnauthorized?: boolean;
      /** Server password (PASS). Also used as SASL password when `account` is absent. */
      password?: string;
      /** SASL PLAIN credentials; `{}` disables SASL. */
      account?: { account?: string; password?: string };
      sasl_disconnect_on_fail?: boolean;
      encoding?: string;
      /** CTCP VERSION reply; a falsy value turns the automatic reply off. */
      version?: string | null;
      enable_chghost?: boolean;
      enable_setname?: boolean;
      enable_echomessage?: boolean;
      auto_reconnect?: boolean;
      auto_reconnect_max_wait?: number;
      auto_reconnect_max_retries?: number;
      ping_interval?: number;
      ping_timeout?: number;
      message_max_length?: number;
    }

    interface Tags {
      [tag: string]: string | undefined;
    }

    interface MessageEvent {
      type?: "privmsg" | "notice" | "action";
      from_server: boolean;
      nick: string;
      ident: string;
      hostname: string;
      target: string;
      /** STATUSMSG prefix ("@" for "@#chan") when the message went to a status group. */
      group?: string;
      message: string;
      tags: Tags;
      time?: number;
      /** Value of the `account` message tag, when the server sends it. */
      account?: string;
      batch?: unknown;
    }

    interface JoinEvent {
      nick: string;
      ident: string;
      hostname: string;
      gecos: string;
      channel: string;
      /** Only with extended-join: the account, or false when not logged in. */
      account?: string | false;
      tags: Tags;
    }

    interface PartEvent {
      nick: string;
      ident: string;
      hostname: string;
      channel: string;
      message: string;
    }

    interface KickEvent {
      kicked: string;
      nick: string;
      channel: string;
      message: string;
    }

    interface QuitEvent {
      nick: string;
      ident: string;
      hostname: string;
      message: string;
    }

    interface NickEvent {
      nick: string;
      ident: string;
      hostname: string;
      new_nick: string;
    }

    interface AccountEvent {
      nick: string;
      account: string | false;
    }

    interface Mode {
      mode: string;
      param: string | null;
    }

    interface ModeEvent {
      target: string;
      nick: string;
      modes: Mode[];
      raw_modes: string;
      raw_params: string[];
    }

    interface ChannelInfoEvent {
      channel: string;
      modes?: Mode[];
      raw_modes?: string;
    }

    interface UserlistEvent {
      channel: string;
      users: Array<{ nick: string; ident: string; hostname: string; modes: string[] }>;
    }

    interface WhoUser {
      nick: string;
      ident: string;
      hostname: string;
      server?: string;
      real_name?: string;
      /** Only with WHOX: "" when not logged in. */
      account?: string;
      channel?: string;
    }

    interface WholistEvent {
      target: string;
      users: WhoUser[];
    }

    interface RegisteredEvent {
      nick: string;
    }

    interface NickInUseEvent {
      nick: string;
      reason: string;
    }

    interface IrcErrorEvent {
      error: string;
      reason?: string;
      channel?: string;
      nick?: string;
      [key: string]: unknown;
    }

    interface SaslFailedEvent {
      reason: string;
      message?: string;
    }

    interface LoggedInEvent {
      nick: string;
      account: string;
    }

    interface DisplayedHostEvent {
      nick: string;
      hostname: string;
    }

    interface UsersOfflineEvent {
      nicks: string[];
    }

    interface ServerOptionsEvent {
      options: Record<string, unknown>;
      cap: string[];
    }

    interface RawCommand {
      command: string;
      params: string[];
      nick: string;
      prefix: string;
    }

    interface Network {
      name: string;
      /** The server's software, from RPL_YOURHOST ("running version InspIRCd-3"); "" when not told. */
      ircd?: string;
      options: Record<string, unknown>;
      cap: { enabled: string[]; isEnabled(cap: string): boolean };
      supports(name: string): unknown;
      isChannelName(name: string): boolean;
    }

    interface NetTransport {
      removeAllListeners(): void;
      disposeSocket(): void;
      close(force?: boolean): void;
    }

    interface Connection {
      connected: boolean;
      transport: NetTransport | null;
      end(data?: string | null, hadError?: boolean): void;
      clearTimers(): void;
      removeAllListeners(): void;
    }

    class Client {
      constructor(options?: Partial<ClientOptions>);
      readonly connected: boolean;
      user: { nick: string; username: string; host: string; gecos: string };
      network: Network;
      connection: Connection;
      command_handler: { dispatch(message: unknown): void };
      options: ClientOptions | null;

      connect(options: ClientOptions): void;
      requestCap(cap: string | string[]): void;
      raw(...args: Array<string | number>): void;
      quit(message?: string): void;
      changeNick(nick: string): void;
      join(channel: string, key?: string): void;
      who(target: string, cb?: (event: WholistEvent) => void): void;
      caseCompare(a: string, b: string): boolean;
      caseLower(s: string): string;

      on(event: "registered" | "connected", fn: (e: RegisteredEvent) => void): this;
      on(event: "privmsg" | "notice" | "message" | "action", fn: (e: MessageEvent) => void): this;
      on(event: "join", fn: (e: JoinEvent) => void): this;
      on(event: "part", fn: (e: PartEvent) => void): this;
      on(event: "kick", fn: (e: KickEvent) => void): this;
      on(event: "quit", fn: (e: QuitEvent) => void): this;
      on(event: "nick", fn: (e: NickEvent) => void): this;
      on(event: "account", fn: (e: AccountEvent) => void): this;
      on(event: "mode", fn: (e: ModeEvent) => void): this;
      on(event: "channel info", fn: (e: ChannelInfoEvent) => void): this;
      on(event: "userlist", fn: (e: UserlistEvent) => void): this;
      on(event: "wholist", fn: (e: WholistEvent) => void): this;
      on(event: "nick in use" | "nick invalid", fn: (e: NickInUseEvent) => void): this;
      on(event: "irc error", fn: (e: IrcErrorEvent) => void): this;
      on(event: "sasl failed", fn: (e: SaslFailedEvent) => void): this;
      on(event: "loggedin", fn: (e: LoggedInEvent) => void): this;
      on(event: "displayed host", fn: (e: DisplayedHostEvent) => void): this;
      on(event: "users offline", fn: (e: UsersOfflineEvent) => void): this;
      on(event: "server options", fn: (e: ServerOptionsEvent) => void): this;
      on(event: "unknown command", fn: (e: RawCommand) => void): this;
      on(event: "ping", fn: (e: { message?: string }) => void): this;
      on(event: "socket connected", fn: () => void): this;
      on(event: "socket close", fn: (err?: Error | false) => void): this;
      on(event: "close", fn: (hadError: boolean) => void): this;
      on(event: string, fn: (...args: any[]) => void): this;
      removeAllListeners(event?: string): this;
    }
  }

  const IrcFramework: {
    Client: typeof IrcFramework.Client;
  };
  export = IrcFramework;
}
