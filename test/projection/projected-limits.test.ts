import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { UnsupportedYearError } from "../../packages/core/src/data/figures.js";
import { basisPoints as bp } from "../../packages/core/src/rules/money/percent.js";
import {
  type IndexedLimitId,
  projectableLimit,
} from "../../packages/core/src/rules/projection/projected-limits.js";

describe("projectable limits", () => {
  it("a published year is the IRS figure, not marked projected", () => {
    const l = projectableLimit("electiveDeferralLimit", 2026, bp(250));
    expect(l).toMatchObject({ amount: 2_450_000, projected: false });
    expect(l.basis).toContain("Notice 2025-67");
  });

  it("hand-computed: 2029 deferral limit at 2.5% = $24,500 × 1.025³ = $26,383.52 → $26,000 (down to $500)", () => {
    const l = projectableLimit("electiveDeferralLimit", 2029, bp(250));
    expect(l).toMatchObject({ amount: 2_600_000, projected: true });
    expect(l.basis).toMatch(
      /^projected: 2026 figure \$24,500 × \(1 \+ 2\.5%\)\^3, rounded down to a multiple of \$500 \(IRC §402\(g\)\(4\)\); not published/,
    );
  });

  it("hand-computed: 2027 415(c) limit at 3% = $72,000 × 1.03 = $74,160 → $74,000 (down to $1,000)", () => {
    expect(projectableLimit("annualAdditionsLimit", 2027, bp(300)).amount).toBe(7_400_000);
  });

  it("the ages 60–63 catch-up is null before 2025 and a year before the data is refused", () => {
    expect(projectableLimit("catchUp60to63Limit", 2024, bp(250)).amount).toBeNull();
    expect(() => projectableLimit("electiveDeferralLimit", 2001, bp(250))).toThrow(UnsupportedYearError);
  });

  it("projected limits are statutory multiples, never below the last published figure, and rise with the years", () => {
    const steps: Record<IndexedLimitId, number> = {
      electiveDeferralLimit: 500,
      catchUpLimit: 500,
      catchUp60to63Limit: 500,
      annualAdditionsLimit: 1000,
      compensationLimit: 5000,
      rothCatchUpWageThreshold: 5000,
    };
    fc.assert(
      fc.property(
        fc.constantFrom(...(Object.keys(steps) as IndexedLimitId[])),
        fc.integer({ min: 2027, max: 2080 }),
        fc.integer({ min: 0, max: 1000 }),
        (id, year, indexing) => {
          const l = projectableLimit(id, year, bp(indexing));
          const last = projectableLimit(id, 2026, bp(indexing)).amount!;
          const next = projectableLimit(id, year + 1, bp(indexing)).amount!;
          expect(l.projected).toBe(true);
          expect(l.amount! % (steps[id] * 100)).toBe(0);
          expect(l.amount!).toBeGreaterThanOrEqual(last - (last % (steps[id] * 100)));
          expect(next).toBeGreaterThanOrEqual(l.amount!);
          if (indexing === 0) expect(l.amount).toBe(last - (last % (steps[id] * 100)));
        },
      ),
    );
  });
});
