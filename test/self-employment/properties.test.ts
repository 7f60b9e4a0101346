import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  basisPoints,
  type Cents,
  cents,
  ownerCompensation,
  scheduleSE,
  selfEmployedRoom,
  ZERO,
} from "../../packages/core/src/typed.js";

const dollars = (max: number) => fc.integer({ min: 0, max: max * 100 }).map(cents);
const owner = fc.record({
  year: fc.integer({ min: 2019, max: 2026 }),
  ageAtYearEnd: fc.integer({ min: 18, max: 80 }),
  netProfit: dollars(800_000),
  w2WagesElsewhere: fc.oneof(fc.constant(ZERO), dollars(250_000)),
  electiveDeferrals: fc.oneof(fc.constant(ZERO), dollars(40_000)),
  nonelectiveBp: fc.integer({ min: 0, max: 25_00 }).map(basisPoints),
  otherEmployerDeferrals: fc.oneof(fc.constant(ZERO), dollars(30_000)),
});

/** Line 4a is under $400 (no SE tax) — the one place where more profit gives less compensation. */
const untaxed = (profit: Cents, year: number) =>
  scheduleSE({ year, netProfit: profit, w2SocialSecurityWages: ZERO }).lines.line12 === 0;

describe("self-employed owner: properties", () => {
  it("the employer contribution is the plan's rate of the derived compensation to within a cent (where the rate sets it)", () => {
    fc.assert(
      fc.property(owner, (i) => {
        const o = ownerCompensation({ ...i, w2SocialSecurityWages: i.w2WagesElsewhere });
        if (o.employerLimitedBy !== "plan-rate") return;
        // |E − r × C| < 1 cent, in exact integers: |10,000 × E − bp × C| < 10,000.
        expect(Math.abs(10_000 * o.employerNonelective - i.nonelectiveBp * o.compensation)).toBeLessThan(
          10_000,
        );
        expect(o.compensation + o.employerNonelective).toBe(o.netEarnings);
      }),
      { numRuns: 2000 },
    );
  });

  it("no amount is negative; deferrals within 402(g) + employer money fit in 100% of compensation", () => {
    fc.assert(
      fc.property(owner, (i) => {
        const r = selfEmployedRoom({
          ...i,
          afterTaxCap: null,
          planOffersRoth: true,
          relatedEmployerAdditions: ZERO,
        });
        for (const v of [
          r.afterTaxRoom,
          r.employerNonelective,
          r.compensation,
          r.selfEmployment.selfEmploymentTax,
        ])
          expect(v).toBeGreaterThanOrEqual(0);
        if (r.regularDeferrals <= r.selfEmployment.netEarnings && r.excessOver415 === 0) {
          expect(r.regularDeferrals + r.employerNonelective + r.afterTaxRoom).toBeLessThanOrEqual(
            Math.min(r.compensation, r.limit415cDollar),
          );
        }
      }),
      { numRuns: 1000 },
    );
  });

  it("raising profit never lowers compensation (both profits on the same side of the $400 floor)", () => {
    fc.assert(
      fc.property(owner, dollars(50_000), (i, more) => {
        const higher = cents(i.netProfit + more);
        fc.pre(untaxed(i.netProfit, i.year) === untaxed(higher, i.year));
        const a = ownerCompensation({ ...i, w2SocialSecurityWages: i.w2WagesElsewhere });
        const b = ownerCompensation({ ...i, netProfit: higher, w2SocialSecurityWages: i.w2WagesElsewhere });
        expect(b.compensation).toBeGreaterThanOrEqual(a.compensation);
        expect(b.netEarnings).toBeGreaterThanOrEqual(a.netEarnings);
      }),
      { numRuns: 2000 },
    );
  });

  it("names the $400 notch: one cent more profit can start SE tax and lower net earnings (IRC §1402(b)(2))", () => {
    // 433.12 × 92.35% = 399.986 → 399.99 (no SE tax); 433.13 × 92.35% = 399.996 → 400.00 (line 4a rounded half-up): 12.4% + 2.9% = 61.20, half = 30.60.
    const below = ownerCompensation({
      year: 2026,
      netProfit: cents(43_312),
      w2SocialSecurityWages: ZERO,
      nonelectiveBp: basisPoints(0),
      electiveDeferrals: ZERO,
    });
    const at = ownerCompensation({
      year: 2026,
      netProfit: cents(43_313),
      w2SocialSecurityWages: ZERO,
      nonelectiveBp: basisPoints(0),
      electiveDeferrals: ZERO,
    });
    expect(below.selfEmploymentTax).toBe(0);
    expect(below.compensation).toBe(43_312);
    expect(at.scheduleSE.line4a).toBe(40_000);
    expect(at.selfEmploymentTax).toBe(6_120);
    expect(at.compensation).toBe(43_313 - 3_060);
  });

  it("W-2 wages at or above the wage base leave only the Medicare part; the SE tax never exceeds 15.3% of line 4a", () => {
    fc.assert(
      fc.property(owner, (i) => {
        const se = scheduleSE({
          year: i.year,
          netProfit: i.netProfit,
          w2SocialSecurityWages: i.w2WagesElsewhere,
        }).lines;
        expect(se.line12 * 10_000).toBeLessThanOrEqual(1_530 * se.line4a + 20_000);
        if (i.w2WagesElsewhere >= se.line7) expect(se.line10).toBe(0);
      }),
      { numRuns: 1000 },
    );
  });

  it("refuses a rate above 25% and negative amounts, naming the field", () => {
    const base = {
      year: 2026,
      netProfit: cents(10_000_00),
      w2SocialSecurityWages: ZERO,
      electiveDeferrals: ZERO,
    };
    expect(() => ownerCompensation({ ...base, nonelectiveBp: basisPoints(25_01) })).toThrow(/0–25%/);
    expect(() => ownerCompensation({ ...base, netProfit: cents(-1), nonelectiveBp: basisPoints(0) })).toThrow(
      /netProfit/,
    );
  });
});
