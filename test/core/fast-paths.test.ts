import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { supportedYears, withSuppliedFigures } from "../../packages/core/src/data/figures.js";
import { parseSuppliedFigures } from "../../packages/core/src/data/supplied-figures.js";
import {
  type AcpTally,
  acpTally,
  distributeByDollarAmount,
  maxUniformHceAfterTax,
  tallyParticipant,
} from "../../packages/core/src/rules/acp-test.js";
import { contributionRoom, type RoomInput } from "../../packages/core/src/rules/contribution-room.js";
import { employerMatch, employerMatchBigInt } from "../../packages/core/src/rules/match-formula.js";
import type { Cents } from "../../packages/core/src/rules/money/cents.js";
import { type BasisPoints, percentOf } from "../../packages/core/src/rules/money/percent.js";
import {
  divideRounded,
  divideRoundedSafe,
  type RoundingMode,
} from "../../packages/core/src/rules/money/rounding.js";
import { goldenCases } from "../helpers/golden.js";

/**
 * Each fast path against the reference path it replaces, on random inputs (fast-check) and the golden cases:
 * the same answer, never frozen numbers (other work changes the figures; the two paths must agree whatever
 * they are).
 */
const MODES: readonly RoundingMode[] = ["half-up", "down", "up"];
const SAFE = Number.MAX_SAFE_INTEGER;

describe("safe-integer arithmetic equals BigInt", () => {
  it("divideRoundedSafe = divideRounded for every safe numerator and denominator", () => {
    const numerator = fc.oneof(
      fc.integer({ min: -1_000_000, max: 1_000_000 }),
      fc.integer({ min: -SAFE, max: SAFE }),
      fc.constantFrom(SAFE, -SAFE, 0, -0, 1, -1, 2 ** 52, 2 ** 52 - 1, -(2 ** 52), 1 - 2 ** 52),
      // a multiple of the denominator, or one off it, near 2^52 (where the double quotient rounds)
      fc.integer({ min: 2 ** 52 - 100_000, max: 2 ** 52 + 100_000 }),
      fc.integer({ min: -(2 ** 52) - 100_000, max: 100_000 - 2 ** 52 }),
    );
    const denominator = fc.oneof(
      fc.integer({ min: 1, max: 100_000 }),
      fc.integer({ min: 1, max: SAFE }),
      fc.constantFrom(3, 7, 10_000, 100_000_000, 2 ** 52 - 1, 2 ** 52, SAFE),
    );
    fc.assert(
      fc.property(numerator, denominator, fc.constantFrom(...MODES), (n, d, mode) => {
        expect(divideRoundedSafe(n, d, mode)).toBe(Number(divideRounded(BigInt(n), BigInt(d), mode)));
      }),
      { numRuns: 5_000 },
    );
  });

  it("percentOf takes the number path only where the product is exact, and agrees with BigInt", () => {
    const amount = fc.oneof(
      fc.integer({ min: -(10 ** 9), max: 10 ** 9 }),
      fc.integer({ min: -SAFE, max: SAFE }),
    );
    fc.assert(
      fc.property(
        amount,
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.constantFrom(...MODES),
        (a, bp, mode) => {
          const reference = Number(divideRounded(BigInt(a) * BigInt(bp), 10_000n, mode));
          if (!Number.isSafeInteger(reference)) return; // not a Cents value either way
          expect(percentOf(a as Cents, bp as BasisPoints, mode)).toBe(reference);
        },
      ),
      { numRuns: 5_000 },
    );
  });

  it("employerMatch = employerMatchBigInt, inside and beyond the safe bound", () => {
    const tier = fc.record({
      rateBp: fc.integer({ min: 0, max: 20_000 }).map((n) => n as BasisPoints),
      upToBp: fc.integer({ min: 0, max: 10_000 }).map((n) => n as BasisPoints),
    });
    const money = fc.oneof(fc.integer({ min: 0, max: 100_000_000 }), fc.integer({ min: 0, max: 10 ** 13 }));
    fc.assert(
      fc.property(fc.array(tier, { maxLength: 4 }), money, money, (tiers, d, c) => {
        let reference: number;
        try {
          reference = employerMatchBigInt(tiers, d as Cents, c as Cents);
        } catch {
          return; // the result is not a safe integer of cents: both refuse
        }
        expect(employerMatch(tiers, d as Cents, c as Cents)).toBe(reference);
      }),
      { numRuns: 3_000 },
    );
  });
});

