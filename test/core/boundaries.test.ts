import { describe, expect, it } from "vitest";
import {
  catchUpLimitFor,
  contributionRoom,
  employerMatch,
  incomeTax,
  marginalRatePct,
  parseDollars,
  parseMatchFormula,
  percentToBasisPoints,
  type RoomInput,
  ZERO,
} from "../../packages/core/src/typed.js";

const base: RoomInput = {
  year: 2026,
  ageAtYearEnd: 45,
  compensation: parseDollars("200000"),
  electiveDeferrals: parseDollars("24500"),
  match: parseMatchFormula("50%@6%"),
  nonelectiveBp: percentToBasisPoints(0),
  afterTaxCap: null,
  priorYearFicaWages: null,
  planOffersRoth: true,
  otherEmployerDeferrals: ZERO,
  relatedEmployerAdditions: ZERO,
};

describe("age boundaries at December 31", () => {
  it.each([
    [2026, 49, "0"],
    [2026, 50, "8000"],
    [2025, 59, "7500"],
    [2025, 60, "11250"],
    [2026, 63, "11250"],
    [2026, 64, "8000"],
    [2024, 60, "7500"], // the ages 60–63 limit starts in 2025
  ])("%i, age %i → catch-up limit $%s", (year, age, limit) => {
    expect(catchUpLimitFor(year, age).limit).toBe(parseDollars(limit));
  });
});

describe("Roth catch-up rule (IRC §414(v)(7)) boundaries", () => {
  const at = (wages: string | null, roth = true) =>
    contributionRoom({
      ...base,
      ageAtYearEnd: 55,
      electiveDeferrals: parseDollars("32500"),
      priorYearFicaWages: wages === null ? null : parseDollars(wages),
      planOffersRoth: roth,
    });

  it("$150,000.00 is not over the threshold; $150,000.01 is", () => {
    expect(at("150000").catchUpMustBeRoth).toBe(false);
    expect(at("150000.01").catchUpMustBeRoth).toBe(true);
  });

  it("does not apply before 2026", () => {
    const r = contributionRoom({
      ...base,
      year: 2025,
      ageAtYearEnd: 55,
      electiveDeferrals: parseDollars("31000"),
      priorYearFicaWages: parseDollars("400000"),
    });
    expect(r.catchUpMustBeRoth).toBe(false);
    expect(r.catchUpContributed).toBe(parseDollars("7500"));
  });

  it("no Roth in the plan: no catch-up, the excess is an excess deferral, the after-tax room is unchanged", () => {
    const r = at("200000", false);
    expect(r.catchUpAllowed).toBe(false);
    expect(r.catchUpContributed).toBe(ZERO);
    expect(r.excessDeferral).toBe(parseDollars("8000"));
    expect(r.afterTaxRoom).toBe(at("200000", true).afterTaxRoom);
  });
});

describe("the year a limit changes", () => {
  it("2025 → 2026 raises 402(g) and 415(c) for the same person", () => {
    const y25 = contributionRoom({ ...base, year: 2025, electiveDeferrals: parseDollars("23500") });
    const y26 = contributionRoom(base);
    expect([y25.electiveDeferralLimit, y25.annualAdditionsLimit]).toEqual([
      parseDollars("23500"),
      parseDollars("70000"),
    ]);
    expect([y26.electiveDeferralLimit, y26.annualAdditionsLimit]).toEqual([
      parseDollars("24500"),
      parseDollars("72000"),
    ]);
    // 70,000 − 23,500 − 6,000 and 72,000 − 24,500 − 6,000.
    expect([y25.afterTaxRoom, y26.afterTaxRoom]).toEqual([parseDollars("40500"), parseDollars("41500")]);
  });
});

describe("401(a)(17) and match tiers", () => {
  it("match stops at the compensation limit", () => {
    const r = contributionRoom({
      ...base,
      compensation: parseDollars("500000"),
      match: parseMatchFormula("100%@6%"),
    });
    expect(r.compensationForEmployerContribs).toBe(parseDollars("360000"));
    expect(r.employerMatch).toBe(parseDollars("21600"));
  });

  it("stacked tiers: 100% of the first 3% plus 50% of the next 2%", () => {
    const tiers = parseMatchFormula("100%@3%,50%@2%");
    const pay = parseDollars("100000");
    expect(employerMatch(tiers, parseDollars("2000"), pay)).toBe(parseDollars("2000"));
    expect(employerMatch(tiers, parseDollars("4000"), pay)).toBe(parseDollars("3500"));
    expect(employerMatch(tiers, parseDollars("9000"), pay)).toBe(parseDollars("4000"));
  });

  it("rounds a per-paycheck match half-up to the cent", () => {
    // 50% × min(1,000.01, 6% × 3,846.17 = 230.7702) = 115.3851 → $115.39
    expect(employerMatch(parseMatchFormula("50%@6%"), parseDollars("1000.01"), parseDollars("3846.17"))).toBe(
      parseDollars("115.39"),
    );
  });
});

describe("tax bracket edges", () => {
  it("the marginal rate changes at the first dollar over a bracket start", () => {
    expect(marginalRatePct(2026, "single", parseDollars("50399.99"))).toBe(12);
    expect(marginalRatePct(2026, "single", parseDollars("50400"))).toBe(22);
    // 10% × 12,400 + 12% × 38,000 = 1,240 + 4,560
    expect(incomeTax(2026, "single", parseDollars("50400"))).toBe(parseDollars("5800"));
    expect(incomeTax(2026, "single", ZERO)).toBe(ZERO);
  });
});

describe("a plan that matches catch-ups", () => {
  // 2026, age 55, pay $400,000 (capped at $360,000), deferrals $32,500 = $24,500 + $8,000 catch-up, 100% of 10%.
  const input: RoomInput = {
    ...base,
    ageAtYearEnd: 55,
    compensation: parseDollars("400000"),
    electiveDeferrals: parseDollars("32500"),
    match: parseMatchFormula("100%@10%"),
  };

  it("matches deferrals within 402(g) only by default", () => {
    const r = contributionRoom(input);
    // 72,000 − 24,500 − 24,500 = 23,000.
    expect([r.employerMatch, r.afterTaxRoom]).toEqual([parseDollars("24500"), parseDollars("23000")]);
  });

  it("with matchOnCatchUp, the catch-up is matched and the match counts in 415(c)", () => {
    const r = contributionRoom({ ...input, matchOnCatchUp: true });
    // Match 100% × min(32,500, 10% × 360,000) = 32,500; room 72,000 − 24,500 − 32,500 = 15,000.
    expect([r.employerMatch, r.afterTaxRoom]).toEqual([parseDollars("32500"), parseDollars("15000")]);
    expect(r.steps.some((s) => s.label.includes("catch-ups included"))).toBe(true);
  });
});
