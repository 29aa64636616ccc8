// `npm run bench`: every benchmark, one after another, printing figures (never pass/fail).
import { benchCore } from "./core.js";
import { benchIrc } from "./irc-latency.js";
import { benchMaintainers } from "./maintainers.js";
import { benchMatrix } from "./matrix-latency.js";
import { benchNatural } from "./natural.js";
import { benchSearch } from "./search.js";
import { printTable } from "./stats.js";

console.log(`xenbot benchmarks — node ${process.version}, ${new Date().toISOString()}`);
await benchCore();
await benchSearch();
await benchNatural();
await benchMaintainers();
printTable("IRC: a user's PRIVMSG to the bot's reply through a local ngircd (bot in its own process)", Object.entries(await benchIrc()));
printTable("Matrix: a user's message to the bot's reply through the test homeserver (bot in its own process)", Object.entries(await benchMatrix()));
