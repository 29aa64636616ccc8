"use strict";
// xenbot does not support end-to-end encrypted rooms. matrix-bot-sdk requires this
// package when it loads; the real one downloads a native binary at install time,
// which is not possible where xenbot is built. Anything that tries to use crypto fails loudly.
function unsupported() {
  throw new Error("End-to-end encryption is not supported by xenbot (crypto package is a stub)");
}
module.exports = new Proxy({}, {
  get(_target, name) {
    if (name === "__esModule") return false;
    if (typeof name === "symbol") return undefined;
    return unsupported;
  },
});
