import { buildWebApp } from "../web/browser.js";

/**
 * Vitest global setup: builds the web app once, before any test file runs. The browser tests run in parallel
 * processes against dist/web; building it from each of them could empty the folder under a running server.
 */
export default async function setup(): Promise<void> {
  await buildWebApp();
}
