import type { MiddlewareHandler } from "hono";

/**
 * The local server's defences. It serves one user on one machine, so anything that does not come from that
 * user's own page on the loopback address is refused: a Host header other than a loopback name (DNS
 * rebinding), a write from another origin (CSRF), a body larger than the route allows.
 */

const LOOPBACK_HOSTNAMES = new Set(["127.0.0.1", "localhost", "[::1]"]);

/** True when `host` (a Host header: name and optional port) names this machine's loopback interface on `port`. */
export function isLoopbackHost(host: string | undefined, port: number): boolean {
  if (!host) return false;
  const match = /^(\[[0-9a-f:.]+\]|[^:]+)(?::(\d+))?$/i.exec(host.trim());
  if (!match) return false;
  const [, name = "", hostPort] = match;
  if (!LOOPBACK_HOSTNAMES.has(name.toLowerCase())) return false;
  return hostPort === undefined ? port === 80 : Number(hostPort) === port;
}

/** The origins this server's own pages have: every loopback name on its port. */
export function loopbackOrigins(port: number): Set<string> {
  return new Set([...LOOPBACK_HOSTNAMES].map((name) => `http://${name}:${port}`));
}

/** Refuses (421) any request whose Host header is not a loopback name on our port: defeats DNS rebinding. */
export function requireLoopbackHost(port: () => number): MiddlewareHandler {
  return async (c, next) => {
    if (!isLoopbackHost(c.req.header("host"), port())) {
      return c.json({ error: "Host header is not this machine's loopback address; request refused" }, 421);
    }
    await next();
  };
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Refuses (403) a write (any method but GET/HEAD/OPTIONS) that a browser marks as coming from another site
 * (`Origin` not ours, or `Sec-Fetch-Site` other than same-origin), and requires a JSON body, which a
 * cross-origin form cannot send without a CORS preflight this server never approves.
 */
export function rejectCrossOriginWrites(port: () => number): MiddlewareHandler {
  return async (c, next) => {
    if (SAFE_METHODS.has(c.req.method)) return next();
    const origin = c.req.header("origin");
    if (origin !== undefined && !loopbackOrigins(port()).has(origin)) {
      return c.json({ error: `cross-origin write from ${origin} refused` }, 403);
    }
    const site = c.req.header("sec-fetch-site");
    if (site !== undefined && site !== "same-origin" && site !== "none") {
      return c.json({ error: `cross-site write (Sec-Fetch-Site: ${site}) refused` }, 403);
    }
    const type = c.req.header("content-type") ?? "";
    if (!/^application\/json\s*(;|$)/i.test(type)) {
      return c.json({ error: "write requests must have Content-Type: application/json" }, 415);
    }
    await next();
  };
}

/**
 * Content-Security-Policy: only this server's own scripts, styles, workers and connections; no inline
 * script, no framing, nothing fetched from anywhere else (the app works offline and sends nothing out).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

export function securityHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    c.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    c.header("X-Content-Type-Options", "nosniff");
    c.header("Referrer-Policy", "no-referrer");
    c.header("Cross-Origin-Opener-Policy", "same-origin");
    c.header("Cross-Origin-Resource-Policy", "same-origin");
    c.header("X-Frame-Options", "DENY");
  };
}
