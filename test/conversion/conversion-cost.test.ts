import { describe, expect, it } from "vitest";
import {
  basisPoints,
  type ConversionCostInput,
  cents,
  conversionCost,
  earningsOver,
  paycheckContributions,
  sum,
  taxOnAddedIncome,
  taxOnConversion,
  ZERO,
} from "../../packages/core/src/typed.js";

// Two $1,000 contributions (Jan 15 and Feb 15, 2026) at a 10% return, taxed at a stated 24% marginal rate.
const base: ConversionCostInput = {
  year: 2026,
  contributions: [
    { date: "2026-01-15", amount: cents(100_000) },
    { date: "2026-02-15", amount: cents(100_000) },
  ],
  annualReturnBp: 1000,
  cadence: "quarterly",
  lagDays: 0,
  route: "in-plan-roth",
  feePerConversion: ZERO,
  rates: { kind: "marginal", federalRateBp: basisPoints(2400) },
  stateRateBp: basisPoints(0),
};

describe("earnings model: simple interest, actual/365, half-up to the cent", () => {
  it("7% on $1,000 for 365 days is $70.00", () => {
    expect(earningsOver(cents(100_000), 700, 365)).toBe(7_000);
  });
  it("no days, no earnings; a conversion before the contribution is refused", () => {
    expect(earningsOver(cents(100_000), 700, 0)).toBe(0);
    expect(() => earningsOver(cents(100_000), 700, -1)).toThrow(RangeError);
  });
});

