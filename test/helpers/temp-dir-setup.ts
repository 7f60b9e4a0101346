import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * Issue #16 item 5: the test suite leaves nothing behind in the temp directory. Every test runs with TMPDIR
 * set to a fresh directory (workers inherit it); after the run, anything left in it fails the run, naming it.
 */
let dir: string | undefined;

export function setup(): void {
  dir = mkdtempSync(join(tmpdir(), "megaroth-tests-"));
  process.env.TMPDIR = dir;
}

export function teardown(): void {
  if (!dir) return;
  const left = readdirSync(dir);
  rmSync(dir, { recursive: true, force: true });
  if (left.length > 0)
    throw new Error(`tests left ${left.length} file(s) in the temp directory: ${left.sort().join(", ")}`);
}
