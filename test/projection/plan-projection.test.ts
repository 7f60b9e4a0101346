import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { contributionRoom } from "../../packages/core/src/rules/contribution-room.js";
import { type Cents, cents, ZERO } from "../../packages/core/src/rules/money/cents.js";
import { basisPoints as bp } from "../../packages/core/src/rules/money/percent.js";
import {
  type PlanProjectionInput,
  projectPlan,
} from "../../packages/core/src/rules/projection/plan-projection.js";

const base: PlanProjectionInput = {
  startYear: 2026,
  ageAtYearEnd: 58,
  years: 8,
  compensation: cents(20_000_000),
  wageGrowthBp: bp(300),
  indexingBp: bp(250),
  preTaxDeferrals: "max",
  rothDeferrals: ZERO,
  employerBp: bp(400),
  afterTax: "max",
  taxable: cents(1_000_000),
  returnBp: bp(600),
  feeBp: bp(10),
  dividendYieldBp: bp(150),
  dividendTaxRateBp: bp(2000),
  conversionTaxRateBp: bp(2900),
  conversionEveryYears: 1,
};

describe("multi-year plan projection: hand-computed", () => {
  const p = projectPlan(base);
  const [y2026, y2027, y2028] = p.years;

  it("2026, age 58, pay $200,000: published limits; the catch-up goes Roth above the $150,000 wage threshold", () => {
    expect(y2026!.limits.anyProjected).toBe(false);
    // 402(g) $24,500 + catch-up $8,000 = $32,500 deferred; the $8,000 catch-up must be Roth (IRC §414(v)(7)).
    expect(y2026!.contributions).toEqual({
      preTax: 2_450_000,
      roth: 800_000,
      catchUp: 800_000,
      employer: 800_000, // 4% of $200,000
      afterTax: 3_950_000, // $72,000 − ($32,500 − $8,000 catch-up) − $8,000 employer
      taxable: 1_000_000,
    });
    expect(y2026!.afterTaxRoom).toBe(3_950_000);
  });

  it("2026 balances: 6% less 0.1% fee, conversion of after-tax earnings at 29% at year end", () => {
    // Pre-tax: $32,500 + 5.9% = $34,417.50. Roth: $8,000 + $472 + $39,500 + $2,330.50 − 29% × $2,330.50.
    expect(y2026!.balances.preTax).toBe(3_441_750);
    expect(y2026!.conversionTax).toBe(67_585); // 233,050 × 29% = 67,584.5 → half-up
    expect(y2026!.balances.roth).toBe(800_000 + 47_200 + 3_950_000 + 233_050 - 67_585);
    expect(y2026!.balances.afterTaxBasis).toBe(0);
    // Taxable: $10,000, dividends $150 taxed at 20% = $30; balance 10,000 + 590 − 30; basis 10,000 + 120.
    expect(y2026!.dividendTax).toBe(3000);
    expect(y2026!.balances.taxableBasis).toBe(1_012_000);
    expect(y2026!.balances.taxableGains).toBe(1_056_000 - 1_012_000);
  });

  it("later years use projected limits, labelled so, and the ages 60–63 catch-up", () => {
    expect(y2027!.limits.anyProjected).toBe(true);
    expect(y2027!.limits.electiveDeferral).toMatchObject({ amount: 2_500_000, projected: true }); // 24,500 × 1.025 = 25,112.5
    expect(y2028!.ageAtYearEnd).toBe(60);
    expect(y2028!.limits.catchUp.id).toBe("catchUp60to63Limit");
    expect(y2028!.limits.catchUp.amount).toBe(1_150_000); // 11,250 × 1.025² = 11,819.53 → 11,500
    expect(y2028!.compensation).toBe(21_218_000); // 200,000 × 1.03²
    expect(p.warnings.map((w) => w.code)).toContain("projected-limits");
  });

  it("the first year's after-tax room agrees with contributionRoom", () => {
    const room = contributionRoom({
      year: 2026,
      ageAtYearEnd: 58,
      compensation: cents(20_000_000),
      electiveDeferrals: cents(3_250_000),
      match: [],
      nonelectiveBp: bp(400),
      afterTaxCap: null,
      priorYearFicaWages: cents(20_000_000),
      planOffersRoth: true,
      otherEmployerDeferrals: ZERO,
      relatedEmployerAdditions: ZERO,
    });
    expect(y2026!.afterTaxRoom).toBe(room.afterTaxRoom);
    expect(y2026!.contributions.catchUp).toBe(room.catchUpContributed);
  });
});

describe("multi-year plan projection: invariants", () => {
  const amount = fc.oneof(
    fc.constant("max" as const),
    fc.integer({ min: 0, max: 10_000_000 }).map((c) => c as Cents),
  );
  it("contributions stay within the year's limits, and balances add up", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2019, max: 2030 }),
        fc.integer({ min: 18, max: 70 }),
        fc.integer({ min: 0, max: 60_000_000 }),
        amount,
        amount,
        amount,
        fc.integer({ min: 0, max: 1000 }),
        fc.integer({ min: 0, max: 3 }),
        (startYear, age, pay, preTax, roth, afterTax, employerBp, conversionEveryYears) => {
          const p = projectPlan({
            ...base,
            startYear,
            ageAtYearEnd: age,
            years: 5,
            compensation: cents(pay),
            preTaxDeferrals: preTax,
            rothDeferrals: roth,
            afterTax,
            employerBp: bp(employerBp),
            conversionEveryYears,
          });
          for (const y of p.years) {
            const c = y.contributions;
            const deferralLimit = y.limits.electiveDeferral.amount! + (y.limits.catchUp.amount ?? 0);
            expect(c.preTax + c.roth).toBeLessThanOrEqual(Math.min(deferralLimit, y.compensation));
            expect(c.catchUp).toBeLessThanOrEqual(y.limits.catchUp.amount ?? 0);
            expect(c.afterTax).toBeLessThanOrEqual(y.afterTaxRoom);
            const additions = c.preTax + c.roth - c.catchUp + c.employer + c.afterTax;
            if (c.afterTax > 0)
              expect(additions).toBeLessThanOrEqual(
                Math.min(y.limits.annualAdditions.amount!, y.compensation),
              );
            expect(y.limits.anyProjected).toBe(y.year > 2026);
            for (const v of Object.values(y.balances)) expect(Number.isSafeInteger(v)).toBe(true);
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it("with a zero return and no fee, every bucket holds exactly what went in, less tax", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 40_000_000 }),
        fc.integer({ min: 0, max: 3 }),
        (pay, conversionEveryYears) => {
          const p = projectPlan({
            ...base,
            compensation: cents(pay),
            returnBp: bp(0),
            feeBp: bp(0),
            dividendYieldBp: bp(0),
            conversionEveryYears,
          });
          const total = (f: (y: (typeof p.years)[number]) => number) => p.years.reduce((t, y) => t + f(y), 0);
          const last = p.years.at(-1)!.balances;
          expect(last.preTax).toBe(total((y) => y.contributions.preTax + y.contributions.employer));
          expect(last.roth + last.afterTaxBasis).toBe(
            total((y) => y.contributions.roth + y.contributions.afterTax),
          );
          expect(last.afterTaxEarnings).toBe(0);
          expect(last.taxableBasis).toBe(total((y) => y.contributions.taxable));
          expect(last.taxableGains).toBe(0);
        },
      ),
    );
  });
});
