import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { rothCatchUpRule } from "../../packages/core/src/rules/catch-up.js";
import { hceCompensationThreshold } from "../../packages/core/src/rules/hce.js";
import type { Cents } from "../../packages/core/src/rules/money/cents.js";
import type { BasisPoints } from "../../packages/core/src/rules/money/percent.js";
import { planFile } from "../../src/batch/batch-file.js";
import { CsvWriter, csvDollars, csvField } from "../../src/batch/csv-writer.js";
import { IdSet } from "../../src/batch/id-set.js";

/**
 * The batch's fast paths against their reference paths: the CSV of `contributionRoom` with steps and messages
 * against the one without, digits written into a buffer against `String`/`csvDollars`/`csvField`, the typed-array
 * id set against `Set`. Random participant files (fast-check) and the documented example.
 */
const dir = mkdtempSync(join(tmpdir(), "megaroth-fast-paths-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

class Collect extends Writable {
  chunks: Buffer[] = [];
  override _write(chunk: Buffer, _: string, done: () => void) {
    this.chunks.push(Buffer.from(chunk));
    done();
  }
  text() {
    return Buffer.concat(this.chunks).toString("utf8");
  }
}

async function written(write: (w: CsvWriter) => void): Promise<string> {
  const out = new Collect();
  const w = new CsvWriter(out);
  write(w);
  await w.end();
  return out.text();
}

describe("CsvWriter digits", () => {
  it("writes integers as String(n) and money as csvDollars, across flushes", async () => {
    const safe = fc.oneof(
      fc.integer({ min: -1_000_000, max: 1_000_000 }),
      fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }),
      fc.constantFrom(0, 9, 10, 99, 100, 2 ** 31 - 1, 2 ** 31, 2 ** 32 + 5, Number.MAX_SAFE_INTEGER),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(safe, { minLength: 1, maxLength: 4_000 }), async (values) => {
        const got = await written((w) => {
          for (const v of values)
            w.integer(v)
              .comma()
              .dollars(v as Cents)
              .endRow();
        });
        expect(got).toBe(values.map((v) => `${v},${csvDollars(v as Cents)}\n`).join(""));
      }),
      { numRuns: 60 },
    );
  });

  it("writes a field as csvField does (quotes, edge spaces, non-ASCII, long text)", async () => {
    const text = fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.string({ unit: "binary", maxLength: 12 }),
      fc.constantFrom("E001", " E1", "a,b", 'say "hi"', "a\nb", "é", "\u00a0x", "x".repeat(300)),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(text, { maxLength: 500 }), async (values) => {
        const got = await written((w) => {
          for (const v of values) w.field(v).endRow();
        });
        expect(got).toBe(values.map((v) => `${csvField(v)}\n`).join(""));
      }),
      { numRuns: 100 },
    );
  });
});

