import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import fc from "fast-check";
import { Hono } from "hono";
import { afterAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/server/app.js";
import { CONTENT_SECURITY_POLICY, isLoopbackHost } from "../../src/server/security.js";
import { startServer } from "../../src/server/start.js";

const PORT = 5177;
const assetsDir = mkdtempSync(join(tmpdir(), "megaroth-web-"));
writeFileSync(join(assetsDir, "index.html"), "<!doctype html><title>t</title>");
afterAll(() => rmSync(assetsDir, { recursive: true, force: true }));

/** An app with one echo write route, to see which requests reach a handler. */
function appWithEcho(maxBodyBytes?: number) {
  const api = new Hono();
  let reached = 0;
  api.on(["POST", "PUT", "DELETE", "PATCH"], "/echo", async (c) => {
    reached++;
    const body = await c.req.text();
    return c.json({ length: body.length });
  });
  api.get("/boom", () => {
    throw new Error("SQLITE_CORRUPT: database disk image is malformed");
  });
  const app = createApp({ assetsDir, port: () => PORT, api, ...(maxBodyBytes ? { maxBodyBytes } : {}) });
  return { app, reached: () => reached };
}

const ORIGIN = `http://127.0.0.1:${PORT}`;

function get(app: Hono, path: string, host = `127.0.0.1:${PORT}`) {
  return app.request(`http://127.0.0.1:${PORT}${path}`, { headers: { host } });
}

describe("Host header check (DNS rebinding)", () => {
  it.each([`127.0.0.1:${PORT}`, `localhost:${PORT}`, `LOCALHOST:${PORT}`, `[::1]:${PORT}`])(
    "serves Host %s",
    async (host) => {
      const res = await get(appWithEcho().app, "/index.html", host);
      expect(res.status).toBe(200);
    },
  );

  it.each([
    `evil.example:${PORT}`,
    "evil.example",
    `127.0.0.1:${PORT + 1}`,
    `127.0.0.1.evil.example:${PORT}`,
    `localhost.:${PORT}`,
    `0.0.0.0:${PORT}`,
    `192.168.1.10:${PORT}`,
    "",
  ])("refuses Host %j with 421 before any route runs", async (host) => {
    const { app, reached } = appWithEcho();
    const res = await app.request(`http://127.0.0.1:${PORT}/api/echo`, {
      method: "POST",
      headers: { host, "content-type": "application/json", origin: ORIGIN },
      body: "{}",
    });
    expect(res.status).toBe(421);
    expect(reached()).toBe(0);
  });

  it("accepts only loopback names on the server's own port (property)", () => {
    fc.assert(
      fc.property(fc.domain(), fc.integer({ min: 1, max: 65535 }), (name, port) => {
        expect(isLoopbackHost(`${name}:${port}`, PORT)).toBe(name === "localhost" && port === PORT);
      }),
    );
  });
});

describe("Content-Security-Policy and other headers", () => {
  it("sets the CSP on pages, API answers, errors and refusals", async () => {
    const { app } = appWithEcho();
    const responses = [
      await get(app, "/index.html"),
      await get(app, "/api/health"),
      await get(app, "/api/nothing-here"),
      await get(app, "/missing.js"),
      await get(app, "/", "evil.example"),
    ];
    for (const res of responses) {
      expect(res.headers.get("content-security-policy")).toBe(CONTENT_SECURITY_POLICY);
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("x-frame-options")).toBe("DENY");
    }
    expect(responses.map((r) => r.status)).toEqual([200, 200, 404, 404, 421]);
  });

  it("allows no inline script, no other origin and no framing", () => {
    const directives = new Map(
      CONTENT_SECURITY_POLICY.split(";").map((d) => {
        const [name = "", ...values] = d.trim().split(/\s+/);
        return [name, values] as const;
      }),
    );
    expect(directives.get("default-src")).toEqual(["'none'"]);
    expect(directives.get("script-src")).toEqual(["'self'"]);
    expect(directives.get("connect-src")).toEqual(["'self'"]);
    expect(directives.get("frame-ancestors")).toEqual(["'none'"]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-inline|unsafe-eval|https?:|\*/);
  });
});

