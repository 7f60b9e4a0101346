import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { serve } from "@hono/node-server";
import type { Hono } from "hono";
import { createApp } from "./app.js";

/** The built web app, next to this module in dist/ (dist/server → dist/web). */
export const BUILT_WEB_DIR = fileURLToPath(new URL("../web/", import.meta.url));

export const DEFAULT_PORT = 5177;
/** The server only ever listens on the loopback interface. */
export const LOOPBACK = "127.0.0.1";

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

export interface StartOptions {
  /** 0 picks a free port. */
  readonly port: number;
  readonly assetsDir?: string;
  readonly api?: Hono;
  readonly maxBodyBytes?: number;
}

/** Starts the local server on 127.0.0.1 and resolves once it listens. */
export function startServer(options: StartOptions): Promise<RunningServer> {
  let port = options.port;
  const app = createApp({
    assetsDir: options.assetsDir ?? BUILT_WEB_DIR,
    port: () => port,
    ...(options.api ? { api: options.api } : {}),
    ...(options.maxBodyBytes ? { maxBodyBytes: options.maxBodyBytes } : {}),
  });
  return new Promise((resolve, reject) => {
    const server = serve(
      { fetch: app.fetch, port: options.port, hostname: LOOPBACK },
      (info: AddressInfo) => {
        port = info.port;
        resolve({
          url: `http://${LOOPBACK}:${port}/`,
          port,
          close: () =>
            new Promise<void>((done, fail) => {
              server.close((error) => (error ? fail(error) : done()));
              if ("closeAllConnections" in server) server.closeAllConnections();
            }),
        });
      },
    );
    server.once("error", reject);
  });
}