describe("conversionCost by hand", () => {
  it("quarterly: both contributions convert on Mar 31 (75 and 44 days)", () => {
    const r = conversionCost(base);
    expect(r.conversions).toHaveLength(1);
    const c = r.conversions[0]!;
    // 1,000 × 10% × 75/365 = 20.5479 → 20.55; 1,000 × 10% × 44/365 = 12.0548 → 12.05
    expect(c.date).toBe("2026-03-31");
    expect(c.earnings).toBe(3_260);
    expect(c.taxable).toBe(3_260);
    expect(c.federalTax).toBe(782); // 32.60 × 24% = 7.824 → 7.82
    expect(c.form1099R).toEqual({
      destination: "in-plan-roth",
      box1: 203_260,
      box2a: 3_260,
      box4: 0,
      box5: 200_000,
      box7: "G",
      box10: null,
    });
  });

  it("yearly: Dec 31 (350 and 319 days) costs more than quarterly", () => {
    const r = conversionCost({ ...base, cadence: "yearly" });
    // 95.89 + 87.40 = 183.29; × 24% = 43.9896 → 43.99
    expect(r.totalTaxable).toBe(18_329);
    expect(r.totalTax).toBe(4_399);
    expect(r.fiveYearClocks).toEqual([
      {
        conversionYear: 2026,
        taxableAmount: 18_329,
        period: { firstYear: 2026, startsOn: "2026-01-01", endsOn: "2030-12-31", firstYearAfter: 2031 },
      },
    ]);
  });

  it("per paycheck: nothing taxable with same-day conversion, 2 days of earnings with a 2-day lag", () => {
    expect(conversionCost({ ...base, cadence: "per-paycheck" }).totalTaxable).toBe(0);
    const lagged = conversionCost({ ...base, cadence: "per-paycheck", lagDays: 2 });
    expect(lagged.conversions.map((c) => [c.date, c.earnings])).toEqual([
      ["2026-01-17", 55],
      ["2026-02-17", 55],
    ]);
  });

  it("fees are counted per conversion and added to the cost, not to the taxable amount", () => {
    const r = conversionCost({ ...base, cadence: "monthly", feePerConversion: cents(2_500) });
    expect(r.conversions).toHaveLength(2); // January and February month ends; no money to convert after that
    expect(r.totalFees).toBe(5_000);
    expect(r.totalCost).toBe(r.totalTax + 5_000);
  });

  it("split route: basis to the Roth IRA and earnings to a traditional IRA leave nothing taxable, with two 1099-Rs", () => {
    const r = conversionCost({ ...base, route: "roth-ira-earnings-to-traditional-ira" });
    const c = r.conversions[0]!;
    expect(r.totalTaxable).toBe(0);
    expect(c.forms1099R.map((f) => [f.destination, f.box1, f.box2a, f.box5, f.box7])).toEqual([
      ["traditional-ira", 3_260, 0, 0, "G"],
      ["roth-ira", 200_000, 0, 200_000, "G"],
    ]);
    expect(c.form1099R.destination).toBe("roth-ira");
    expect(r.warnings.map((w) => w.code)).toContain("TRADITIONAL_IRA_BALANCE");
  });

  it("a loss before conversion: nothing taxable, box 5 is the value, the unrecovered basis stays basis", () => {
    const r = conversionCost({
      ...base,
      contributions: [{ date: "2026-01-01", amount: cents(100_000) }],
      annualReturnBp: -3650,
      cadence: { dates: ["2026-04-11"] },
    });
    const c = r.conversions[0]!;
    // 1,000 × −36.5% × 100/365 = −100.00
    expect(c.earnings).toBe(-10_000);
    expect(c.taxable).toBe(0);
    expect(c.form1099R).toMatchObject({ box1: 90_000, box2a: 0, box5: 90_000 });
    // IRC §72(e)(6): 1,000 contributed − 900 recovered tax-free = 100 still investment in the contract
    expect(r.unrecoveredBasis).toBe(10_000);
    expect(r.warnings.map((w) => w.code)).toContain("BASIS_NOT_RECOVERED");
  });

  it("a value lost entirely still yields an empty 1099-R for the destination", () => {
    const r = conversionCost({
      ...base,
      contributions: [{ date: "2026-01-01", amount: cents(1) }],
      annualReturnBp: -10_000,
      cadence: "yearly",
    });
    expect(r.conversions[0]!.form1099R).toMatchObject({
      destination: "in-plan-roth",
      box1: 0,
      box2a: 0,
      box5: 0,
    });
  });

  it("contributions after the last conversion date stay unconverted, with their earnings to Dec 31", () => {
    const r = conversionCost({ ...base, cadence: { dates: ["2026-01-31"] } });
    expect(r.conversions).toHaveLength(1);
    // Feb 15 → Dec 31 = 319 days: 87.40
    expect(r.unconverted).toEqual({ basis: 100_000, earnings: 8_740 });
    expect(r.warnings.map((w) => w.code)).toContain("LEFT_UNCONVERTED");
  });

  it("stacked tax: each conversion's federal tax is its slice on the schedule, and the slices add up", () => {
    const rates = { kind: "schedule", filingStatus: "single", baseTaxableIncome: cents(10_570_000) } as const;
    const r = conversionCost({
      ...base,
      contributions: [{ date: "2026-01-01", amount: cents(5_000_000) }],
      annualReturnBp: 2000,
      cadence: { dates: ["2026-06-30", "2026-12-31"] },
      rates,
    });
    const total = taxOnAddedIncome(2026, "single", rates.baseTaxableIncome, r.totalTaxable).incrementalTax;
    expect(sum(r.conversions.map((c) => c.federalTax))).toBe(total);
    expect(r.totalFederalTax).toBe(total);
  });

  it("a zero contribution is no conversion and costs no fee", () => {
    const r = conversionCost({
      ...base,
      cadence: "per-paycheck",
      feePerConversion: cents(500),
      contributions: [...base.contributions, { date: "2026-03-13", amount: ZERO }],
    });
    expect(r.conversions.map((c) => c.date)).toEqual(["2026-01-15", "2026-02-15"]);
    expect(r.totalFees).toBe(1_000);
  });

  it("a flat state rate adds to the federal tax", () => {
    const t = taxOnConversion(
      2026,
      { kind: "marginal", federalRateBp: basisPoints(2200) },
      basisPoints(500),
      cents(100_000),
    );
    expect([t.federalTax, t.stateTax, t.tax]).toEqual([22_000, 5_000, 27_000]);
  });

  it("rejects a contribution outside the tax year and a per-paycheck lag that runs past next year", () => {
    expect(() =>
      conversionCost({ ...base, contributions: [{ date: "2025-12-31", amount: cents(1) }] }),
    ).toThrow(/not in 2026/);
    expect(() =>
      conversionCost({
        ...base,
        cadence: "per-paycheck",
        lagDays: 400,
        contributions: [{ date: "2026-12-30", amount: cents(1) }],
      }),
    ).toThrow(/after 2027/);
  });

  it("a lag that carries December's conversion into January: dated and taxed there, totals split by tax year", () => {
    // 1,000 on 2026-12-25 at 10%, lag 7 days: converts 2027-01-01 with 1,000 × 10% × 7/365 = 1.9178 → 1.92
    // of earnings (half-up), a 2027 conversion (its 1099-R is 2027's) with a 2027 five-year clock. 1,000 on
    // 2026-06-05 converts 2026-06-12, same earnings, a 2026 conversion. Stated 24%: 0.46 each.
    const r = conversionCost({
      ...base,
      cadence: "per-paycheck",
      lagDays: 7,
      annualReturnBp: 1000,
      rates: { kind: "marginal", federalRateBp: basisPoints(2400) },
      contributions: [
        { date: "2026-06-05", amount: cents(100_000) },
        { date: "2026-12-25", amount: cents(100_000) },
      ],
    });
    expect(r.conversions.map((c) => [c.date, c.taxYear, c.taxable, c.federalTax])).toEqual([
      ["2026-06-12", 2026, 192, 46],
      ["2027-01-01", 2027, 192, 46],
    ]);
    expect(r.byTaxYear.map((t) => [t.taxYear, t.conversions, t.taxable])).toEqual([
      [2026, 1, 192],
      [2027, 1, 192],
    ]);
    expect(r.totalTaxable).toBe(384);
    expect(r.fiveYearClocks.map((k) => k.conversionYear)).toEqual([2026, 2027]);
    expect(r.warnings.map((w) => w.code)).toContain("CONVERSION_IN_NEXT_YEAR");
  });

  it("with the schedule, next year's conversion is its own stack on the base income", () => {
    // 2026 single, base 12,398.08 (the 10% bracket ends at 12,400): the 2026 conversion's 1.92 fills it,
    // tax(12,400) − tax(12,398.08) = 1,240.00 − 1,239.81 = 0.19. The 2027 conversion is 2027 income stacked
    // on the base again (2027 brackets unpublished: the 2026 schedule, as the warning says) → 0.19 too; one
    // stack would have taxed it at 12%: tax(12,401.92) − 1,240.00 = 1,240.23 − 1,240.00 = 0.23.
    const r = conversionCost({
      ...base,
      cadence: "per-paycheck",
      lagDays: 7,
      annualReturnBp: 1000,
      rates: { kind: "schedule", filingStatus: "single", baseTaxableIncome: cents(1_239_808) },
      contributions: [
        { date: "2026-06-05", amount: cents(100_000) },
        { date: "2026-12-25", amount: cents(100_000) },
      ],
    });
    expect(r.conversions.map((c) => c.federalTax)).toEqual([19, 19]);
    expect(r.warnings.find((w) => w.code === "CONVERSION_IN_NEXT_YEAR")?.message).toContain(
      "2027's brackets are not published yet",
    );
  });
});

describe("paycheckContributions", () => {
  it("spreads $30,000 over 26 biweekly 2026 paychecks, leftover cents first", () => {
    const c = paycheckContributions(2026, cents(3_000_000), "biweekly");
    expect(c).toHaveLength(26);
    expect(c[0]).toEqual({ date: "2026-01-02", amount: 115_385 });
    expect(c[15]!.amount).toBe(115_385);
    expect(c[16]!.amount).toBe(115_384);
    expect(sum(c.map((x) => x.amount))).toBe(3_000_000);
  });
});
