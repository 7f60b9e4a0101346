import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FILING_STATUSES } from "../../packages/core/src/rules/tax-year.js";
import {
  type BasisPoints,
  type Cents,
  contributionRoom,
  figure,
  incomeTax,
  longTermCapitalGainsTax,
  marginalRatePct,
  parseDollars,
  parseMatchFormula,
  percentToBasisPoints,
  type RoomInput,
  ZERO,
} from "../../packages/core/src/typed.js";

const $ = parseDollars;

const base: RoomInput = {
  year: 2026,
  ageAtYearEnd: 55,
  compensation: $("400000"),
  electiveDeferrals: $("24500"),
  match: parseMatchFormula("100%@10%"),
  nonelectiveBp: percentToBasisPoints(0),
  afterTaxCap: null,
  priorYearFicaWages: null,
  planOffersRoth: true,
  otherEmployerDeferrals: ZERO,
  relatedEmployerAdditions: ZERO,
};

const codes = (r: { warnings: readonly { code: string }[] }) => r.warnings.map((w) => w.code);

describe("the match reaches deferrals within 402(g) only (rules.md §(a)5, golden ROOM-04 vs ROOM-04b)", () => {
  // 2026: 402(g) $24,500; catch-up (55) $8,000; 401(a)(17) $360,000, so the match caps at 10% × 360,000 = 36,000.
  it("a catch-up is not matched, so it cannot lower the after-tax room", () => {
    // Deferrals 32,500 = 24,500 regular + 8,000 catch-up. Match = 100% × 24,500 = 24,500 (not 32,500).
    // Room = 72,000 − 24,500 − 24,500 = 23,000, the same as with no catch-up.
    const without = contributionRoom(base);
    const withCatchUp = contributionRoom({ ...base, electiveDeferrals: $("32500") });
    expect(withCatchUp.employerMatch).toBe($("24500"));
    expect(withCatchUp.catchUpContributed).toBe($("8000"));
    expect(withCatchUp.afterTaxRoom).toBe($("23000"));
    expect(withCatchUp.afterTaxRoom).toBe(without.afterTaxRoom);
    expect(withCatchUp.totalAllSources).toBe($("80000")); // 72,000 + 8,000
  });

  it("an excess deferral is not matched (it is distributed, IRC §402(g)(2))", () => {
    // Deferrals 40,000 = 24,500 + 8,000 catch-up + 7,500 excess; match still 24,500; room still 23,000.
    const r = contributionRoom({ ...base, electiveDeferrals: $("40000") });
    expect(r.excessDeferral).toBe($("7500"));
    expect(r.employerMatch).toBe($("24500"));
    expect(r.afterTaxRoom).toBe($("23000"));
    expect(codes(r)).toContain("excess-deferral");
  });
});

