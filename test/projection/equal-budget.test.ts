import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Cents, cents } from "../../packages/core/src/rules/money/cents.js";
import { type BasisPoints, basisPoints } from "../../packages/core/src/rules/money/percent.js";
import {
  projectEqualBudget,
  type StrategyOutcome,
} from "../../packages/core/src/rules/projection/equal-budget.js";
import type {
  EqualBudgetAssumptions,
  StrategyName,
} from "../../packages/core/src/rules/projection/strategies.js";

const bp = basisPoints;

function assumptions(over: Partial<EqualBudgetAssumptions> = {}): EqualBudgetAssumptions {
  return {
    budget: cents(1_000_000),
    contributionYears: 1,
    horizonYears: 20,
    rateNowBp: bp(2400),
    rateRetirementBp: bp(2200),
    stateRateNowBp: bp(500),
    stateRateRetirementBp: bp(500),
    returnBp: bp(600),
    dividendYieldBp: bp(0),
    dividendTaxRateBp: bp(1500),
    capitalGainsRateBp: bp(1500),
    feeBp: bp(0),
    conversionEveryYears: 0,
    ...over,
  };
}

const value = (strategies: readonly StrategyOutcome[], name: StrategyName) =>
  strategies.find((s) => s.name === name)!;

/** amount × (1 + r)^n exactly, rounded half-up to the cent (bigint). */
function grownExactly(amount: number, rateBp: number, years: number): number {
  const num = BigInt(amount) * BigInt(10_000 + rateBp) ** BigInt(years);
  const den = 10_000n ** BigInt(years);
  return Number((2n * num + den) / (2n * den));
}

describe("equal-budget projection: hand-computed", () => {
  // $10,000 of pre-tax pay; 24% federal + 5% state now, 22% + 5% in retirement; 6% a year for 20 years.
  const p = projectEqualBudget(assumptions({ conversionEveryYears: 1 }));

  it("pre-tax: the whole $10,000 grows to $32,071.35, less 27% on withdrawal = $23,412.09", () => {
    const s = value(p.strategies, "pre-tax");
    expect(s.grossValue).toBe(grownExactly(1_000_000, 600, 20));
    expect(s.grossValue).toBe(3_207_135);
    expect(s.taxPaidLater).toBe(865_926); // 3,207,135 × 27% = 865,926.45 → half-up
    expect(s.afterTaxValue).toBe(2_341_209);
  });

  it("roth: 29% tax now leaves $7,100, which grows to $22,770.66, tax-free", () => {
    const s = value(p.strategies, "roth");
    expect(s.taxPaidNow).toBe(290_000);
    expect(s.contributions).toBe(710_000);
    expect(s.afterTaxValue).toBe(grownExactly(710_000, 600, 20));
    expect(s.afterTaxValue).toBe(2_277_066);
  });

  it("after-tax left unconverted: earnings $15,670.66 taxed at 27% = $4,231.08", () => {
    const s = value(p.strategies, "after-tax");
    expect(s.grossValue).toBe(2_277_066);
    expect(s.taxPaidLater).toBe(423_108); // (2,277,066 − 710,000) × 27% = 423,107.82
    expect(s.afterTaxValue).toBe(1_853_958);
  });

  it("after-tax converted after one year: $426 of earnings taxed at 29% = $123.54, the rest grows 19 years", () => {
    const s = value(p.strategies, "after-tax-converted");
    expect(s.taxPaidDuring).toBe(12_354);
    expect(s.afterTaxValue).toBe(grownExactly(710_000 + 42_600 - 12_354, 600, 19));
    expect(p.conversionDelayCost).toBe(2_277_066 - s.afterTaxValue);
  });

  it("break-even: 24% for pre-tax vs Roth (states equal); 25.17% vs converting yearly", () => {
    expect(p.breakEvenRateBp).toBe(2400);
    // 32,071.35 × (1 − t − 5%) = 22,396.88 → t = 25.165%
    expect(p.breakEvenRateConvertedBp).toBe(2517);
  });

  it("taxable, 2% dividends taxed at 15% + 5%: hand-computed over 2 years", () => {
    const t = projectEqualBudget(assumptions({ horizonYears: 2, dividendYieldBp: bp(200) }));
    const s = value(t.strategies, "taxable");
    // Year 1: 7,100 → dividends 142, tax 28.40; balance 7,100 × 1.06 − 28.40 = 7,497.60; basis 7,213.60.
    // Year 2: dividends 149.952, tax 29.9904; balance 7,497.60 × 1.06 − 29.9904 = 7,917.4656;
    //         basis 7,213.60 + 119.9616 = 7,333.5616; gain 583.90 at 20% = 116.78.
    expect(s.taxPaidDuring).toBe(5839); // 28.40 + 29.9904 = 58.3904
    expect(s.grossValue).toBe(791_747);
    expect(s.taxPaidLater).toBe(11_678);
    expect(s.afterTaxValue).toBe(791_747 - 11_678);
  });
});

