// The IRC transport's face: the port `xenbot start` runs when the config has an `irc:` section.
export { IrcPort, type IrcPortOptions } from "./port.js";
export { DEFAULT_IRC_TIMINGS, type IrcState, type IrcStats, type IrcTimings } from "./options.js";
