import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type BrowserContext, chromium, type Page, type Request } from "playwright-core";
import { build } from "vite";

/**
 * The end-to-end harness: builds the web app as `npm start` does, runs the built CLI's `megaroth serve` on a
 * free port with a temporary ledger database, and drives Debian's chromium (playwright-core, no downloaded
 * browser) with a fresh profile. Every request the page makes is recorded to prove none leaves the machine.
 */
const ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const ARTIFACTS = join(ROOT, "test-artifacts");
/** Where `npm run build:web` (src/web/vite.config.ts) puts the app that `megaroth serve` serves. */
export const DIST_WEB = join(ROOT, "dist/web");

export async function buildWebApp(): Promise<void> {
  await build({ configFile: join(ROOT, "src/web/vite.config.ts"), logLevel: "warn" });
}

export interface ServeProcess {
  readonly url: string;
  readonly dbPath: string;
  stop(): Promise<void>;
}

export async function startServe(): Promise<ServeProcess> {
  const dir = mkdtempSync(join(tmpdir(), "megaroth-e2e-db-"));
  const dbPath = join(dir, "ledger.sqlite");
  const child = spawn(
    process.execPath,
    [join(ROOT, "bin/megaroth.js"), "serve", "--port", "0", "--db", dbPath],
    {
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    let err = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const match = /http:\/\/127\.0\.0\.1:\d+\//.exec(out);
      if (match) resolve(match[0]);
    });
    child.stderr.on("data", (chunk: Buffer) => {
      err += chunk.toString();
    });
    child.once("exit", (code) => reject(new Error(`megaroth serve exited ${code}: ${err}`)));
  });
  return {
    url,
    dbPath,
    stop: () => stopChild(child).then(() => rmSync(dir, { recursive: true, force: true })),
  };
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}

const CHROMIUM = "/usr/bin/chromium";

export interface Browser {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Every URL the browser requested, in order. */
  readonly requests: string[];
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} is missing: install it with \`sh scripts/ensure-chromium.sh\``);
  const profile = mkdtempSync(join(tmpdir(), "megaroth-e2e-profile-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  const requests: string[] = [];
  context.on("request", (request: Request) => {
    requests.push(request.url());
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    requests,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** True for a request that stays on this machine: the loopback server, or in-page data/blob URLs. */
export function isLocalRequest(url: string): boolean {
  const parsed = new URL(url);
  if (parsed.protocol === "data:" || parsed.protocol === "blob:" || url === "about:blank") return true;
  return (parsed.protocol === "http:" || parsed.protocol === "ws:") && parsed.hostname === "127.0.0.1";
}

const AXE_SOURCE = readFileSync(join(ROOT, "node_modules/axe-core/axe.min.js"), "utf8");

export interface AxeViolation {
  readonly id: string;
  readonly help: string;
  readonly nodes: readonly { readonly target: readonly string[] }[];
}

/**
 * Runs axe-core on the page as it is now. axe is evaluated through the DevTools protocol, since the page's
 * Content-Security-Policy (rightly) refuses an injected inline script.
 */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const axe = (
      globalThis as unknown as {
        axe: { run: (ctx: Document, opts: object) => Promise<{ violations: AxeViolation[] }> };
      }
    ).axe;
    const result = await axe.run(document, { resultTypes: ["violations"] });
    return result.violations.map((v) => ({
      id: v.id,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target })),
    }));
  });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}
