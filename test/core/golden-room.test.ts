import { describe, expect, it } from "vitest";
import {
  catchUpLimitFor,
  contributionRoom,
  dollarsToCents,
  percentToBasisPoints,
  type RoomInput,
  type RoomResult,
} from "../../packages/core/src/typed.js";
import { goldenCases } from "../helpers/golden.js";

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

function roomInput(i: RoomCaseInputs): RoomInput {
  return {
    year: i.year,
    ageAtYearEnd: i.ageAtYearEnd,
    compensation: dollarsToCents(i.compensation),
    // The input is total deferrals; the amount over 402(g) is the catch-up.
    electiveDeferrals: dollarsToCents(i.electiveDeferralsExclCatchUp + i.catchUpRequested),
    match: i.match
      ? [
          {
            rateBp: percentToBasisPoints(i.match.ratePct),
            upToBp: percentToBasisPoints(i.match.upToPctOfComp),
          },
        ]
      : [],
    nonelectiveBp: percentToBasisPoints(i.nonelectivePctOfComp),
    afterTaxCap:
      i.planAfterTaxCapPctOfPay === null
        ? null
        : { kind: "percent", bp: percentToBasisPoints(i.planAfterTaxCapPctOfPay) },
    priorYearFicaWages:
      i.priorYearFicaWagesSameEmployer === null ? null : dollarsToCents(i.priorYearFicaWagesSameEmployer),
    planOffersRoth: i.planOffersRoth,
    otherEmployerDeferrals: dollarsToCents(0),
    relatedEmployerAdditions: dollarsToCents(0),
  };
}

/** Golden field name → how to read it from the result (money in cents, compared as dollars). */
const MONEY_FIELDS: Record<string, (r: RoomResult) => number> = {
  limit402g: (r) => r.electiveDeferralLimit,
  catchUpLimit: (r) => r.catchUpLimit,
  limit415cDollar: (r) => r.limit415cDollar,
  limit415cEffective: (r) => r.annualAdditionsLimit,
  compensationForEmployerContribs: (r) => r.compensationForEmployerContribs,
  employerMatch: (r) => r.employerMatch,
  employerNonelective: (r) => r.employerNonelective,
  afterTaxRoom415: (r) => r.afterTaxRoom415,
  afterTaxRoom: (r) => r.afterTaxRoom,
  annualAdditions415: (r) => r.annualAdditions,
  catchUpContributed: (r) => r.catchUpContributed,
  totalAllSources: (r) => r.totalAllSources,
  employeeContribsPlusFica: (r) => r.employeeContribsPlusFica,
  excessOver415BeforeAfterTax: (r) => r.excessOver415,
};

describe("golden ROOM cases (../shared/reference/golden)", () => {
  for (const c of goldenCases("ROOM")) {
    it(`${c.id}: ${c.description}`, () => {
      const result = contributionRoom(roomInput(c.inputs as unknown as RoomCaseInputs));
      const expected = c.expected;
      let checked = 0;
      for (const [field, value] of Object.entries(expected)) {
        if (field in MONEY_FIELDS) {
          expect(MONEY_FIELDS[field]!(result), field).toBe(dollarsToCents(value as number));
          checked++;
        } else if (field === "catchUpMustBeRoth") {
          expect(result.catchUpMustBeRoth, field).toBe(value);
          checked++;
        } else if (field === "catchUpAllowed") {
          expect(result.catchUpAllowed, field).toBe(value);
          checked++;
        } else if (field === "payrollFeasibilityWarning") {
          expect(
            result.warnings.some((w) => w.code === "payroll-feasibility"),
            field,
          ).toBe(value);
          checked++;
        } else {
          throw new Error(`golden field ${field} is not checked`);
        }
      }
      expect(checked).toBe(Object.keys(expected).length);
      if ("excessOver415BeforeAfterTax" in expected) {
        expect(result.warnings.map((w) => w.code)).toContain("excess-annual-additions");
      }
    });
  }
});

describe("golden CU cases", () => {
  for (const c of goldenCases("CU")) {
    it(`${c.id}: ${c.description}`, () => {
      const inputs = (c.inputs as { cases: { year: number; age: number }[] }).cases;
      const expected = (c.expected as { catchUpLimit: number[] }).catchUpLimit;
      expect(inputs.map((x) => catchUpLimitFor(x.year, x.age).limit)).toEqual(
        expected.map((d) => dollarsToCents(d)),
      );
    });
  }
});
