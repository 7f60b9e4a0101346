import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PercentileFinder } from "../../packages/core/src/rules/projection/percentiles.js";

const FRACTIONS = [0.05, 0.25, 0.5, 0.75, 0.95];

/** Type 7 by sorting: the definition the finder must reproduce exactly. */
function bySorting(values: readonly number[], fractions: readonly number[]): number[] {
  const sorted = Float64Array.from(values).sort();
  return fractions.map((f) => {
    const h = (sorted.length - 1) * f;
    const k = Math.floor(h);
    return h === k ? sorted[k]! : sorted[k]! + (h - k) * (sorted[k + 1]! - sorted[k]!);
  });
}

function find(values: readonly number[], fractions = FRACTIONS): number[] {
  const out = new Float64Array(fractions.length);
  new PercentileFinder(values.length).find(Float64Array.from(values), fractions, out);
  return [...out];
}

describe("PercentileFinder", () => {
  it("hand-computed: 1..10 → p25 = 3.25, median = 5.5 (type 7)", () => {
    expect(find([10, 9, 8, 7, 6, 5, 4, 3, 2, 1], [0, 0.25, 0.5, 1])).toEqual([1, 3.25, 5.5, 10]);
  });

  it("equals sorting for any sample: ties, one value, wide and skewed ranges", () => {
    const sample = fc.oneof(
      fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { minLength: 1, maxLength: 400 }),
      fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 400 }),
      fc.array(fc.double({ min: 0, max: 30, noNaN: true }).map(Math.exp), { minLength: 1, maxLength: 3000 }),
    );
    fc.assert(
      fc.property(sample, (values) => {
        // x + 0 turns −0 into 0: equal values may come out in either order.
        expect(find(values).map((x) => x + 0)).toEqual(bySorting(values, FRACTIONS).map((x) => x + 0));
      }),
      { numRuns: 300 },
    );
  });

  it("gives ordered percentiles", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e300, max: 1e300, noNaN: true }), { minLength: 1, maxLength: 500 }),
        (values) => {
          const p = find(values);
          for (let i = 1; i < p.length; i++) expect(p[i]).toBeGreaterThanOrEqual(p[i - 1]!);
        },
      ),
    );
  });

  it("refuses fractions out of order or outside 0–1", () => {
    expect(() => find([1, 2, 3], [0.5, 0.25])).toThrow(RangeError);
    expect(() => find([1, 2, 3], [1.5])).toThrow(RangeError);
  });
});
