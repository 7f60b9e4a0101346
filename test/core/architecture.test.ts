import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const CORE = fileURLToPath(new URL("../../packages/core/src/", import.meta.url));
const APP = fileURLToPath(new URL("../../src/", import.meta.url));

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return tsFiles(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

const IMPORT = /(?:import|export)\s[^'"]*?from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;

function importsOf(file: string): string[] {
  // Doc comments may show a caller's import (`@example`); only code counts.
  const code = readFileSync(file, "utf8").replace(/\/\*[\s\S]*?\*\//g, "");
  return [...code.matchAll(IMPORT)].map((m) => (m[1] ?? m[2])!);
}

// STYLE.md: IRS figures (data) → rules (pure) → faces. The rules must run unchanged in a browser.
describe("architecture", () => {
  const rules = tsFiles(CORE);
  const faces = tsFiles(APP);

  it("the rules and data import no Node built-ins and no face", () => {
    for (const file of rules) {
      for (const spec of importsOf(file)) {
        const where = `${relative(CORE, file)} imports ${spec}`;
        expect(spec.startsWith("node:"), where).toBe(false);
        expect(
          ["fs", "path", "os", "child_process", "better-sqlite3", "commander"].includes(spec),
          where,
        ).toBe(false);
        expect(/(^|\/)(cli|web|server|ledger-store|batch)\//.test(spec), where).toBe(false);
        expect(
          spec.startsWith(".") || spec === "valibot" || spec === "@valibot/to-json-schema",
          `${where}: the core depends on valibot alone`,
        ).toBe(true);
      }
    }
  });

  // The app depends on @megaroth/core as any other caller would: through its public API only.
  it("the faces reach the core only through @megaroth/core", () => {
    for (const file of faces) {
      for (const spec of importsOf(file)) {
        const where = `${relative(APP, file)} imports ${spec}`;
        const reachesIn = spec.startsWith("@megaroth/")
          ? !["@megaroth/core", "@megaroth/core/typed"].includes(spec)
          : /packages\/core|(^|\/)(core|data|rules)\//.test(spec);
        expect(reachesIn, where).toBe(false);
      }
    }
  });

  it("the rules read no clock and no environment", () => {
    for (const file of rules) {
      const text = readFileSync(file, "utf8");
      expect(/\bDate\.now\(|new Date\(\)|process\.env|Math\.random\(/.test(text), relative(CORE, file)).toBe(
        false,
      );
    }
  });
});