describe("IdSet", () => {
  it("answers as a Set<string> does", () => {
    const id = fc.oneof(fc.string({ maxLength: 3 }), fc.string({ unit: "binary", maxLength: 5 }));
    fc.assert(
      fc.property(fc.array(id, { maxLength: 3_000 }), (ids) => {
        const set = new Set<string>();
        const fast = new IdSet();
        for (const x of ids) {
          const isNew = !set.has(x);
          set.add(x);
          expect(fast.add(x)).toBe(isNew);
        }
        expect(fast.size).toBe(set.size);
      }),
      { numRuns: 200 },
    );
  });

  it("answers as a Set<string> does for ids in order, then out of order (a sorted file, then a repeat)", () => {
    const id = fc.oneof(fc.string({ maxLength: 4 }), fc.string({ unit: "binary", maxLength: 5 }));
    fc.assert(
      fc.property(
        fc.array(id, { maxLength: 3_000 }),
        fc.array(id, { maxLength: 300 }),
        fc.nat(),
        (head, tail, at) => {
          // A run in increasing order (repeats and all, as sort gives them), then ids repeated from it and new ones.
          const sorted = [...head].sort();
          const repeats = head.length === 0 ? [] : [head[at % head.length]!, sorted[sorted.length - 1]!];
          const ids = [...sorted, ...repeats, ...tail, ...sorted.slice(0, 50)];
          const set = new Set<string>();
          const fast = new IdSet();
          for (const x of ids) {
            const isNew = !set.has(x);
            set.add(x);
            expect(fast.add(x)).toBe(isNew);
          }
          expect(fast.size).toBe(set.size);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("finds a repeat of the first id after 100,000 ids in order, and each later repeat", () => {
    const fast = new IdSet();
    const ids = Array.from({ length: 100_000 }, (_, i) => `E${String(i).padStart(7, "0")}`);
    for (const x of ids) expect(fast.add(x)).toBe(true);
    expect(fast.add("E0000000")).toBe(false);
    expect(fast.add("E0099999")).toBe(false);
    expect(fast.add("E0100000")).toBe(true);
    expect(fast.add("E0050000")).toBe(false);
    expect(fast.size).toBe(100_001);
  });
});

const money = (max: number) =>
  fc.integer({ min: 0, max }).map((c) => `${Math.floor(c / 100)}.${String(c % 100).padStart(2, "0")}`);
type RowOf<A> = A extends fc.Arbitrary<infer T> ? T : never;
const rowArb = fc.record({
  id: fc.oneof(
    fc.string({ minLength: 1, maxLength: 6 }).filter((s) => s.trim() !== "" && !/[\r\n"]/.test(s)),
    fc.constantFrom("E1", "Smith, Jo"),
  ),
  compensation: money(60_000_000),
  prior: money(60_000_000),
  owner: fc.constantFrom("true", "false", "yes", "0"),
  deferrals: money(5_000_000),
  match: money(2_000_000),
  afterTax: money(6_000_000),
  age: fc.oneof(fc.integer({ min: 18, max: 90 }).map(String), fc.constantFrom("", "17", "x")),
  fica: fc.oneof(fc.constant(""), money(40_000_000)),
  other: fc.oneof(fc.constant(""), money(3_000_000)),
});

function participantFile(rows: readonly RowOf<typeof rowArb>[], name: string): string {
  const head =
    "id,compensation,prior_year_compensation,five_percent_owner,deferrals,match,after_tax,age,prior_year_fica_wages,other_employer_deferrals";
  const q = (s: string) => (/[",]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);
  const lines = rows.map((r) =>
    [
      q(r.id),
      r.compensation,
      r.prior,
      r.owner,
      r.deferrals,
      r.match,
      r.afterTax,
      r.age,
      r.fica,
      r.other,
    ].join(","),
  );
  const file = join(dir, name);
  writeFileSync(file, `${head}\n${lines.join("\n")}\n`);
  return file;
}

async function batchOutput(
  file: string,
  year: number,
  match: "formula" | "file",
  explain: boolean,
): Promise<string> {
  const out = new Collect();
  await planFile(
    file,
    {
      year,
      match: match === "formula" ? [{ rateBp: 10_000 as BasisPoints, upToBp: 400 as BasisPoints }] : null,
      nonelectiveBp: 300 as BasisPoints,
      afterTaxCap: null,
      planOffersRoth: true,
      hceThreshold: hceCompensationThreshold(year),
    },
    out,
    5,
    explain,
  );
  return out.text();
}

describe("batch without steps", () => {
  it("writes the same CSV as with steps and messages (random participant files)", async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(rowArb, { minLength: 1, maxLength: 80 }),
        fc.constantFrom(2024, 2025, 2026),
        fc.constantFrom("formula" as const, "file" as const),
        async (rows, year, match) => {
          const file = participantFile(rows, `p${n++}.csv`);
          const quick = await batchOutput(file, year, match, false);
          expect(quick).toBe(await batchOutput(file, year, match, true));
          expect(quick.split("\n").length).toBe(rows.length + 2);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("writes the same CSV as with steps on the documented example file", async () => {
    const file = new URL("../../docs/participants-example.csv", import.meta.url).pathname;
    for (const year of [2025, 2026]) {
      expect(await batchOutput(file, year, "file", false)).toBe(await batchOutput(file, year, "file", true));
    }
  });
});

describe("Roth catch-up rule without steps", () => {
  it("gives the explaining rule's answers from the year's figures read once (every year, wages, Roth option)", () => {
    const wages = fc.oneof(
      fc.constant(null),
      fc.integer({ min: 0, max: 60_000_000 }),
      // around the $145,000-indexed threshold and the wage bases
      fc.integer({ min: 14_000_000, max: 19_000_000 }),
    );
    fc.assert(
      fc.property(
        fc.constantFrom(2023, 2024, 2025, 2026, 2027),
        fc.boolean(),
        wages,
        fc.boolean(),
        (year, eligible, fica, roth) => {
          // A year without the figures is the same error either way (2027: none on file yet).
          const answer = (explain: boolean) => {
            try {
              const r = rothCatchUpRule(year, eligible, fica as Cents | null, roth, explain);
              return { mustBeRoth: r.mustBeRoth, allowed: r.allowed };
            } catch (error) {
              return { error: String(error) };
            }
          };
          const explained = answer(true);
          // The first call without steps reads the figures; the later ones answer from what it kept.
          for (let i = 0; i < 2; i++) expect(answer(false)).toEqual(explained);
          if (!("error" in explained))
            expect(rothCatchUpRule(year, eligible, fica as Cents | null, roth, false).step).toBeNull();
        },
      ),
      { numRuns: 2_000 },
    );
  });
});
