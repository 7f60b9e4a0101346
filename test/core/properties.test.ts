import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type AfterTaxCap,
  allocateEvenly,
  basisPoints,
  capitalGainWorksheet,
  cents,
  contributionRoom,
  divideRounded,
  employerMatch,
  federalIncomeTax,
  figure,
  incomeTax,
  longTermCapitalGainsTax,
  type RoomInput,
  sum,
  taxOnAddedIncome,
  ZERO,
} from "../../packages/core/src/typed.js";

const dollars = (max: number) => fc.integer({ min: 0, max: max * 100 }).map(cents);
const tier = fc.record({
  rateBp: fc.integer({ min: 0, max: 200_00 }).map(basisPoints),
  upToBp: fc.integer({ min: 0, max: 10_00 }).map(basisPoints),
});
const afterTaxCap: fc.Arbitrary<AfterTaxCap | null> = fc.oneof(
  fc.constant(null),
  fc.integer({ min: 0, max: 100_00 }).map((bp) => ({ kind: "percent" as const, bp: basisPoints(bp) })),
  dollars(80_000).map((amount) => ({ kind: "dollars" as const, amount })),
);

const roomInput: fc.Arbitrary<RoomInput> = fc.record({
  year: fc.integer({ min: 2019, max: 2026 }),
  ageAtYearEnd: fc.integer({ min: 18, max: 120 }),
  compensation: dollars(1_000_000),
  electiveDeferrals: dollars(60_000),
  match: fc.array(tier, { maxLength: 3 }),
  nonelectiveBp: fc.integer({ min: 0, max: 25_00 }).map(basisPoints),
  afterTaxCap,
  priorYearFicaWages: fc.option(dollars(400_000), { nil: null }),
  planOffersRoth: fc.boolean(),
  otherEmployerDeferrals: dollars(40_000),
  relatedEmployerAdditions: dollars(80_000),
});

