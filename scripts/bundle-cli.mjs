// `npm run build` (last step): the CLI as one ES module bundle in dist/cli-bundle/, so `megaroth room` starts
// by reading a few files instead of resolving hundreds of modules. Each command is its own chunk, loaded by
// `import()` only when that command runs (src/cli/commands.ts). better-sqlite3 stays external (a native
// addon, loaded from node_modules). The chunks sit beside main.js, one level under dist/, so the server's
// `new URL("../web/", import.meta.url)` still finds the web app in dist/web.
import { rmSync } from "node:fs";
import { build } from "esbuild";

/**
 * commander requires `node:child_process` at load, for executable subcommands (`program.command("x", "desc")`),
 * which megaroth never declares; loading it brings in net, dgram and streams (~3.5 ms of every start). Inside
 * commander only, it resolves to a stand-in that loads the real module on the first spawn.
 */
const lazyChildProcessForCommander = {
  name: "lazy-child-process-for-commander",
  setup(b) {
    b.onResolve({ filter: /^node:child_process$/ }, (args) =>
      /[\\/]node_modules[\\/]commander[\\/]/.test(args.importer)
        ? { path: "lazy-child-process", namespace: "megaroth-shim" }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: "megaroth-shim" }, () => ({
      contents: 'module.exports = { spawn: (...args) => require("node:child_process").spawn(...args) };',
      loader: "js",
    }));
  },
};

const outdir = new URL("../dist/cli-bundle/", import.meta.url).pathname;
rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: [new URL("../src/cli/main.ts", import.meta.url).pathname],
  outdir,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  external: ["better-sqlite3"],
  // CommonJS dependencies bundled into an ES module (papaparse, cli-table3) call `require` for Node's own modules.
  banner: {
    js: 'import { createRequire as __megarothCreateRequire } from "node:module"; const require = __megarothCreateRequire(import.meta.url);',
  },
  chunkNames: "[name]-[hash]",
  sourcemap: true,
  legalComments: "linked",
  logLevel: "warning",
  plugins: [lazyChildProcessForCommander],
});
