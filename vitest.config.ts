import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const core = (file: string) => fileURLToPath(new URL(`./packages/core/src/${file}`, import.meta.url));

export default defineConfig({
  // Tests run the core from source, the same code its package builds.
  resolve: {
    alias: [
      { find: /^@megaroth\/core\/typed$/, replacement: core("typed.ts") },
      { find: /^@megaroth\/core$/, replacement: core("index.ts") },
    ],
  },
  test: {
    include: ["test/**/*.test.ts", "test/**/*.test.tsx"],
    testTimeout: 30_000,
    pool: "forks",
    // a fresh TMPDIR for the run, and whatever a test leaves in it fails the run (test/helpers/temp-dir-setup.ts);
    // the web app built once for the browser tests (test/helpers/web-build-setup.ts)
    globalSetup: ["test/helpers/temp-dir-setup.ts", "test/helpers/web-build-setup.ts"],
  },
});
