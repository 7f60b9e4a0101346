import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// Issue #16 item 5: the megaroth package ships its LICENSE, the docs its --help points to, and every file its
// source maps name. Reads `npm pack --dry-run` (scripts off: no build); needs the app built (`npm run build`).

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const npm = process.platform === "win32" ? "npm.cmd" : "npm";

const packed = (): Set<string> => {
  const out = execFileSync(npm, ["pack", "--dry-run", "--json", "--ignore-scripts"], {
    cwd: ROOT,
    encoding: "utf8",
  });
  const [{ files }] = JSON.parse(out) as [{ files: { path: string }[] }];
  return new Set(files.map((f) => f.path));
};

describe("the megaroth package", () => {
  const files = packed();

  it("ships LICENSE and README", () => {
    expect(files.has("LICENSE")).toBe(true);
    expect(files.has("README.md")).toBe(true);
    expect(readFileSync(join(ROOT, "LICENSE"), "utf8")).toMatch(/^MIT License/);
  });

  it("ships every docs/ file a --help or a message names", () => {
    const named = new Set<string>();
    for (const file of [...files].filter((f) => f.startsWith("dist/") && f.endsWith(".js")))
      for (const m of readFileSync(join(ROOT, file), "utf8").matchAll(/docs\/[\w.-]+\.(?:md|csv)/g))
        named.add(m[0]);
    expect(named.size).toBeGreaterThan(0);
    for (const doc of named) expect(files.has(doc), doc).toBe(true);
  });

  it("ships every source a shipped source map points to", () => {
    const maps = [...files].filter((f) => f.endsWith(".map"));
    expect(maps.length).toBeGreaterThan(0);
    for (const map of maps) {
      const { sources, sourcesContent } = JSON.parse(readFileSync(join(ROOT, map), "utf8")) as {
        sources: string[];
        sourcesContent?: (string | null)[];
      };
      sources.forEach((source, i) => {
        if (typeof sourcesContent?.[i] === "string") return; // the map carries the source itself
        const path = normalize(join(dirname(map), source));
        expect(files.has(path), `${map} → ${path}`).toBe(true);
      });
    }
  });
});
