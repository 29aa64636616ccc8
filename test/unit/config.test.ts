import assert from "node:assert/strict";
import { promises as fs } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { ConfigError, loadConfigFile, parseConfig } from "../../src/config.js";
import { REPO_ROOT } from "../support/bot.js";
import { tempDir } from "../support/store-fixture.js";

const opts = { source: "test.yaml", baseDir: "/srv/xenbot", env: {} };

describe("config", () => {
  it("gives sane defaults and resolves paths against the config's folder", () => {
    const c = parseConfig({}, opts);
    assert.equal(c.store, "/srv/xenbot/data/projects.json");
    assert.equal(c.state_dir, "/srv/xenbot/state");
    assert.equal(c.prefix, "!");
    assert.equal(c.irc, undefined);
    assert.equal(c.matrix, undefined);
  });

  it("marks the store bundled (read-only for edits) only when no config names one and it is the checkout's data/projects.json", () => {
    assert.equal(parseConfig({}, { ...opts, baseDir: REPO_ROOT }).bundledStore, true);
    assert.equal(parseConfig({ store: "data/projects.json" }, { ...opts, baseDir: REPO_ROOT }).bundledStore, false, "named: the operator means it");
    assert.equal(parseConfig({}, opts).bundledStore, false, "a config elsewhere gets its own data/projects.json, as before");
  });

  it("serves the bundled MAINTAINERS data unless told another file, resolved like the store", () => {
    assert.equal(parseConfig({}, opts).maintainers, path.join(REPO_ROOT, "data/maintainers.json"));
    assert.equal(parseConfig({ maintainers: "m.json" }, opts).maintainers, "/srv/xenbot/m.json");
  });

  it("fills IRC defaults that are safe for public networks", () => {
    const c = parseConfig({ irc: { host: "irc.oftc.net", channels: ["#xen-devel", { name: "#x", key: "k" }] } }, opts);
    assert.equal(c.irc?.tls, true);
    assert.equal(c.irc?.tls_verify, true);
    assert.equal(c.irc?.port, 6697);
    assert.equal(c.irc?.max_channel_lines, 3);
  });

  it("takes secrets from the environment over the file", () => {
    const c = parseConfig(
      { irc: { host: "h", sasl: { account: "bot", password: "from-file" } }, matrix: { homeserver: "https://m.org", user_id: "@b:m.org", access_token: "file" } },
      { ...opts, env: { XENBOT_IRC_PASSWORD: "env-secret", XENBOT_MATRIX_ACCESS_TOKEN: "env-token" } },
    );
    assert.equal(c.irc?.sasl?.password, "env-secret");
    assert.equal(c.matrix?.access_token, "env-token");
  });

  it("refuses SASL without a password", () => {
    assert.throws(() => parseConfig({ irc: { host: "h", sasl: { account: "bot" } } }, opts), /XENBOT_IRC_PASSWORD/);
  });

  it("names the bad key and the file", () => {
    assert.throws(() => parseConfig({ irc: { host: "h", port: "six" } }, opts), (e: Error) => e instanceof ConfigError && /test\.yaml/.test(e.message) && /irc\.port/.test(e.message));
    assert.throws(() => parseConfig({ irc: { host: "h", channels: ["xen-devel"] } }, opts), /irc\.channels\[0\]/);
    assert.throws(() => parseConfig({ stroe: "x" }, opts), /stroe/);
    assert.throws(() => parseConfig([1, 2], opts), /mapping/);
    assert.throws(() => parseConfig({ matrix: { homeserver: "not a url", user_id: "@a:b" } }, opts), /matrix\.homeserver/);
  });

  it("refuses IRC names that would put a control character or a second line on the wire", () => {
    const irc = (over: Record<string, unknown>) => parseConfig({ irc: { host: "h", ...over } }, opts);
    assert.throws(() => irc({ alt_nicks: ["xenbot_", "bad\r\nQUIT"] }), /irc\.alt_nicks\[1\]/);
    assert.throws(() => irc({ channels: ["#xen\x00devel"] }), /irc\.channels\[0\]/);
    assert.throws(() => irc({ channels: [{ name: "#x", key: "k\nJOIN #evil" }] }), /irc\.channels\[0\]/);
    assert.throws(() => irc({ realname: "xenbot\r\nQUIT" }), /irc\.realname/);
    assert.throws(() => irc({ username: "xen bot" }), /irc\.username/);
    assert.deepEqual(irc({ alt_nicks: ["xenbot_", "xen[bot]"] }).irc?.alt_nicks, ["xenbot_", "xen[bot]"]);
  });

  it("reports unreadable and malformed YAML files", async () => {
    const dir = await tempDir();
    await assert.rejects(loadConfigFile(path.join(dir, "missing.yaml")), /cannot be read \(ENOENT\)/);
    const bad = path.join(dir, "bad.yaml");
    await fs.writeFile(bad, "irc: [unclosed\n");
    await assert.rejects(loadConfigFile(bad), /not valid YAML/);
  });

  it("accepts the documented example config", async () => {
    const c = await loadConfigFile(path.join(REPO_ROOT, "xenbot.example.yaml"), { XENBOT_IRC_PASSWORD: "s" });
    assert.equal(c.irc?.host, "irc.oftc.net");
    // The real channel of today, on OFTC; the archived page's #xen-devel dates from Freenode.
    assert.deepEqual(c.irc?.channels, ["#xendevel"]);
    assert.deepEqual(c.community.irc, { channel: "#xendevel", network: "OFTC" });
    assert.equal(c.store, path.join(REPO_ROOT, "data/projects.json"));
    assert.equal(c.maintainers, path.join(REPO_ROOT, "data/maintainers.json"));
  });

  it("knows where Xen talks today, and refuses a community venue that is not one", () => {
    const c = parseConfig({}, { source: "t", baseDir: REPO_ROOT, env: {} });
    assert.deepEqual(c.community.matrix_rooms.map((r) => r.room), ["#XenDevel:matrix.org", "#XenProject:matrix.org", "#XenSocial:matrix.org"]);
    assert.deepEqual(c.community.irc, { channel: "#xendevel", network: "OFTC" });
    assert.equal(c.community.mailing_list.address, "xen-devel@lists.xenproject.org");
    assert.throws(() => parseConfig({ community: { matrix_rooms: [{ room: "XenDevel", purpose: "dev" }] } }, { source: "t", baseDir: REPO_ROOT, env: {} }), /community\.matrix_rooms/);
    assert.throws(() => parseConfig({ community: { irc: { channel: "#a\r\nQUIT", network: "x" } } }, { source: "t", baseDir: REPO_ROOT, env: {} }), /community\.irc\.channel/);
  });
});
