import { readFileSync } from "node:fs";

/**
 * The hand-computed golden cases (a copy of ../shared/reference/golden/cases.json kept in the repo so a clean
 * clone tests the same figures).
 */
export interface GoldenCase {
  readonly id: string;
  readonly description: string;
  readonly inputs: Record<string, unknown>;
  readonly expected: Record<string, unknown>;
  readonly source_or_derivation?: unknown;
}

const ALL = JSON.parse(
  readFileSync(new URL("../golden/cases.json", import.meta.url), "utf8"),
) as GoldenCase[];

/** Every case whose id starts with one of the kinds (e.g. "ROOM" → ROOM-01, ROOM-04b …). */
export function goldenCases(...kinds: string[]): GoldenCase[] {
  const cases = ALL.filter((c) => kinds.includes(c.id.split("-")[0]!));
  if (cases.length === 0) throw new Error(`no golden cases of kind ${kinds.join(", ")}`);
  return cases;
}
