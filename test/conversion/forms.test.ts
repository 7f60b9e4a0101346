import { describe, expect, it } from "vitest";
import {
  allocateDistribution,
  cashDistributionCode,
  cents,
  dateAttaining59AndAHalf,
  type Form8606Input,
  form8606,
  isWithinFiveTaxableYears,
  nextYearPriorBasis,
  rothWithdrawal,
  ZERO,
} from "../../packages/core/src/typed.js";

const blank: Form8606Input = {
  year: 2026,
  nondeductibleContributions: ZERO,
  priorBasis: ZERO,
  contributionsMadeNextYear: ZERO,
  yearEndValue: ZERO,
  outstandingRollovers: ZERO,
  distributions: ZERO,
  converted: ZERO,
  ratioPrecision: "exact",
};

describe("Form 8606 by hand", () => {
  it("no distribution or conversion: line 3 goes to line 14 and lines 4–13 stay blank", () => {
    const f = form8606({ ...blank, nondeductibleContributions: cents(700_000), priorBasis: cents(30_000) });
    expect(f.lines).toEqual({ "1": 700_000, "2": 30_000, "3": 730_000, "14": 730_000 });
    expect(f.line10).toBeNull();
    expect(nextYearPriorBasis(f)).toBe(730_000);
  });

  it("a pre-tax IRA on Dec 31 makes a backdoor mostly taxable, and says by how much", () => {
    const f = form8606({
      ...blank,
      nondeductibleContributions: cents(700_000),
      yearEndValue: cents(9_300_000),
      converted: cents(700_000),
    });
    // L9 = 100,000; L10 = 0.07; L11 = 490; L18 = 6,510; L14 = 6,510
    expect(f.lines["11"]).toBe(49_000);
    expect(f.lines["18"]).toBe(651_000);
    expect(f.lines["14"]).toBe(651_000);
    const w = f.warnings.find((x) => x.code === "PRETAX_IRA_PRO_RATA")!;
    expect(w.message).toContain("$93,000.00");
    expect(w.message).toContain("$6,510.00");
  });

  it("a distribution (not converted) is split by the same ratio: lines 12 and 15c", () => {
    const f = form8606({
      ...blank,
      priorBasis: cents(1_000_000),
      yearEndValue: cents(3_000_000),
      distributions: cents(1_000_000),
    });
    // ratio 10,000 / 40,000 = 0.25 → 2,500 nontaxable, 7,500 taxable
    expect([f.lines["12"], f.lines["15c"], f.lines["14"], f.taxableAmount]).toEqual([
      250_000, 750_000, 750_000, 750_000,
    ]);
    expect(f.lines["16"]).toBeUndefined();
  });

  it("line 4 contributions are left out of this year's ratio but still carried forward", () => {
    const f = form8606({
      ...blank,
      nondeductibleContributions: cents(1_400_000),
      contributionsMadeNextYear: cents(700_000),
      converted: cents(700_000),
    });
    // L5 = 7,000, L9 = 7,000 → ratio 1; L13 = 7,000; L14 = 14,000 − 7,000
    expect([f.lines["5"], f.lines["18"], f.lines["14"]]).toEqual([700_000, 0, 700_000]);
  });

  it("a 3-place ratio that rounds up to 1.000 cannot recover more than the basis", () => {
    const f = form8606({
      ...blank,
      nondeductibleContributions: cents(9_996),
      converted: cents(10_000),
      ratioPrecision: "3dp",
    });
    expect(f.lines["11"]).toBe(9_996);
    expect(f.lines["14"]).toBe(0);
    expect(f.warnings.map((w) => w.code)).toContain("LINE_13_CAPPED_AT_BASIS");
  });

  it("Worksheet 1-1 replaces lines 6–12 when some contributions are deductible", () => {
    const f = form8606({
      ...blank,
      nondeductibleContributions: cents(100_000),
      deductibleContributions: cents(300_000),
      yearEndValue: cents(1_600_000),
      distributions: cents(400_000),
    });
    // w3 = 4,000; w6 = 16,000 + 4,000; w7 = 0.2 → 800 nontaxable, 3,200 taxable; L14 = 1,000 − 800
    expect([f.worksheet11!.w8Nontaxable, f.lines["13"], f.lines["14"], f.lines["15c"]]).toEqual([
      80_000, 80_000, 20_000, 320_000,
    ]);
    expect([f.line10, f.lines["6"], f.lines["12"]]).toEqual([null, undefined, undefined]);
  });

  it("Part III: earnings beyond both bases are taxable (line 25c)", () => {
    const f = form8606({
      ...blank,
      rothDistribution: {
        nonqualifiedDistributions: cents(1_500_000),
        firstTimeHomebuyerExpenses: ZERO,
        regularContributionBasis: cents(500_000),
        conversionAndRolloverBasis: cents(800_000),
      },
    });
    expect([f.lines["23"], f.lines["25c"], f.taxableAmount]).toEqual([1_000_000, 200_000, 200_000]);
  });
});

