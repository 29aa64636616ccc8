// `npm run bench`: every benchmark, one after another, printing figures (never pass/fail).
import { benchCore } from "./core.js";
import { benchSearch } from "./search.js";

console.log(`xenbot benchmarks — node ${process.version}, ${new Date().toISOString()}`);
await benchCore();
await benchSearch();
