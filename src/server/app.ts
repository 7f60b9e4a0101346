import { existsSync } from "node:fs";
import { serveStatic } from "@hono/node-server/serve-static";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";
import { LedgerEnvironmentError, LedgerStoreError } from "../ledger-store/store-errors.js";
import { rejectCrossOriginWrites, requireLoopbackHost, securityHeaders } from "./security.js";

export interface AppOptions {
  /** The directory holding the built web app (index.html and assets/). */
  readonly assetsDir: string;
  /** The port the server listens on, read per request (known only once listening when port 0 is asked). */
  readonly port: () => number;
  /** Routes mounted under /api (the ledger's JSON API). */
  readonly api?: Hono;
  /** Largest request body accepted, in bytes (a ledger CSV import is the largest body there is). */
  readonly maxBodyBytes?: number;
}

export const DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024;

/** The local web server: security checks first, then the JSON API, then the built web app's files. */
export function createApp(options: AppOptions): Hono {
  const app = new Hono();
  const maxSize = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  app.use("*", securityHeaders());
  // TRACE (and its alias TRACK) would echo the request back: never allowed
  app.use("*", async (c, next) => {
    if (c.req.method === "TRACE" || c.req.method === "TRACK") {
      c.header("Allow", "GET, HEAD, POST, PUT, DELETE, OPTIONS");
      return c.json({ error: `method ${c.req.method} is not allowed` }, 405);
    }
    await next();
  });
  // the API's answers are the user's ledger: never kept by a cache
  app.use("/api/*", async (c, next) => {
    await next();
    c.header("Cache-Control", "no-store");
  });
  app.use("*", requireLoopbackHost(options.port));
  app.use("*", rejectCrossOriginWrites(options.port));
  app.use(
    "*",
    bodyLimit({
      maxSize,
      onError: (c) => c.json({ error: `request body larger than ${maxSize} bytes refused` }, 413),
    }),
  );
  app.get("/api/health", (c) => c.json({ ok: true }));
  if (options.api) app.route("/api", options.api);
  app.all("/api/*", (c) => c.json({ error: `no such API route: ${c.req.method} ${c.req.path}` }, 404));
  if (!existsSync(options.assetsDir)) {
    throw new Error(`the web app is not built (${options.assetsDir} is missing): run \`npm run build:web\``);
  }
  app.use("*", serveStatic({ root: options.assetsDir }));
  app.notFound((c) => c.json({ error: "not found" }, 404));
  app.onError((error, c) => {
    if (error instanceof HTTPException) return error.getResponse();
    // the machine's failure (read-only, disk full, damaged file): 503, the message without the file's path
    if (error instanceof LedgerEnvironmentError) return c.json({ error: error.publicMessage }, 503);
    if (error instanceof LedgerStoreError)
      return c.json({ error: `the ledger cannot be read: ${stripPaths(error.message)}` }, 503);
    return c.json({ error: `internal error: ${error.message}` }, 500);
  });
  return app;
}

/** A message without any file path in it (" in /x/y.sqlite" and other absolute paths dropped). */
function stripPaths(message: string): string {
  return message.replace(/ in (\/|[A-Za-z]:\\)\S+/g, "").replace(/(\/|[A-Za-z]:\\)\S+/g, "the ledger file");
}