const years = supportedYears("annualAdditionsLimit");
const cents = (max: number) => fc.integer({ min: 0, max }).map((n) => n as Cents);
const roomInputArb: fc.Arbitrary<RoomInput> = fc.record({
  year: fc.constantFrom(...years),
  ageAtYearEnd: fc.integer({ min: 18, max: 120 }),
  compensation: cents(80_000_000),
  electiveDeferrals: cents(6_000_000),
  match: fc.array(
    fc.record({
      rateBp: fc.integer({ min: 0, max: 20_000 }).map((n) => n as BasisPoints),
      upToBp: fc.integer({ min: 0, max: 1_000 }).map((n) => n as BasisPoints),
    }),
    { maxLength: 2 },
  ),
  matchOnCatchUp: fc.boolean(),
  nonelectiveBp: fc.integer({ min: 0, max: 2_500 }).map((n) => n as BasisPoints),
  afterTaxCap: fc.option(
    fc.oneof(
      fc.record({
        kind: fc.constant("percent" as const),
        bp: fc.integer({ min: 0, max: 10_000 }).map((n) => n as BasisPoints),
      }),
      fc.record({ kind: fc.constant("dollars" as const), amount: cents(8_000_000) }),
    ),
    { nil: null },
  ),
  priorYearFicaWages: fc.option(cents(60_000_000), { nil: null }),
  planOffersRoth: fc.boolean(),
  otherEmployerDeferrals: fc.oneof(fc.constant(0 as Cents), cents(4_000_000)),
  relatedEmployerAdditions: fc.oneof(fc.constant(0 as Cents), cents(8_000_000)),
});

/** The result asked for with `explain: false` is the explained one without steps and messages. */
function expectSameRoom(input: RoomInput): void {
  const explained = contributionRoom(input);
  const quiet = contributionRoom(input, { explain: false });
  expect(quiet).toEqual({
    ...explained,
    steps: [],
    warnings: explained.warnings.map((w) => ({ code: w.code, message: "" })),
  });
}

/** The golden ROOM cases' inputs (test/golden/cases.json), in dollars and percents. */
interface RoomCaseInputs {
  year: number;
  ageAtYearEnd: number;
  compensation: number;
  electiveDeferralsExclCatchUp: number;
  catchUpRequested: number;
  match: { ratePct: number; upToPctOfComp: number } | null;
  nonelectivePctOfComp: number;
  planAfterTaxCapPctOfPay: number | null;
  priorYearFicaWagesSameEmployer: number | null;
  planOffersRoth: boolean;
}

describe("contributionRoom without steps", () => {
  it("gives every figure and warning code of the explained result (random inputs)", () => {
    fc.assert(fc.property(roomInputArb, expectSameRoom), { numRuns: 3_000 });
  });

  it("gives every figure of the explained result on the golden ROOM cases", () => {
    for (const c of goldenCases("ROOM")) {
      const i = c.inputs as unknown as RoomCaseInputs;
      const pct = (p: number) => Math.round(p * 100) as BasisPoints;
      const d = (x: number) => Math.round(x * 100) as Cents;
      const m = i.match;
      expectSameRoom({
        year: i.year,
        ageAtYearEnd: i.ageAtYearEnd,
        compensation: d(i.compensation),
        electiveDeferrals: d(i.electiveDeferralsExclCatchUp + i.catchUpRequested),
        match: m ? [{ rateBp: pct(m.ratePct), upToBp: pct(m.upToPctOfComp) }] : [],
        nonelectiveBp: pct(i.nonelectivePctOfComp),
        afterTaxCap:
          i.planAfterTaxCapPctOfPay === null ? null : { kind: "percent", bp: pct(i.planAfterTaxCapPctOfPay) },
        priorYearFicaWages:
          i.priorYearFicaWagesSameEmployer === null ? null : d(i.priorYearFicaWagesSameEmployer),
        planOffersRoth: i.planOffersRoth,
        otherEmployerDeferrals: 0 as Cents,
        relatedEmployerAdditions: 0 as Cents,
      });
    }
  });

  it("still refuses an unsupported year, naming the same figure", () => {
    const input = fc.sample(roomInputArb, 1)[0]!;
    const bad = { ...input, year: 1990 };
    expect(() => contributionRoom(bad, { explain: false })).toThrow(
      (() => {
        try {
          contributionRoom(bad);
        } catch (error) {
          return (error as Error).message;
        }
        return "no error";
      })(),
    );
  });
});

/** The what-if search as it was: halving all of [0, 10,000]. */
function maxUniformReference(tally: AcpTally, allowedSum: number): number | null {
  const sum = (bp: number) =>
    tally.hces.reduce((s, h) => {
      const afterTax = Math.floor((h.pay * bp) / 10_000);
      const contributions = h.match + afterTax;
      if (contributions === 0) return s;
      return s + Number(divideRounded(BigInt(contributions) * 10_000n, BigInt(h.compensation), "half-up"));
    }, 0);
  if (sum(0) > allowedSum) return null;
  let low = 0;
  let high = 10_000;
  if (sum(high) <= allowedSum) return high;
  while (high - low > 1) {
    const mid = (low + high) >> 1;
    if (sum(mid) <= allowedSum) low = mid;
    else high = mid;
  }
  return low;
}

