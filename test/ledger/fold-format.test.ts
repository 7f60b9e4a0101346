import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { FOLD_FORMAT } from "../../src/ledger-store/fold-format.js";
import { MEGAROTH_VERSION } from "../../src/version.js";

const ROOT = new URL("../../", import.meta.url).pathname;

function filesUnder(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)));
}

/** The digest fold-format.ts describes: each file's path, a NUL, its bytes, a NUL — files in path order. */
function foldCodeDigest(): string {
  const files = [...filesUnder("packages/core/src"), ...filesUnder("src/ledger-store")]
    .filter((file) => file !== "src/ledger-store/fold-format.ts")
    .sort();
  const hash = createHash("sha256");
  for (const file of files)
    hash
      .update(`${file}\0`)
      .update(readFileSync(join(ROOT, file)))
      .update("\0");
  return hash.digest("hex");
}

describe("what a saved fold is keyed to", () => {
  it("FOLD_FORMAT is the digest of the code that makes the saved fold (a change to it makes balances refold)", () => {
    const digest = foldCodeDigest();
    expect(
      FOLD_FORMAT,
      `the core or the ledger store changed: set FOLD_FORMAT in src/ledger-store/fold-format.ts to "${digest}"`,
    ).toBe(digest);
  });

  it("megaroth's version is package.json's", () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string };
    expect(MEGAROTH_VERSION).toBe(pkg.version);
  });
});
