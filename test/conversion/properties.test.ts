import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  allocateDistribution,
  basisPoints,
  type Cents,
  CONVERSION_ROUTES,
  type ConversionCostInput,
  cents,
  conversionCost,
  type Form8606Input,
  form8606,
  isoDate,
  nextYearPriorBasis,
  type RatioPrecision,
  rothWithdrawal,
  sum,
  ZERO,
} from "../../packages/core/src/typed.js";

const money = (max: number) => fc.integer({ min: 0, max }).map(cents);
const date2026 = fc
  .tuple(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }))
  .map(([m, d]) => isoDate(2026, m, d));

describe("Notice 2014-54 allocator properties", () => {
  const scenario = fc
    .record({
      pretax: money(10_000_000),
      afterTax: money(10_000_000),
      share: fc.integer({ min: 0, max: 1000 }),
    })
    .filter((s) => s.pretax + s.afterTax > 0)
    .chain((s) => {
      const distribution = cents(Math.floor(((s.pretax + s.afterTax) * s.share) / 1000));
      return fc
        .tuple(
          fc.integer({ min: 0, max: 100 }),
          fc.integer({ min: 0, max: 100 }),
          fc.integer({ min: 0, max: 100 }),
          fc.integer({ min: 0, max: 100 }),
        )
        .filter((w) => w.some((x) => x > 0))
        .map((w) => {
          const total = w.reduce((a, b) => a + b, 0);
          const parts = w.map((x) => Math.floor((distribution * x) / total));
          parts[3]! += distribution - parts.reduce((a, b) => a + b, 0);
          return { ...s, distribution, parts: parts.map(cents) };
        });
    });

  it("taxable + nontaxable = distribution; each destination's pretax + after-tax = its amount; basis is conserved", () => {
    fc.assert(
      fc.property(
        scenario,
        fc.integer({ min: 18, max: 80 }),
        fc.boolean(),
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 0, max: 100 }),
        (s, age, exception, p1, p2) => {
          const [traditionalIra, rothIra, inPlanRoth, cash] = s.parts as [Cents, Cents, Cents, Cents];
          const rolledToTraditional = cents(Math.floor((cash * p1) / 100));
          const rolledToRoth = cents(Math.floor(((cash - rolledToTraditional) * p2) / 100));
          const a = allocateDistribution({
            account: { pretax: s.pretax, afterTax: s.afterTax },
            distribution: s.distribution,
            routing: { traditionalIra, rothIra, inPlanRoth, cash },
            ageAtDistribution: age,
            exceptionTo72t: exception,
            sixtyDayRollovers: { traditionalIra: rolledToTraditional, rothIra: rolledToRoth },
          });
          const cashParts = [a.sixtyDayTraditionalIra, a.sixtyDayRothIra, a.cashKept];
          for (const part of cashParts)
            expect(Math.min(part.pretax, part.afterTax)).toBeGreaterThanOrEqual(0);
          expect(sum(cashParts.map((x) => x.pretax))).toBe(a.cash.pretax);
          expect(sum(cashParts.map((x) => x.afterTax))).toBe(a.cash.afterTax);
          expect(a.taxableAmount + a.nontaxableAmount).toBe(s.distribution);
          const shares = [a.traditionalIra, a.rothIra, a.inPlanRoth, a.cash];
          shares.forEach((sh, i) => {
            expect(sh.pretax).toBeGreaterThanOrEqual(0);
            expect(sh.afterTax).toBeGreaterThanOrEqual(0);
            expect(sh.pretax + sh.afterTax).toBe(s.parts[i]);
          });
          expect(sum(shares.map((sh) => sh.afterTax))).toBe(a.afterTaxInDistribution);
          expect(sum(shares.map((sh) => sh.pretax))).toBe(a.pretaxInDistribution);
          expect(sum(a.forms1099R.map((f) => f.box1))).toBe(s.distribution);
          expect(sum(a.forms1099R.map((f) => f.box5))).toBe(a.afterTaxInDistribution);
          expect(a.additionalTax10Pct).toBeLessThanOrEqual(Math.ceil(a.cashKept.pretax / 10));
          expect(a.traditionalIraBasisCreated).toBe(
            a.traditionalIra.afterTax + a.sixtyDayTraditionalIra.afterTax,
          );
        },
      ),
      { numRuns: 400 },
    );
  });
});

describe("Form 8606 properties", () => {
  const year = fc.record({
    nondeductible: money(800_000),
    nextYearShare: fc.integer({ min: 0, max: 100 }),
    yearEndValue: money(20_000_000),
    outstanding: money(1_000_000),
    distributions: money(2_000_000),
    converted: money(2_000_000),
  });
  const precision = fc.constantFrom<RatioPrecision>("exact", "3dp");

  it("across years: basis is never negative, recovered basis + carried basis = every nondeductible dollar", () => {
    fc.assert(
      fc.property(fc.array(year, { minLength: 1, maxLength: 8 }), precision, (years, ratioPrecision) => {
        let priorBasis = ZERO;
        let recovered = 0;
        let contributed = 0;
        years.forEach((y, i) => {
          const input: Form8606Input = {
            year: 2019 + i,
            nondeductibleContributions: y.nondeductible,
            priorBasis,
            contributionsMadeNextYear: cents(Math.floor((y.nondeductible * y.nextYearShare) / 100)),
            yearEndValue: y.yearEndValue,
            outstandingRollovers: y.outstanding,
            distributions: y.distributions,
            converted: y.converted,
            ratioPrecision,
          };
          const f = form8606(input);
          const l13 = f.lines["13"] ?? ZERO;
          expect(f.basisCarriedForward).toBeGreaterThanOrEqual(0);
          // IRC §72 with the exact ratio: line 13 never exceeds line 5. With three places the printed form
          // may recover cents more than line 5 (issue 11 §4), but never more than line 3 (line 14 ≥ 0).
          expect(l13).toBeLessThanOrEqual(
            ratioPrecision === "exact" ? (f.lines["5"] ?? f.lines["3"] ?? ZERO) : (f.lines["3"] ?? ZERO),
          );
          if (f.lines["16"] !== undefined)
            expect((f.lines["17"] ?? ZERO) + (f.lines["18"] ?? ZERO)).toBe(y.converted);
          if (f.lines["12"] !== undefined)
            expect(f.lines["12"] + (f.lines["15c"] ?? ZERO)).toBe(y.distributions);
          recovered += l13;
          contributed += y.nondeductible;
          priorBasis = nextYearPriorBasis(f);
        });
        expect(recovered + priorBasis).toBe(contributed);
      }),
      { numRuns: 300 },
    );
  });
});

