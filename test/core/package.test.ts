import { execFileSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// Issue #16 item 1: `npm pack` of @megaroth/core installs into an empty project with no install script and at
// most a few packages, resolves with its types, and runs. The tarball is installed with npm as a user would
// (valibot comes from npm's cache, else the registry). Needs the core built (`npm run build`; `npm test` does).

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const CORE = join(ROOT, "packages/core");
const TSC = join(ROOT, "node_modules/typescript/bin/tsc");
const npm = process.platform === "win32" ? "npm.cmd" : "npm";

interface Manifest {
  name: string;
  version: string;
  engines?: { node?: string };
  scripts?: Record<string, string>;
  exports?: Record<string, unknown>;
  files?: string[];
  dependencies?: Record<string, string>;
}

const readJson = (path: string): Manifest => JSON.parse(readFileSync(path, "utf8")) as Manifest;

/** The lowest Node version a `>=X.Y[.Z]` range admits, as [major, minor, patch]; other forms are refused. */
function lowestNode(range: string): [number, number, number] {
  const m = /^>=\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(range.trim());
  if (!m) throw new Error(`engines.node "${range}" is not a ">=X.Y" range`);
  return [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)];
}
const atLeast = (a: number[], b: number[]) => {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return (a[i] ?? 0) > (b[i] ?? 0);
  return true;
};

let work: string;
let project: string;
let installed: string[];

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "megaroth-pack-"));
  const out = execFileSync(npm, ["pack", "--json", "--pack-destination", work], {
    cwd: CORE,
    encoding: "utf8",
  });
  const [{ filename }] = JSON.parse(out) as [{ filename: string }];
  project = join(work, "project");
  mkdirSync(project);
  writeFileSync(
    join(project, "package.json"),
    JSON.stringify({ name: "empty", private: true, type: "module" }),
  );
  execFileSync(
    npm,
    ["install", "--prefer-offline", "--no-audit", "--no-fund", "--foreground-scripts", join(work, filename)],
    { cwd: project, encoding: "utf8", env: { ...process.env, npm_config_loglevel: "error" } },
  );
  installed = manifestsUnder(join(project, "node_modules"));
}, 120_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

/** Every installed package's package.json path under node_modules (scoped and nested). */
function manifestsUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    if (name.startsWith(".")) return [];
    if (name.startsWith("@")) return manifestsUnder(join(dir, name));
    const manifest = join(dir, name, "package.json");
    return existsSync(manifest) ? [manifest, ...manifestsUnder(join(dir, name, "node_modules"))] : [];
  });
}

describe("npm pack of @megaroth/core", () => {
  it("installs at most 3 packages (the core and valibot's two), none with an install script", () => {
    const names = installed.map((m) => readJson(m).name).sort();
    expect(names).toEqual(["@megaroth/core", "@valibot/to-json-schema", "valibot"]);
    for (const m of installed) {
      const { name, scripts = {} } = readJson(m);
      for (const hook of ["preinstall", "install", "postinstall", "prepare"])
        expect(scripts[hook], `${name} has a ${hook} script`).toBeUndefined();
    }
  });

  it("has types in every export, and the declared files exist in the tarball", () => {
    const dir = join(project, "node_modules/@megaroth/core");
    const manifest = readJson(join(dir, "package.json"));
    for (const [entry, target] of Object.entries(manifest.exports ?? {})) {
      if (entry === "./package.json") continue;
      const t = target as { types?: string; default?: string };
      expect(t.types, `exports["${entry}"].types`).toBeDefined();
      expect(existsSync(join(dir, t.types!)), t.types).toBe(true);
      expect(existsSync(join(dir, t.default!)), t.default).toBe(true);
    }
    for (const file of ["README.md", "LICENSE"]) expect(existsSync(join(dir, file)), file).toBe(true);
  });

  it("ships every file its source maps point to", () => {
    const dir = join(project, "node_modules/@megaroth/core");
    const maps = (sub: string): string[] =>
      readdirSync(join(dir, sub), { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? maps(join(sub, e.name)) : e.name.endsWith(".map") ? [join(sub, e.name)] : [],
      );
    const all = maps("dist");
    expect(all.length).toBeGreaterThan(0);
    for (const map of all) {
      const { sources } = JSON.parse(readFileSync(join(dir, map), "utf8")) as { sources: string[] };
      for (const source of sources)
        expect(existsSync(join(dir, map, "..", source)), `${map} → ${source}`).toBe(true);
    }
  });

  it("asks for a Node at least as new as its dependencies and its own code need", () => {
    const core = readJson(join(project, "node_modules/@megaroth/core/package.json"));
    // JSON modules imported `with { type: "json" }` (the figures data) need import attributes: Node 20.10.
    const own = lowestNode(core.engines?.node ?? ">=0");
    expect(atLeast(own, [20, 10, 0]), `engines.node ${core.engines?.node}`).toBe(true);
    for (const m of installed) {
      const { name, engines } = readJson(m);
      if (engines?.node)
        expect(atLeast(own, lowestNode(engines.node)), `${name} needs ${engines.node}`).toBe(true);
    }
  });

  it("runs in plain Node and type-checks for a TypeScript caller", () => {
    const script = [
      'import { cents, contributionRoom, dollars } from "@megaroth/core";',
      'import { figure } from "@megaroth/core/typed";',
      "const r = contributionRoom({ year: 2026, age: 55, compensation: dollars(300000), deferrals: dollars(32500),",
      '  match: "100%@3%,50%@2%", priorYearFicaWages: dollars(200000) });',
      "const m: string = r.afterTaxRoom.toString();",
      'console.log(m, cents(1).cents, figure("annualAdditionsLimit", 2026));',
    ].join("\n");
    writeFileSync(join(project, "use.ts"), script);
    writeFileSync(join(project, "use.mjs"), script.replace("const m: string", "const m"));
    const run = execFileSync(process.execPath, ["use.mjs"], { cwd: project, encoding: "utf8" });
    expect(run.trim()).toBe("$35,500.00 1 72000");
    execFileSync(
      process.execPath,
      [
        TSC,
        "--noEmit",
        "--strict",
        "--module",
        "nodenext",
        "--moduleResolution",
        "nodenext",
        "--target",
        "es2022",
        "use.ts",
      ],
      { cwd: project, encoding: "utf8" },
    );
  }, 120_000);
});
