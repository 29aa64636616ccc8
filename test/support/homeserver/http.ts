// The test homeserver's HTTP plumbing: which route a request path names (under any client API
// version prefix), and a request body read with a size limit.
import type http from "node:http";
import { HsError } from "./model.js";
import { matchRoute, type CompiledRoute } from "./routes.js";

const MAX_BODY = 1 << 20;
const CLIENT_PREFIXES = ["/_matrix/client/v3/", "/_matrix/client/r0/", "/_matrix/client/v1/"];

/** The route for `method` and `pathname`, or null (methodMismatch: the path exists with another method). */
export function findRoute(routes: readonly CompiledRoute[], method: string, pathname: string): { found: { route: CompiledRoute; params: Record<string, string> } | null; methodMismatch: boolean } {
  let rest: string | null = null;
  if (pathname === "/_matrix/client/versions") rest = "versions";
  else {
    const prefix = CLIENT_PREFIXES.find((p) => pathname.startsWith(p));
    if (prefix) rest = pathname.slice(prefix.length);
  }
  let methodMismatch = false;
  if (rest === null) return { found: null, methodMismatch };
  const raw = rest.split("/");
  for (const route of routes) {
    const params = matchRoute(route, raw);
    if (!params) continue;
    if (route.method !== method) {
      methodMismatch = true;
      continue;
    }
    return { found: { route, params }, methodMismatch };
  }
  return { found: null, methodMismatch };
}

export function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new HsError(413, "M_TOO_LARGE", "Request too large"));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}