describe("contribution room invariants", () => {
  it("room is never negative", () => {
    fc.assert(fc.property(roomInput, (input) => contributionRoom(input).afterTaxRoom >= 0));
  });

  it("annual additions never exceed the effective 415(c) limit unless deferrals and employer money already do", () => {
    fc.assert(
      fc.property(roomInput, (input) => {
        const r = contributionRoom(input);
        if (r.excessOver415 > 0) return r.afterTaxRoom === 0;
        return r.annualAdditions <= r.annualAdditionsLimit && r.annualAdditionsLimit <= r.limit415cDollar;
      }),
    );
  });

  it("the plan cap is never exceeded", () => {
    fc.assert(
      fc.property(roomInput, (input) => {
        const r = contributionRoom(input);
        return input.afterTaxCap?.kind !== "dollars" || r.afterTaxRoom <= input.afterTaxCap.amount;
      }),
    );
  });

  it("a catch-up never changes the after-tax room", () => {
    fc.assert(
      fc.property(roomInput, fc.integer({ min: 50, max: 120 }), dollars(12_000), (input, age, extra) => {
        // Deferrals at this plan's 402(g) limit, with the plan's match formula; anything more is catch-up,
        // which the match never reaches (rules.md §(a)5, golden ROOM-04 vs ROOM-04b). The limit is this
        // plan's whatever is deferred at another employer: catch-ups are decided plan by plan (Treas. Reg.
        // §1.414(v)-1(a)(1), (b)(1)(i)).
        const atLimit = contributionRoom(input).electiveDeferralLimit;
        const fixed = { ...input, ageAtYearEnd: age };
        const without = contributionRoom({ ...fixed, electiveDeferrals: atLimit });
        const withCatchUp = contributionRoom({ ...fixed, electiveDeferrals: cents(atLimit + extra) });
        expect(withCatchUp.afterTaxRoom).toBe(without.afterTaxRoom);
        expect(withCatchUp.catchUpContributed).toBeLessThanOrEqual(withCatchUp.catchUpLimit);
      }),
    );
  });

  it("raising compensation never lowers the effective 415(c) limit", () => {
    fc.assert(
      fc.property(roomInput, dollars(500_000), (input, raise) => {
        const higher = contributionRoom({ ...input, compensation: cents(input.compensation + raise) });
        return higher.annualAdditionsLimit >= contributionRoom(input).annualAdditionsLimit;
      }),
    );
  });

  it("deferrals split exactly into regular, catch-up and this plan's excess", () => {
    fc.assert(
      fc.property(roomInput, (input) => {
        const r = contributionRoom(input);
        return (
          r.regularDeferrals + r.catchUpContributed + r.excessDeferralThisPlan === input.electiveDeferrals
        );
      }),
    );
  });

  it("with no other employer the person's excess deferral is this plan's", () => {
    fc.assert(
      fc.property(roomInput, (input) => {
        const r = contributionRoom({ ...input, otherEmployerDeferrals: cents(0) });
        return r.excessDeferral === r.excessDeferralThisPlan;
      }),
    );
  });

  it("another employer's deferrals never change this plan's room, catch-ups or 415(c) (Treas. Reg. §1.414(v)-1(a)(1))", () => {
    fc.assert(
      fc.property(roomInput, dollars(60_000), (input, more) => {
        const alone = contributionRoom({ ...input, otherEmployerDeferrals: cents(0) });
        const r = contributionRoom({
          ...input,
          otherEmployerDeferrals: cents(input.otherEmployerDeferrals + more),
        });
        expect(r.afterTaxRoom).toBe(alone.afterTaxRoom);
        expect(r.regularDeferrals).toBe(alone.regularDeferrals);
        expect(r.catchUpContributed).toBe(alone.catchUpContributed);
        expect(r.annualAdditions).toBe(alone.annualAdditions);
        expect(r.excessDeferralThisPlan).toBe(alone.excessDeferralThisPlan);
      }),
    );
  });

  it("the person's excess deferral: all employers' deferrals over 402(g) + catch-up, at least this plan's own excess", () => {
    fc.assert(
      fc.property(roomInput, (input) => {
        const r = contributionRoom(input);
        const personLimit = r.electiveDeferralLimit + r.catchUpLimit;
        const overall = Math.max(0, input.electiveDeferrals + input.otherEmployerDeferrals - personLimit);
        expect(r.excessDeferral).toBe(Math.max(overall, r.excessDeferralThisPlan));
        expect(r.excessDeferralDeadline === null).toBe(r.excessDeferral === 0);
      }),
    );
  });
});

describe("match and tax invariants", () => {
  it("the match never exceeds rate × deferrals and is monotone in deferrals", () => {
    fc.assert(
      fc.property(
        fc.array(tier, { maxLength: 3 }),
        dollars(40_000),
        dollars(40_000),
        dollars(400_000),
        (tiers, d1, d2, comp) => {
          const [lo, hi] = d1 <= d2 ? [d1, d2] : [d2, d1];
          const maxRate = Math.max(0, ...tiers.map((t) => t.rateBp));
          const m = employerMatch(tiers, hi, comp);
          expect(m).toBeLessThanOrEqual(Math.ceil((hi * maxRate) / 10_000));
          expect(employerMatch(tiers, lo, comp)).toBeLessThanOrEqual(m);
        },
      ),
    );
  });

  it("tax is monotone and the incremental tax adds up", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2024, max: 2026 }),
        fc.constantFrom("single", "mfj", "mfs", "hoh" as const),
        dollars(2_000_000),
        dollars(500_000),
        (year, status, base, added) => {
          const r = taxOnAddedIncome(year, status, base, added);
          expect(r.taxWithAdded).toBeGreaterThanOrEqual(r.tax);
          expect(r.tax + r.incrementalTax).toBe(r.taxWithAdded);
          expect(r.incrementalTax).toBeLessThanOrEqual(Math.ceil((added * 37) / 100));
          expect(incomeTax(year, status, base)).toBe(r.tax);
        },
      ),
    );
  });

  it("an even split of a total adds up to the cent, front-loaded", () => {
    fc.assert(
      fc.property(dollars(100_000), fc.integer({ min: 1, max: 60 }), (total, n) => {
        const parts = allocateEvenly(total, n);
        expect(sum(parts)).toBe(total);
        expect(Math.max(...parts) - Math.min(...parts)).toBeLessThanOrEqual(1);
        expect([...parts].sort((a, b) => b - a)).toEqual(parts);
      }),
    );
  });
});

