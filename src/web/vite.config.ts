import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

const webDir = fileURLToPath(new URL(".", import.meta.url));

/** Builds the browser app into dist/web, which the local server (src/server) serves. No CDN, no inline script. */
export default defineConfig({
  root: webDir,
  base: "./",
  publicDir: false,
  build: {
    outDir: fileURLToPath(new URL("../../dist/web", import.meta.url)),
    emptyOutDir: true,
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    target: "es2022",
    reportCompressedSize: true,
  },
  worker: { format: "es" },
});
