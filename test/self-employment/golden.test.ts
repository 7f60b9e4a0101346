import { describe, expect, it } from "vitest";
import {
  dollarsToCents,
  percentToBasisPoints,
  type SelfEmployedRoomResult,
  selfEmployedRoom,
  ZERO,
} from "../../packages/core/src/typed.js";
import { goldenCases } from "../helpers/golden.js";

interface OwnerCaseInputs {
  year: number;
  ageAtYearEnd: number;
  netProfit: number;
  w2WagesElsewhere: number;
  electiveDeferrals: number;
  otherEmployerDeferrals: number;
  nonelectivePct: number;
}

function ownerRoom(i: OwnerCaseInputs): SelfEmployedRoomResult {
  return selfEmployedRoom({
    year: i.year,
    ageAtYearEnd: i.ageAtYearEnd,
    netProfit: dollarsToCents(i.netProfit),
    w2WagesElsewhere: dollarsToCents(i.w2WagesElsewhere),
    electiveDeferrals: dollarsToCents(i.electiveDeferrals),
    nonelectiveBp: percentToBasisPoints(i.nonelectivePct),
    afterTaxCap: null,
    planOffersRoth: true,
    otherEmployerDeferrals: dollarsToCents(i.otherEmployerDeferrals),
    relatedEmployerAdditions: ZERO,
  });
}

/** Golden field → the result's amount in cents. */
const FIELDS: Record<string, (r: SelfEmployedRoomResult) => number> = {
  scheduleSELine4a: (r) => r.selfEmployment.scheduleSE.line4a,
  scheduleSELine10: (r) => r.selfEmployment.scheduleSE.line10,
  scheduleSELine11: (r) => r.selfEmployment.scheduleSE.line11,
  selfEmploymentTax: (r) => r.selfEmployment.selfEmploymentTax,
  halfSelfEmploymentTax: (r) => r.selfEmployment.halfSelfEmploymentTax,
  netEarnings: (r) => r.selfEmployment.netEarnings,
  employerNonelective: (r) => r.employerNonelective,
  compensation: (r) => r.compensation,
  limit415cEffective: (r) => r.annualAdditionsLimit,
  afterTaxRoom: (r) => r.afterTaxRoom,
  catchUpContributed: (r) => r.catchUpContributed,
  totalAllSources: (r) => r.totalAllSources,
};

describe("golden self-employed owner cases (SOLO: independent review; SE: edges)", () => {
  for (const c of goldenCases("SOLO", "SE")) {
    it(`${c.id}: ${c.description}`, () => {
      const r = ownerRoom(c.inputs as unknown as OwnerCaseInputs);
      const expected = Object.entries(c.expected);
      for (const [field, value] of expected) {
        const read = FIELDS[field];
        if (!read) throw new Error(`golden field ${field} is not checked`);
        expect(read(r), field).toBe(dollarsToCents(value as number));
      }
      expect(expected.length).toBeGreaterThanOrEqual(10);
    });
  }
});