describe("QDCG worksheet properties (IRC §1(h)(1))", () => {
  const status = fc.constantFrom("single" as const, "mfj" as const, "mfs" as const, "hoh" as const);
  const taxYear = fc.integer({ min: 2024, max: 2026 });
  // Taxable income and the part of it that is gains; gains may exceed taxable income (deductions), as on Form 1040.
  const income = fc.tuple(dollars(1_500_000), dollars(1_500_000));
  const half = (n: number) => cents(Number(divideRounded(BigInt(n), 100n, "half-up")));

  it("never more than the tax at ordinary rates on all of it, and equal to it with no gains", () => {
    fc.assert(
      fc.property(taxYear, status, income, (year, s, [ti, gains]) => {
        const w = capitalGainWorksheet(year, s, ti, gains);
        expect(w.line25).toBeLessThanOrEqual(incomeTax(year, s, ti));
        expect(w.line24).toBe(incomeTax(year, s, ti));
        expect(w.line25).toBeGreaterThanOrEqual(w.line22);
        expect(capitalGainWorksheet(year, s, ti, ZERO).line25).toBe(incomeTax(year, s, ti));
        expect(federalIncomeTax(year, s, ti, ZERO)).toBe(incomeTax(year, s, ti));
      }),
      { numRuns: 500 },
    );
  });

  it("equals the smaller of the ordinary tax and the gains stacked band by band above ordinary income", () => {
    // An independent statement of §1(h)(1): ordinary income (TI − gains, not below 0) at the rate schedule;
    // each dollar of gains between it and TI at 0% below the zero-rate maximum, 15% to the 15% maximum,
    // 20% above (each product rounded half-up to the cent, as worksheet lines 18 and 21 are).
    fc.assert(
      fc.property(taxYear, status, income, (year, s, [ti, gains]) => {
        const band = figure("capitalGainsThresholds", year)[s];
        const ordinary = Math.max(0, ti - gains);
        const overlap = (lo: number, hi: number) => Math.max(0, Math.min(ti, hi) - Math.max(ordinary, lo));
        const at15 = overlap(band.zeroRateMax * 100, band.fifteenRateMax * 100);
        const at20 = overlap(band.fifteenRateMax * 100, Number.POSITIVE_INFINITY);
        const stacked = incomeTax(year, s, cents(ordinary)) + half(at15 * 15) + half(at20 * 20);
        expect(capitalGainWorksheet(year, s, ti, gains).line25).toBe(
          Math.min(stacked, incomeTax(year, s, ti)),
        );
      }),
      { numRuns: 500 },
    );
  });

  it("the stacked library form adds up: tax on ordinary income + capitalGainsTax = worksheet tax", () => {
    fc.assert(
      fc.property(taxYear, status, income, (year, s, [ordinary, gains]) => {
        const r = longTermCapitalGainsTax(year, s, ordinary, gains);
        expect(incomeTax(year, s, ordinary) + r.capitalGainsTax).toBe(r.tax);
        expect(r.capitalGainsTax).toBeGreaterThanOrEqual(0);
        expect(r.gainsAt0Pct + r.gainsAt15Pct + r.gainsAt20Pct).toBe(gains);
      }),
      { numRuns: 300 },
    );
  });

  it("added ordinary income with gains: the incremental tax is the worksheet difference, never negative", () => {
    fc.assert(
      fc.property(taxYear, status, income, dollars(200_000), (year, s, [ti, gains], added) => {
        const r = taxOnAddedIncome(year, s, ti, added, gains);
        expect(r.incrementalTax).toBeGreaterThanOrEqual(0);
        expect(r.taxWithAdded).toBe(federalIncomeTax(year, s, cents(ti + added), gains));
      }),
      { numRuns: 300 },
    );
  });
});