describe("conversion cost properties", () => {
  const contributions = fc.array(fc.record({ date: date2026, amount: money(2_000_000) }), {
    minLength: 1,
    maxLength: 30,
  });
  const rates = fc.oneof(
    fc.record({
      kind: fc.constant("marginal" as const),
      federalRateBp: fc.integer({ min: 0, max: 3700 }).map(basisPoints),
    }),
    fc.record({
      kind: fc.constant("schedule" as const),
      filingStatus: fc.constantFrom("single" as const, "mfj" as const, "mfs" as const, "hoh" as const),
      baseTaxableIncome: money(100_000_000),
    }),
  );
  const inputFor = (
    c: ConversionCostInput["contributions"],
    r: ConversionCostInput["rates"],
    returnBp: number,
  ) => ({
    year: 2026,
    contributions: c,
    annualReturnBp: returnBp,
    lagDays: 0,
    route: "in-plan-roth" as const,
    feePerConversion: ZERO,
    rates: r,
    stateRateBp: basisPoints(500),
  });

  it("converting more often never raises the tax on earnings for a non-negative return", () => {
    const dates = fc.uniqueArray(date2026, { maxLength: 20 });
    fc.assert(
      fc.property(
        contributions,
        rates,
        fc.integer({ min: 0, max: 5000 }),
        dates,
        dates,
        (c, r, ret, a, extra) => {
          const input = inputFor(c, r, ret);
          const fewer = [...a, "2026-12-31"];
          const more = [...new Set([...fewer, ...extra])];
          const sparse = conversionCost({ ...input, cadence: { dates: fewer } });
          const dense = conversionCost({ ...input, cadence: { dates: more } });
          expect(dense.totalTaxable).toBeLessThanOrEqual(sparse.totalTaxable);
          expect(dense.totalTax).toBeLessThanOrEqual(sparse.totalTax);
          const ladder = (["yearly", "quarterly", "monthly", "per-paycheck"] as const).map(
            (cadence) => conversionCost({ ...input, cadence }).totalTax,
          );
          for (let i = 1; i < ladder.length; i++) expect(ladder[i]!).toBeLessThanOrEqual(ladder[i - 1]!);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("every route conserves basis: box 5 + lost basis = contributions converted; taxable + nontaxable = value", () => {
    fc.assert(
      fc.property(
        contributions,
        rates,
        fc.integer({ min: -5000, max: 5000 }),
        fc.constantFrom(...CONVERSION_ROUTES),
        (c, r, ret, route) => {
          const result = conversionCost({ ...inputFor(c, r, ret), route, cadence: "quarterly" });
          for (const conv of result.conversions) {
            const box5 = sum(conv.forms1099R.map((f) => f.box5));
            const lost = conv.earnings < 0 ? -conv.earnings : 0;
            expect(box5 + lost).toBe(conv.basis);
            expect(sum(conv.forms1099R.map((f) => f.box1))).toBe(conv.amount);
            expect(
              conv.taxable +
                box5 +
                (route === "roth-ira-earnings-to-traditional-ira" ? conv.toTraditionalIra : 0),
            ).toBe(conv.amount);
            expect(conv.taxable).toBeGreaterThanOrEqual(0);
          }
          expect(result.totalContributions).toBe(
            sum(result.conversions.map((x) => x.basis)) + result.unconverted.basis,
          );
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("Roth ordering properties", () => {
  it("layers add up to the withdrawal; only earnings are includible; the 10% never exceeds 10% of the amount", () => {
    fc.assert(
      fc.property(
        money(5_000_000),
        money(3_000_000),
        fc.array(
          fc.record({
            year: fc.integer({ min: 2010, max: 2026 }),
            taxablePortion: money(2_000_000),
            nontaxablePortion: money(2_000_000),
          }),
          { maxLength: 6 },
        ),
        fc.integer({ min: 18, max: 90 }),
        (amount, regular, conversions, age) => {
          const w = rothWithdrawal({
            year: 2026,
            amount,
            ageAtDistribution: age,
            disabledOrDeceased: false,
            otherExceptionTo72t: false,
            regularContributionBasis: regular,
            conversions,
            firstRothYear: 2010,
            firstTimeHomebuyerExpenses: ZERO,
          });
          expect(sum(w.layers.map((l) => l.amount))).toBe(amount);
          const earnings = w.layers.find((l) => l.source === "earnings")?.amount ?? ZERO;
          expect(w.includibleInIncome).toBeLessThanOrEqual(earnings);
          expect(w.additionalTax10Pct).toBeLessThanOrEqual(Math.ceil(amount / 10) + w.layers.length);
          if (!w.qualified) expect(w.form8606Lines["25c"]).toBe(w.includibleInIncome);
        },
      ),
      { numRuns: 300 },
    );
  });
});