describe("cross-origin writes", () => {
  function post(app: Hono, headers: Record<string, string>, body = "{}") {
    return app.request(`http://127.0.0.1:${PORT}/api/echo`, {
      method: "POST",
      headers: { host: `127.0.0.1:${PORT}`, "content-type": "application/json", ...headers },
      body,
    });
  }

  it("accepts a same-origin JSON write", async () => {
    const { app, reached } = appWithEcho();
    const res = await post(app, { origin: ORIGIN, "sec-fetch-site": "same-origin" });
    expect(res.status).toBe(200);
    expect(reached()).toBe(1);
  });

  it.each(["PUT", "DELETE", "PATCH"])("refuses a cross-origin %s as it refuses a POST", async (method) => {
    const { app, reached } = appWithEcho();
    const refused: Record<string, string>[] = [
      { origin: "http://evil.example" },
      { "sec-fetch-site": "cross-site" },
    ];
    for (const headers of refused) {
      const res = await app.request(`${ORIGIN}/api/echo`, {
        method,
        headers: { host: `127.0.0.1:${PORT}`, "content-type": "application/json", ...headers },
        body: "{}",
      });
      expect(res.status).toBe(403);
    }
    const same = await app.request(`${ORIGIN}/api/echo`, {
      method,
      headers: { host: `127.0.0.1:${PORT}`, "content-type": "application/json", origin: ORIGIN },
      body: "{}",
    });
    expect(same.status).toBe(200);
    expect(reached()).toBe(1);
  });

  it.each([
    [{ origin: "http://evil.example" }, 403],
    [{ origin: `http://127.0.0.1:${PORT + 1}` }, 403],
    [{ origin: "null" }, 403],
    [{ "sec-fetch-site": "cross-site" }, 403],
    [{ "sec-fetch-site": "same-site" }, 403],
    [{ origin: ORIGIN, "content-type": "text/plain" }, 415],
    [{ origin: ORIGIN, "content-type": "application/x-www-form-urlencoded" }, 415],
    [{ origin: ORIGIN, "content-type": "multipart/form-data; boundary=x" }, 415],
  ] as const)("refuses %j with %i and runs no handler", async (headers, status) => {
    const { app, reached } = appWithEcho();
    const res = await post(app, headers);
    expect(res.status).toBe(status);
    expect(reached()).toBe(0);
  });
});

describe("internal errors", () => {
  it("answer 500 with the CSP and the error's one-line message, never its stack", async () => {
    const { app } = appWithEcho();
    const res = await get(app, "/api/boom");
    expect(res.status).toBe(500);
    expect(res.headers.get("content-security-policy")).toBe(CONTENT_SECURITY_POLICY);
    const body = (await res.json()) as { error: string };
    expect(body.error).toMatch(/^internal error: SQLITE_CORRUPT/);
    expect(JSON.stringify(body)).not.toMatch(/\\n|\bat \S+:\d+|server\.test\.ts/);
  });
});

describe("body size limit", () => {
  it("refuses a body over the limit with 413, by Content-Length or by counting a stream", async () => {
    const { app, reached } = appWithEcho(1024);
    const headers = { host: `127.0.0.1:${PORT}`, "content-type": "application/json", origin: ORIGIN };
    const ok = await app.request(`${ORIGIN}/api/echo`, { method: "POST", headers, body: "x".repeat(1024) });
    expect(ok.status).toBe(200);
    const big = await app.request(`${ORIGIN}/api/echo`, { method: "POST", headers, body: "x".repeat(1025) });
    expect(big.status).toBe(413);
    const stream = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 4; i++) controller.enqueue(new TextEncoder().encode("y".repeat(400)));
        controller.close();
      },
    });
    const chunked = await app.request(`${ORIGIN}/api/echo`, {
      method: "POST",
      headers: { ...headers, "transfer-encoding": "chunked" },
      body: stream,
      duplex: "half",
    } as RequestInit);
    expect(chunked.status).toBe(413);
    expect(reached()).toBe(1);
  });
});

describe("the listening server", () => {
  it("binds 127.0.0.1 only and refuses a rebinding Host over a real socket", async () => {
    const server = await startServer({ port: 0, assetsDir });
    try {
      expect(server.url).toBe(`http://127.0.0.1:${server.port}/`);
      const status = (host: string, path = "/") =>
        new Promise<number>((resolve, reject) => {
          const req = request({ host: "127.0.0.1", port: server.port, path, headers: { host } }, (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          });
          req.on("error", reject);
          req.end();
        });
      expect(await status(`127.0.0.1:${server.port}`)).toBe(200);
      expect(await status(`attacker.example:${server.port}`)).toBe(421);
      for (const path of ["/../../etc/passwd", "/..%2f..%2fetc%2fpasswd", "/%2e%2e/%2e%2e/etc/passwd"]) {
        expect(await status(`127.0.0.1:${server.port}`, path)).toBe(404);
      }
      const secret = `${assetsDir}-secret.txt`;
      writeFileSync(secret, "secret");
      try {
        const name = basename(secret);
        for (const path of [
          `/../${name}`,
          `/%2e%2e/${name}`,
          `/%2E%2E%2F${name}`,
          `/..%5c${name}`,
          `/%2e%2e%5c${name}`,
          `/.%2e/${name}`,
          `/%252e%252e/${name}`,
        ]) {
          expect([400, 404]).toContain(await status(`127.0.0.1:${server.port}`, path));
        }
      } finally {
        rmSync(secret, { force: true });
      }
    } finally {
      await server.close();
    }
  });
});