const hceArb = fc.record({
  id: fc.string({ minLength: 1, maxLength: 6 }),
  compensation: fc.integer({ min: 100_000, max: 60_000_000 }).map((n) => n as Cents),
  priorYearCompensation: fc.constant(99_000_000 as Cents),
  fivePercentOwner: fc.constant(true),
  deferrals: fc.constant(0 as Cents),
  match: fc.integer({ min: 0, max: 3_000_000 }).map((n) => n as Cents),
  afterTax: fc.integer({ min: 0, max: 5_000_000 }).map((n) => n as Cents),
  acpIncome: fc.constant(null),
  acpBalanceStart: fc.constant(null),
});

describe("ACP fast paths", () => {
  it("the uniform after-tax what-if from an estimate = the full halving search", () => {
    fc.assert(
      fc.property(
        fc.array(hceArb, { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 0, max: 400_000 }),
        (hces, allowed) => {
          const tally = acpTally(2026);
          for (const h of hces) tallyParticipant(tally, h);
          expect(maxUniformHceAfterTax(tally.hces, allowed)).toBe(maxUniformReference(tally, allowed));
        },
      ),
      { numRuns: 1_000 },
    );
  });

  it("refunds ranked by numeric key = ranked by the comparator (largest first, then input order)", () => {
    fc.assert(
      fc.property(
        fc.array(hceArb, { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 1, max: 10_000_000 }),
        (hces, excess) => {
          const tally = acpTally(2026);
          for (const h of hces) tallyParticipant(tally, h);
          const total = tally.hces.reduce((s, h) => s + h.match + h.afterTax, 0);
          const cut = Math.min(excess, total) as Cents;
          const ranked = [...tally.hces].sort(
            (a, b) => b.match + b.afterTax - (a.match + a.afterTax) || a.order - b.order,
          );
          const got = distributeByDollarAmount(tally.hces, cut);
          // The same HCEs in the same order as the comparator's ranking (shares are computed from it).
          expect(got.map((g) => g.hce)).toEqual(ranked.slice(0, got.length));
          // The comparator path (orders that are not positions) gives the same shares.
          const reordered = tally.hces.map((h) => ({ ...h, order: h.order * 2 + 1 }));
          expect(distributeByDollarAmount(reordered, cut).map((g) => g.excess)).toEqual(
            got.map((g) => g.excess),
          );
        },
      ),
      { numRuns: 1_000 },
    );
  });
});

describe("caches never keep a supplied figure", () => {
  const golden = goldenCases("SUPPLIED").find((c) => c.id === "SUPPLIED-2027-ROOM")!;
  const figures = (
    golden.inputs as { suppliedFigures: Record<string, Record<string, { value: number; source: string }>> }
  ).suppliedFigures;
  const input: RoomInput = {
    year: 2027,
    ageAtYearEnd: 45,
    compensation: 40_000_000 as Cents,
    electiveDeferrals: 2_500_000 as Cents,
    match: [{ rateBp: 5_000 as BasisPoints, upToBp: 600 as BasisPoints }],
    nonelectiveBp: 0 as BasisPoints,
    afterTaxCap: null,
    priorYearFicaWages: null,
    planOffersRoth: true,
    otherEmployerDeferrals: 0 as Cents,
    relatedEmployerAdditions: 0 as Cents,
  };
  it("reads each run's supplied figures afresh and records them as used, with or without steps", () => {
    const bump = (by: number) => {
      const copy = JSON.parse(JSON.stringify(figures)) as typeof figures;
      for (const id of Object.keys(copy)) {
        const v = copy[id]!["2027"];
        if (v && typeof v.value === "number" && id !== "ficaEmployeeRates") v.value += by;
      }
      return parseSuppliedFigures(copy, `book+${by}.json`);
    };
    const results = [0, 1_000, 0].map((by) => {
      const book = bump(by);
      const quiet = withSuppliedFigures(book, () => contributionRoom(input, { explain: false }));
      const explained = withSuppliedFigures(book, () => contributionRoom(input));
      expect(quiet.result.afterTaxRoom).toBe(explained.result.afterTaxRoom);
      expect(quiet.supplied.map((f) => f.id).sort()).toEqual(explained.supplied.map((f) => f.id).sort());
      expect(quiet.supplied.length).toBeGreaterThan(0);
      return quiet.result;
    });
    expect(results[1]!.limit415cDollar).toBe(results[0]!.limit415cDollar + 100_000);
    expect(results[2]).toEqual(results[0]);
  });
});