const rate = fc.integer({ min: 0, max: 50 }).map((p) => bp(p * 100));
const budgetDollars = fc.integer({ min: 0, max: 100_000 }).map((d) => cents(d * 100) as Cents);
const anyAssumptions = fc.record({
  budget: budgetDollars,
  contributionYears: fc.integer({ min: 1, max: 10 }),
  horizonYears: fc.integer({ min: 10, max: 45 }),
  rateNowBp: rate,
  rateRetirementBp: rate,
  stateRateNowBp: fc.integer({ min: 0, max: 10 }).map((p) => bp(p * 100)),
  stateRateRetirementBp: fc.integer({ min: 0, max: 10 }).map((p) => bp(p * 100)),
  returnBp: fc.integer({ min: 0, max: 1500 }).map(bp),
  dividendYieldBp: fc.integer({ min: 0, max: 300 }).map(bp),
  dividendTaxRateBp: fc.integer({ min: 0, max: 2380 }).map(bp),
  capitalGainsRateBp: fc.integer({ min: 0, max: 2380 }).map(bp),
  feeBp: fc.integer({ min: 0, max: 100 }).map(bp),
  conversionEveryYears: fc.integer({ min: 0, max: 5 }),
});

/** Two amounts that are the same real number computed in different orders may differ by a cent. */
const withinACent = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThanOrEqual(1);

describe("equal-budget projection: identities over random inputs", () => {
  it("with equal tax rates now and later and no drag, pre-tax and Roth end equal", () => {
    fc.assert(
      fc.property(anyAssumptions, (a) => {
        const p = projectEqualBudget({
          ...a,
          rateRetirementBp: a.rateNowBp,
          stateRateRetirementBp: a.stateRateNowBp,
        });
        withinACent(value(p.strategies, "pre-tax").afterTaxValue, value(p.strategies, "roth").afterTaxValue);
      }),
    );
  });

  it("with a zero return and no fee, after-tax left unconverted is worth exactly its contributions", () => {
    fc.assert(
      fc.property(anyAssumptions, (a) => {
        const p = projectEqualBudget({ ...a, returnBp: bp(0), feeBp: bp(0), dividendYieldBp: bp(0) });
        const s = value(p.strategies, "after-tax");
        expect(s.afterTaxValue).toBe(s.contributions);
        expect(s.taxPaidLater).toBe(0);
      }),
    );
  });

  it("converting as contributed (no earnings before conversion) is exactly Roth", () => {
    fc.assert(
      fc.property(anyAssumptions, (a) => {
        const p = projectEqualBudget({ ...a, conversionEveryYears: 0 });
        const converted = value(p.strategies, "after-tax-converted");
        const roth = value(p.strategies, "roth");
        expect(converted.afterTaxValue).toBe(roth.afterTaxValue);
        expect(converted.taxPaidDuring).toBe(0);
        expect(p.conversionDelayCost).toBe(0);
      }),
    );
  });

  it("with a zero return and no fee, converting late costs nothing: no earnings to tax", () => {
    fc.assert(
      fc.property(anyAssumptions, (a) => {
        const p = projectEqualBudget({ ...a, returnBp: bp(0), feeBp: bp(0), dividendYieldBp: bp(0) });
        expect(value(p.strategies, "after-tax-converted").afterTaxValue).toBe(
          value(p.strategies, "roth").afterTaxValue,
        );
      }),
    );
  });

  it("at the break-even retirement rate, pre-tax and Roth end equal to within a cent", () => {
    fc.assert(
      fc.property(anyAssumptions, (a) => {
        const p = projectEqualBudget(a);
        const breakEven = p.breakEvenRateBp;
        if (breakEven === null) return;
        // The budget is whole dollars and rates whole percents, so the tax now is exact and so is the break-even.
        expect(breakEven).toBe(a.rateNowBp + a.stateRateNowBp - a.stateRateRetirementBp);
        const at = projectEqualBudget({ ...a, rateRetirementBp: breakEven as BasisPoints });
        withinACent(
          value(at.strategies, "pre-tax").afterTaxValue,
          value(at.strategies, "roth").afterTaxValue,
        );
      }),
    );
  });

  it("a taxable account without dividends, taxed on its gain like after-tax money, equals after-tax", () => {
    fc.assert(
      fc.property(anyAssumptions, (a) => {
        const p = projectEqualBudget({
          ...a,
          dividendYieldBp: bp(0),
          capitalGainsRateBp: a.rateRetirementBp,
        });
        expect(value(p.strategies, "taxable").afterTaxValue).toBe(
          value(p.strategies, "after-tax").afterTaxValue,
        );
      }),
    );
  });

  it("each value is its gross less the tax at withdrawal; Roth never beats converting at once; no value is negative", () => {
    fc.assert(
      fc.property(anyAssumptions, (a) => {
        const p = projectEqualBudget(a);
        for (const s of p.strategies) {
          expect(s.afterTaxValue).toBe(s.grossValue - s.taxPaidLater);
          expect(s.afterTaxValue).toBeGreaterThanOrEqual(0);
          expect(s.contributions + s.taxPaidNow).toBe(a.budget * a.contributionYears);
        }
        expect(p.conversionDelayCost).toBeGreaterThanOrEqual(0);
      }),
    );
  });

  it("refuses assumptions it cannot represent", () => {
    expect(() => projectEqualBudget(assumptions({ contributionYears: 21 }))).toThrow(/contributionYears/);
    expect(() => projectEqualBudget(assumptions({ horizonYears: 0 }))).toThrow(/horizonYears/);
    expect(() => projectEqualBudget(assumptions({ rateNowBp: bp(9800) }))).toThrow(/rateNowBp/);
  });
});