describe("deferrals above 415(c) are catch-ups of an eligible participant (Treas. Reg. §1.414(v)-1(b)(1)(i))", () => {
  // 2024, comp 300,000, deferrals 23,000, match 100% to 10% = 23,000, nonelective 10% = 30,000:
  // 23,000 + 23,000 + 30,000 = 76,000 against 69,000, 7,000 over (golden ROOM-18 at age 45).
  const over = {
    ...base,
    year: 2024,
    compensation: $("300000"),
    electiveDeferrals: $("23000"),
    nonelectiveBp: percentToBasisPoints(10),
  };

  it("age 45 (not eligible): the 7,000 is an excess to correct, as in ROOM-18", () => {
    const r = contributionRoom({ ...over, ageAtYearEnd: 45 });
    expect(r.excessOver415).toBe($("7000"));
    expect(r.catchUpContributed).toBe(ZERO);
    expect(codes(r)).toContain("excess-annual-additions");
  });

  it("age 55 with the catch-up unused: the 7,000 is catch-up, nothing to correct", () => {
    // Catch-up left 7,500 ≥ 7,000: regular 23,000 − 7,000 = 16,000; additions 16,000 + 23,000 + 30,000 = 69,000.
    const r = contributionRoom(over);
    expect(r.regularDeferrals).toBe($("16000"));
    expect(r.catchUpContributed).toBe($("7000"));
    expect(r.excessOver415).toBe(ZERO);
    expect(r.annualAdditions).toBe($("69000"));
    expect(r.totalAllSources).toBe($("76000"));
    expect(r.afterTaxRoom).toBe(ZERO);
    expect(r.employerMatch).toBe($("23000")); // the match stays the one on deferrals within 402(g)
    expect(codes(r)).toEqual(["catch-up-recharacterized"]);
  });

  it("age 55 with 3,000 of catch-up already used: 4,500 more is catch-up, 2,500 stays an excess", () => {
    // Deferrals 26,000: 23,000 regular + 3,000 catch-up; left 4,500 → regular 18,500, catch-up 7,500;
    // additions 18,500 + 23,000 + 30,000 = 71,500 → 2,500 over 69,000.
    const r = contributionRoom({ ...over, electiveDeferrals: $("26000") });
    expect(r.catchUpContributed).toBe($("7500"));
    expect(r.regularDeferrals).toBe($("18500"));
    expect(r.excessOver415).toBe($("2500"));
    expect(codes(r)).toEqual(["catch-up-recharacterized", "excess-annual-additions"]);
  });

  it("age 55 with the whole catch-up used above 402(g): all 7,000 stays an excess", () => {
    const r = contributionRoom({ ...over, electiveDeferrals: $("30500") });
    expect(r.catchUpContributed).toBe($("7500"));
    expect(r.excessOver415).toBe($("7000"));
    expect(r.totalAllSources).toBe($("83500")); // 76,000 + 7,500
  });

  it("2026, covered by §414(v)(7) in a plan without Roth: no catch-up, so the excess stays", () => {
    // 2026: 24,500 + match 24,500 + nonelective 30,000 = 79,000 → 7,000 over 72,000.
    const covered = {
      ...over,
      year: 2026,
      electiveDeferrals: $("24500"),
      priorYearFicaWages: $("200000"),
    };
    const noRoth = contributionRoom({ ...covered, planOffersRoth: false });
    expect(noRoth.catchUpContributed).toBe(ZERO);
    expect(noRoth.excessOver415).toBe($("7000"));
    const roth = contributionRoom(covered);
    expect(roth.catchUpContributed).toBe($("7000"));
    expect(roth.excessOver415).toBe(ZERO);
    expect(roth.warnings[0]?.message).toContain("must be designated Roth");
  });

  it("compensation is the limit: all pay deferred plus 3% nonelective", () => {
    // 2025, comp 20,000, deferrals 20,000, nonelective 600: 20,600 against 100% of pay 20,000.
    // 600 is catch-up; §414(v)(2)(A): 600 ≤ 20,000 − 19,400 of other deferrals.
    const r = contributionRoom({
      ...base,
      year: 2025,
      compensation: $("20000"),
      electiveDeferrals: $("20000"),
      match: [],
      nonelectiveBp: percentToBasisPoints(3),
    });
    expect(r.catchUpContributed).toBe($("600"));
    expect(r.regularDeferrals).toBe($("19400"));
    expect(r.excessOver415).toBe(ZERO);
    expect(r.annualAdditions).toBe($("20000"));
  });

  it("deferrals above compensation: §414(v)(2)(A) leaves no catch-up, the excess stays", () => {
    // 2025, comp 20,000, deferrals 23,500 (all within 402(g)): 3,500 over 100% of pay; catch-up limit
    // = compensation − other deferrals = 20,000 − 23,500 < 0 → none.
    const r = contributionRoom({
      ...base,
      year: 2025,
      compensation: $("20000"),
      electiveDeferrals: $("23500"),
      match: [],
    });
    expect(r.catchUpContributed).toBe(ZERO);
    expect(r.excessOver415).toBe($("3500"));
    expect(r.afterTaxRoom).toBe(ZERO);
    expect(codes(r)).toEqual(["payroll-feasibility", "excess-annual-additions"]);
  });
});

describe("401(a)(17) and the Roth catch-up wage test at their boundaries", () => {
  it("compensation exactly at 401(a)(17) is used whole; a cent more is capped", () => {
    // 2026 limit 360,000; 100% match to 6% = 21,600 either way; deferrals 24,500 > 21,600.
    const at = contributionRoom({ ...base, compensation: $("360000"), match: parseMatchFormula("100%@6%") });
    const above = contributionRoom({
      ...at,
      ...base,
      compensation: $("360000.01"),
      match: parseMatchFormula("100%@6%"),
    });
    expect(at.compensationForEmployerContribs).toBe($("360000"));
    expect(above.compensationForEmployerContribs).toBe($("360000"));
    expect(at.employerMatch).toBe($("21600"));
    expect(above.employerMatch).toBe($("21600"));
    expect(at.afterTaxRoom).toBe($("25900")); // 72,000 − 24,500 − 21,600
  });

  it.each([
    ["150000", false], // exactly the threshold: not "exceeded" (golden ROOM-10)
    ["150000.01", true],
    ["250000", true], // above the 2025 wage base 176,100: box 3 is 176,100, still over 150,000
  ])("2026 catch-up, 2025 FICA wages $%s → must be Roth: %s", (wages, roth) => {
    const r = contributionRoom({ ...base, priorYearFicaWages: $(wages) });
    expect(r.catchUpMustBeRoth).toBe(roth);
    expect(r.catchUpAllowed).toBe(true);
  });

  it("wages above the SS wage base are read as box 3 = the wage base", () => {
    const r = contributionRoom({ ...base, priorYearFicaWages: $("250000") });
    const rothStep = r.steps.find((s) => s.label.includes("FICA wages exceed"));
    expect(rothStep?.amount).toBe($("176100"));
  });
});

