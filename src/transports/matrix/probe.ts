// `xenbot check --connect` for Matrix: is matrix.homeserver a Matrix homeserver (GET
// /_matrix/client/versions), and does it let the bot in — whoami with the configured token (or
// the one a password login saved in state_dir), or else a password login whose new session is
// logged out at once. Plain fetch with a timeout; matrix-bot-sdk is not loaded. Reads state_dir
// without touching it.
import { promises as fs } from "node:fs";
import path from "node:path";
import type { MatrixConfig } from "../../config.js";
import { matrixRefusalHint, type FailureHint, type ProbeResult } from "../failure-hints.js";
import { failureHint } from "./failure.js";

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

async function call(url: string, init: RequestInit, timeoutMs: number): Promise<Answer> {
  const res = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  const text = await res.text();
  let body: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === "object") body = parsed as Record<string, unknown>;
  } catch {
    // not JSON: judged by the status
  }
  return { status: res.status, body };
}

async function savedToken(stateDir: string, config: MatrixConfig): Promise<string | null> {
  try {
    const s = JSON.parse(await fs.readFile(path.join(stateDir, "matrix", "session.json"), "utf8")) as Record<string, unknown>;
    return s.homeserver === config.homeserver && s.user_id === config.user_id && typeof s.access_token === "string" ? s.access_token : null;
  } catch {
    return null;
  }
}

export async function probeMatrix(config: MatrixConfig, stateDir: string, timeoutMs = 15_000): Promise<ProbeResult> {
  const base = config.homeserver.replace(/\/+$/, "");
  const url = new URL(base);
  const tls = url.protocol === "https:";
  const to = { transport: "matrix" as const, host: url.hostname, port: Number(url.port) || (tls ? 443 : 80), tls };
  const target = `Matrix ${config.homeserver} (${to.host}:${to.port}) as ${config.user_id}`;
  const result = (ok: boolean, summary: string, hint: FailureHint | null = null): ProbeResult => ({ ok, target, summary, hint });
  const refused = (what: string, a: Answer): ProbeResult =>
    result(false, `${what}: HTTP ${a.status}${typeof a.body.errcode === "string" ? ` ${a.body.errcode}` : ""}${typeof a.body.error === "string" ? ` (${a.body.error})` : ""}`, matrixRefusalHint(a.status, typeof a.body.errcode === "string" ? a.body.errcode : null, config.homeserver));
  try {
    const versions = await call(`${base}/_matrix/client/versions`, {}, timeoutMs);
    if (versions.status !== 200 || !Array.isArray(versions.body.versions)) return refused("GET /_matrix/client/versions is not a Matrix answer", { ...versions, status: versions.status === 200 ? 404 : versions.status });
    const token = config.access_token ?? (await savedToken(stateDir, config));
    if (token) {
      const who = await call(`${base}/_matrix/client/v3/account/whoami`, { headers: { Authorization: `Bearer ${token}` } }, timeoutMs);
      if (who.status !== 200) return refused("whoami with the access token refused", who);
      const mismatch = who.body.user_id !== config.user_id ? ` (the token belongs to ${String(who.body.user_id)}, not matrix.user_id)` : "";
      return result(mismatch === "", `the homeserver speaks ${versions.body.versions.length} Client-Server API versions; the token is ${String(who.body.user_id)}'s${mismatch}`);
    }
    if (!config.password) return result(false, "no access token and no password: set XENBOT_MATRIX_ACCESS_TOKEN or XENBOT_MATRIX_PASSWORD", matrixRefusalHint(401, null, config.homeserver));
    const login = await call(`${base}/_matrix/client/v3/login`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ type: "m.login.password", identifier: { type: "m.id.user", user: config.user_id }, password: config.password, initial_device_display_name: `${config.device_name} (check)` }),
    }, timeoutMs);
    if (login.status !== 200 || typeof login.body.access_token !== "string") return refused("the password login was refused", login);
    // The check's own session is not kept: log it out.
    await call(`${base}/_matrix/client/v3/logout`, { method: "POST", headers: { Authorization: `Bearer ${login.body.access_token}` } }, timeoutMs).catch(() => undefined);
    return result(true, `the homeserver speaks ${versions.body.versions.length} Client-Server API versions; the password login as ${String(login.body.user_id)} works`);
  } catch (err) {
    const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
    const why = e.name === "TimeoutError" ? `no answer within ${timeoutMs} ms (timed out)` : [e.cause?.code, e.cause?.message ?? e.message].filter(Boolean).join(": ");
    return result(false, why, failureHint(err, to, config.homeserver) ?? (e.name === "TimeoutError" ? failureHint({ message: "timed out" }, to, config.homeserver) : null));
  }
}