describe("Notice 2014-54 allocator by hand", () => {
  const account = { pretax: cents(8_000_000), afterTax: cents(2_000_000) };
  it("pretax larger than the direct rollovers: the rest is paid in cash, taxable, 10%, 20% withheld, code 1", () => {
    const a = allocateDistribution({
      account,
      distribution: cents(10_000_000),
      routing: { traditionalIra: cents(5_000_000), cash: cents(5_000_000) },
      ageAtDistribution: 50,
      exceptionTo72t: false,
    });
    expect([a.cash.pretax, a.cash.afterTax, a.taxableAmount]).toEqual([3_000_000, 2_000_000, 3_000_000]);
    expect([a.additionalTax10Pct, a.mandatoryWithholding]).toEqual([300_000, 600_000]);
    expect(a.forms1099R.find((f) => f.destination === "cash")).toMatchObject({
      box2a: 3_000_000,
      box4: 600_000,
      box5: 2_000_000,
      box7: "1",
    });
  });

  it("separated at 55: no 10%, code 2; at 59½: code 7", () => {
    const input = {
      account,
      distribution: cents(10_000_000),
      routing: { cash: cents(10_000_000) },
      exceptionTo72t: true,
    };
    const at55 = allocateDistribution({ ...input, ageAtDistribution: 55 });
    expect([at55.additionalTax10Pct, at55.forms1099R[0]!.box7]).toEqual([0, "2"]);
    const at59half = allocateDistribution({ ...input, ageAtDistribution: 59.5, exceptionTo72t: false });
    expect([at59half.additionalTax10Pct, at59half.forms1099R[0]!.box7]).toEqual([0, "7"]);
    expect(cashDistributionCode(true, false)).toBe("1");
  });

  it("the participant may send the pretax to the Roth IRA first (a taxable conversion, no 10%)", () => {
    const a = allocateDistribution({
      account,
      distribution: cents(10_000_000),
      routing: { traditionalIra: cents(5_000_000), rothIra: cents(5_000_000) },
      ageAtDistribution: 40,
      exceptionTo72t: false,
      pretaxOrder: ["roth-ira", "traditional-ira", "in-plan-roth"],
    });
    expect([a.rothIra.pretax, a.traditionalIra.pretax, a.traditionalIraBasisCreated]).toEqual([
      5_000_000, 3_000_000, 2_000_000,
    ]);
    expect([a.taxableAmount, a.additionalTax10Pct]).toEqual([5_000_000, 0]);
  });

  it("60-day rollovers of the cash take its pretax first; the plan still withholds and reports it", () => {
    const subaccount = { pretax: cents(100_000), afterTax: cents(2_000_000) };
    const input = {
      account: subaccount,
      distribution: cents(2_100_000),
      routing: { cash: cents(2_100_000) },
      ageAtDistribution: 40,
      exceptionTo72t: false,
    };
    const toTraditional = allocateDistribution({
      ...input,
      sixtyDayRollovers: { traditionalIra: cents(100_000) },
    });
    expect([toTraditional.sixtyDayTraditionalIra.pretax, toTraditional.cashKept.pretax]).toEqual([
      100_000, 0,
    ]);
    expect([toTraditional.taxableAmount, toTraditional.additionalTax10Pct]).toEqual([0, 0]);
    expect(toTraditional.mandatoryWithholding).toBe(20_000);
    expect(toTraditional.forms1099R[0]).toMatchObject({ box2a: 100_000, box4: 20_000, box7: "1" });
    const toRoth = allocateDistribution({ ...input, sixtyDayRollovers: { rothIra: cents(2_100_000) } });
    expect([toRoth.sixtyDayRothIra.pretax, toRoth.taxableAmount, toRoth.additionalTax10Pct]).toEqual([
      100_000, 100_000, 0,
    ]);
    expect(() =>
      allocateDistribution({ ...input, sixtyDayRollovers: { rothIra: cents(2_100_001) } }),
    ).toThrow(/60-day/);
  });

  it("routes that do not add up to the distribution are refused", () => {
    expect(() =>
      allocateDistribution({
        account,
        distribution: cents(100),
        routing: { cash: cents(99) },
        ageAtDistribution: 40,
        exceptionTo72t: false,
      }),
    ).toThrow(/add up to \$0.99/);
  });
});

