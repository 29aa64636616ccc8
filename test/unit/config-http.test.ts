// The http: section: loopback by default; a remote address only with allow_remote.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ConfigError, parseConfig } from "../../src/config.js";

const parse = (http: unknown) => parseConfig({ http }, { source: "x.yaml", baseDir: "/tmp", env: {} });

describe("config http:", () => {
  it("takes loopback addresses", () => {
    for (const listen of ["127.0.0.1:9464", "localhost:9464", "[::1]:9464", "127.0.0.2:0"]) assert.equal(parse({ listen }).http?.listen, listen);
    assert.equal(parse({ listen: "127.0.0.1:9464" }).http?.allow_remote, false);
  });

  it("refuses a remote address unless allow_remote, and a bad one always", () => {
    assert.throws(() => parse({ listen: "0.0.0.0:9464" }), (err: unknown) => err instanceof ConfigError && /http\.listen 0\.0\.0\.0:9464 is not a loopback address.*allow_remote: true/.test(err.message));
    assert.equal(parse({ listen: "0.0.0.0:9464", allow_remote: true }).http?.listen, "0.0.0.0:9464");
    for (const listen of ["9464", "127.0.0.1", "127.0.0.1:99999", "a b:1"]) assert.throws(() => parse({ listen }), ConfigError, listen);
  });
});