describe("tax at every bracket boundary, every status and year (IRC §1(j); rules.md §(h))", () => {
  for (const year of [2024, 2025, 2026]) {
    for (const status of FILING_STATUSES) {
      it(`${year} ${status}`, () => {
        const brackets = figure("ordinaryIncomeBrackets", year)[status];
        // Tax at the k-th boundary = Σ over lower brackets of rate × width, accumulated in cents.
        let cumulativeCentsTimes100 = 0;
        brackets.forEach((b, k) => {
          const boundary = $(String(b.over));
          expect(incomeTax(year, status, boundary)).toBe(Math.round(cumulativeCentsTimes100 / 100));
          // The next dollar is taxed at this bracket's rate ("over" the boundary); the last cent below at the previous.
          expect(marginalRatePct(year, status, boundary)).toBe(b.ratePct);
          if (k > 0)
            expect(marginalRatePct(year, status, (boundary - 1) as typeof boundary)).toBe(
              brackets[k - 1]!.ratePct,
            );
          const next = brackets[k + 1];
          if (next) cumulativeCentsTimes100 += (next.over - b.over) * 100 * b.ratePct;
        });
      });
    }
  }

  it.each([
    // Rev. Proc. 2025-32 Table 3 (single) and Table 2 (HOH), the "plus" amounts of the 2026 schedules.
    ["single", "50400", "5800"],
    ["single", "105700", "17966"],
    ["single", "201775", "41024"],
    ["single", "256225", "58448"],
    ["single", "640600", "192979.25"],
    ["hoh", "201750", "39207"], // 16,155 + 24% × (201,750 − 105,700)
  ] as const)("2026 %s at $%s: $%s", (status, income, tax) => {
    expect(incomeTax(2026, status, $(income))).toBe($(tax));
  });
});

describe("long-term gains stacked on ordinary income (IRC §1(h)(1))", () => {
  // 2026 single: 0% to 49,450, 15% to 545,500, 20% above.
  it("ordinary income above the 15% threshold: every dollar of gain at 20%", () => {
    const r = longTermCapitalGainsTax(2026, "single", $("600000"), $("10000"));
    expect([r.gainsAt0Pct, r.gainsAt15Pct, r.gainsAt20Pct]).toEqual([ZERO, ZERO, $("10000")]);
    expect(r.capitalGainsTax).toBe($("2000"));
  });

  it("ordinary income just below the 15% threshold: 5,500 at 15%, 4,500 at 20%", () => {
    // 545,500 − 540,000 = 5,500 × 15% = 825; 4,500 × 20% = 900; total 1,725.
    const r = longTermCapitalGainsTax(2026, "single", $("540000"), $("10000"));
    expect(r.capitalGainsTax).toBe($("1725"));
  });

  it("gains spanning all three bands", () => {
    // ordinary 30,000 + gains 600,000: 19,450 at 0%; 496,050 × 15% = 74,407.50; 84,500 × 20% = 16,900.
    const r = longTermCapitalGainsTax(2026, "single", $("30000"), $("600000"));
    expect([r.gainsAt0Pct, r.gainsAt15Pct, r.gainsAt20Pct]).toEqual([$("19450"), $("496050"), $("84500")]);
    expect(r.capitalGainsTax).toBe($("91307.50"));
  });
});

describe("recharacterization property (Treas. Reg. §1.414(v)-1(b)(1)(i))", () => {
  it("an excess over 415(c) caused by deferrals remains only once the catch-up limit is used up", () => {
    const money = (max: number) => fc.integer({ min: 0, max: max * 100 }).map((n) => n as Cents);
    fc.assert(
      fc.property(
        fc.integer({ min: 2019, max: 2026 }),
        fc.integer({ min: 18, max: 80 }),
        money(400_000),
        money(45_000),
        fc.integer({ min: 0, max: 30_00 }),
        money(80_000),
        (year, age, compensation, deferrals, nonelective, related) => {
          fc.pre(deferrals <= compensation);
          const r = contributionRoom({
            ...base,
            year,
            ageAtYearEnd: age,
            compensation,
            electiveDeferrals: deferrals,
            nonelectiveBp: nonelective as BasisPoints,
            relatedEmployerAdditions: related,
          });
          if (r.excessOver415 > 0 && r.regularDeferrals > 0 && r.catchUpAllowed) {
            expect(r.catchUpContributed).toBe(r.catchUpLimit);
          }
          expect(r.regularDeferrals + r.catchUpContributed + r.excessDeferral).toBe(deferrals);
          expect(r.totalAllSources).toBe(r.annualAdditions + r.catchUpContributed);
        },
      ),
    );
  });
});