describe("Roth ordering and five-year clocks by hand", () => {
  const input = {
    year: 2026,
    amount: cents(300_000),
    ageAtDistribution: 45,
    disabledOrDeceased: false,
    otherExceptionTo72t: false,
    regularContributionBasis: cents(100_000),
    conversions: [],
    firstRothYear: 2024,
    firstTimeHomebuyerExpenses: ZERO,
  };
  it("earnings after regular contributions are taxable and bear 10% before 59½", () => {
    const w = rothWithdrawal(input);
    expect(w.layers.map((l) => [l.source, l.amount, l.tax, l.penalty])).toEqual([
      ["regular contributions", 100_000, 0, 0],
      ["earnings", 200_000, 200_000, 20_000],
    ]);
    expect(w.form8606Lines["25c"]).toBe(200_000);
  });
  it("qualified after five years and 59½: nothing taxable, no Part III", () => {
    const w = rothWithdrawal({ ...input, ageAtDistribution: 60, firstRothYear: 2021 });
    expect([w.qualified, w.includibleInIncome, w.additionalTax10Pct]).toEqual([true, 0, 0]);
    expect(w.form8606Lines).toEqual({});
  });
  it("conversions of one year are aggregated and taken oldest year first", () => {
    const w = rothWithdrawal({
      ...input,
      regularContributionBasis: ZERO,
      conversions: [
        { year: 2025, taxablePortion: cents(100_000), nontaxablePortion: ZERO },
        { year: 2023, taxablePortion: cents(50_000), nontaxablePortion: cents(50_000) },
        { year: 2025, taxablePortion: cents(100_000), nontaxablePortion: ZERO },
      ],
    });
    expect(w.layers.map((l) => [l.source, l.amount])).toEqual([
      ["2023 conversion - taxable portion", 50_000],
      ["2023 conversion - nontaxable portion", 50_000],
      ["2025 conversion - taxable portion", 200_000],
    ]);
  });
  it("clock boundaries: 2022's period covers 2022–2026; 59½ lands six months after the 59th birthday", () => {
    expect([
      isWithinFiveTaxableYears(2022, 2026),
      isWithinFiveTaxableYears(2022, 2027),
      isWithinFiveTaxableYears(2022, 2021),
    ]).toEqual([true, false, false]);
    expect(dateAttaining59AndAHalf("1967-01-15")).toBe("2026-07-15");
    expect(dateAttaining59AndAHalf("1966-08-31")).toBe("2026-02-28");
    expect(dateAttaining59AndAHalf("1964-08-31")).toBe("2024-02-29");
  });
});
