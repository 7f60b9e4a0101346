import { describe, expect, it } from "vitest";
import { basisPoints } from "../../packages/core/src/rules/money/percent.js";
import {
  allocateDistribution,
  cents,
  conversionCost,
  dateAttaining59AndAHalf,
  type Form8606Input,
  fiveTaxableYearPeriod,
  form8606,
  type RothWithdrawalInput,
  rothWithdrawal,
} from "../../packages/core/src/typed.js";
import { runCli, runCliJson } from "../helpers/cli.js";

/** Edge cases checked by hand in the independent review of the conversion and tax-form rules. */

const withdrawal = (over: Partial<RothWithdrawalInput>): RothWithdrawalInput => ({
  year: 2026,
  amount: cents(0),
  ageAtDistribution: 45,
  disabledOrDeceased: false,
  otherExceptionTo72t: false,
  regularContributionBasis: cents(0),
  conversions: [],
  firstRothYear: 2020,
  firstTimeHomebuyerExpenses: cents(0),
  ...over,
});

describe("Roth IRA withdrawals: homebuyer expenses, several years, clock edges", () => {
  it("first-time homebuyer money taken from a young conversion bears no 10%", () => {
    // 10,000 withdrawn at 45 in 2026, all from the taxable part of a 2026 conversion, paying 10,000 of
    // first-home expenses. The five-year period (2026–2030) is open, so nothing is qualified and line 20 is 0
    // (IRC §408A(d)(2)(B); Form 8606 instructions, line 20): L19 10,000, L21 10,000, L23 10,000, L24 10,000,
    // L25c 0. The 10,000 from the conversion is on Form 5329 line 1 (§408A(d)(3)(F)); IRC §72(t)(2)(F)
    // (exception 09, lifetime $10,000) excepts all of it. 10% = 0 (was 1,000 before the exception).
    const w = rothWithdrawal(
      withdrawal({
        amount: cents(1_000_000),
        conversions: [{ year: 2026, taxablePortion: cents(1_000_000), nontaxablePortion: cents(0) }],
        firstRothYear: 2026,
        firstTimeHomebuyerExpenses: cents(1_000_000),
      }),
    );
    expect(w.form8606Lines).toMatchObject({ "19": 1_000_000, "20": 0, "21": 1_000_000, "23": 1_000_000 });
    expect(w.homebuyerExceptionTo10Pct).toBe(1_000_000);
    expect(w.additionalTax10Pct).toBe(0);
    expect(w.includibleInIncome).toBe(0);
  });

  it("homebuyer expenses free the last dollars of the ordering, as line 20 comes off line 19 first", () => {
    // 15,000 at 40 in 2026; regular 2,000; 2024 conversion 8,000 taxable + 1,000 nontaxable; homebuyer 10,000.
    // L21 = 15,000 − 10,000 = 5,000, ordered: regular 2,000, then 3,000 of the 2024 taxable part (clock
    // 2024–2028, open) → 10% × 3,000 = 300. Earnings 4,000 lie beyond line 21: not includible.
    const w = rothWithdrawal(
      withdrawal({
        amount: cents(1_500_000),
        ageAtDistribution: 40,
        regularContributionBasis: cents(200_000),
        conversions: [{ year: 2024, taxablePortion: cents(800_000), nontaxablePortion: cents(100_000) }],
        firstTimeHomebuyerExpenses: cents(1_000_000),
      }),
    );
    expect(w.form8606Lines).toMatchObject({
      "21": 500_000,
      "22": 200_000,
      "23": 300_000,
      "24": 900_000,
      "25c": 0,
    });
    expect(w.additionalTax10Pct).toBe(30_000);
    expect(w.includibleInIncome).toBe(0);
  });

  it("three years of conversions: oldest first, taxable part first, same-year conversions aggregated", () => {
    // Treas. Reg. 1.408A-6 Q&A-8, Q&A-9. 14,000 at 50 in 2026: regular 1,000; 2021 taxable 3,000 (clock
    // 2021–2025 closed: no 10%); 2021 nontaxable 2,000; 2023 taxable 2,000 + 2,000 aggregated = 4,000
    // (clock 2023–2027 open: 10% = 400); 2025 nontaxable 4,000 of 6,000. Includible 0.
    const w = rothWithdrawal(
      withdrawal({
        amount: cents(1_400_000),
        ageAtDistribution: 50,
        regularContributionBasis: cents(100_000),
        conversions: [
          { year: 2025, taxablePortion: cents(0), nontaxablePortion: cents(600_000) },
          { year: 2023, taxablePortion: cents(200_000), nontaxablePortion: cents(0) },
          { year: 2021, taxablePortion: cents(300_000), nontaxablePortion: cents(200_000) },
          { year: 2023, taxablePortion: cents(200_000), nontaxablePortion: cents(0) },
        ],
        firstRothYear: 2021,
      }),
    );
    expect(w.layers.map((l) => [l.source, l.amount, l.penalty])).toEqual([
      ["regular contributions", 100_000, 0],
      ["2021 conversion - taxable portion", 300_000, 0],
      ["2021 conversion - nontaxable portion", 200_000, 0],
      ["2023 conversion - taxable portion", 400_000, 40_000],
      ["2025 conversion - nontaxable portion", 400_000, 0],
    ]);
    expect(w.additionalTax10Pct).toBe(40_000);
    expect(w.includibleInIncome).toBe(0);
  });

  it("a December conversion's clock ends four years sooner than a January one's the month after", () => {
    // IRC §408A(d)(3)(F): the period starts Jan 1 of the conversion year. Dec 2026 → 2026–2030;
    // Jan 2027 → 2027–2031. A 2031 withdrawal at 45: 10% only on the 2027 conversion.
    expect(fiveTaxableYearPeriod(2026).endsOn).toBe("2030-12-31");
    expect(fiveTaxableYearPeriod(2027).endsOn).toBe("2031-12-31");
    const from = (year: number) =>
      rothWithdrawal(
        withdrawal({
          year: 2031,
          amount: cents(500_000),
          conversions: [{ year, taxablePortion: cents(500_000), nontaxablePortion: cents(0) }],
          firstRothYear: 2026,
        }),
      ).additionalTax10Pct;
    expect(from(2026)).toBe(0);
    expect(from(2027)).toBe(50_000);
  });

  it("at exactly 59½ the conversion clock no longer matters; a half year earlier it does", () => {
    // IRC §72(t)(2)(A)(i): "on or after the date on which the employee attains age 59½"
    const at = (age: number) =>
      rothWithdrawal(
        withdrawal({
          amount: cents(100_000),
          ageAtDistribution: age,
          conversions: [{ year: 2025, taxablePortion: cents(100_000), nontaxablePortion: cents(0) }],
          firstRothYear: 2025,
        }),
      ).additionalTax10Pct;
    expect(at(59.5)).toBe(0);
    expect(at(59)).toBe(10_000);
    expect(dateAttaining59AndAHalf("1967-01-15")).toBe("2026-07-15");
    expect(dateAttaining59AndAHalf("1966-08-31")).toBe("2026-02-28");
  });
});

describe("plan distributions: only-basis, 60-day to Roth, 59½, zeros", () => {
  const base = { exceptionTo72t: false } as const;

  it("a distribution of basis only: nothing taxable, no 10%, nothing withheld", () => {
    // IRC §72(e)(8) with no pretax: 5,000 all basis; §3405(c) withholds 20% of the taxable part = 0.
    const a = allocateDistribution({
      ...base,
      account: { pretax: cents(0), afterTax: cents(500_000) },
      distribution: cents(500_000),
      routing: { cash: cents(500_000) },
      ageAtDistribution: 40,
    });
    expect([a.taxableAmount, a.additionalTax10Pct, a.mandatoryWithholding]).toEqual([0, 0, 0]);
    expect(a.forms1099R[0]).toMatchObject({ box1: 500_000, box2a: 0, box4: 0, box5: 500_000, box7: "1" });
  });

  it("cash rolled to a Roth IRA within 60 days: the pretax in it is a taxable conversion without the 10%", () => {
    // 1,000 pretax + 20,000 after-tax paid in cash at 40, all 21,000 rolled to a Roth IRA in 60 days:
    // taxable 1,000 (IRC §408A(d)(3)(A)); no 10% (§408A(d)(3)(A)(ii)); plan withheld 20% × 1,000 = 200.
    const a = allocateDistribution({
      ...base,
      account: { pretax: cents(100_000), afterTax: cents(2_000_000) },
      distribution: cents(2_100_000),
      routing: { cash: cents(2_100_000) },
      sixtyDayRollovers: { rothIra: cents(2_100_000) },
      ageAtDistribution: 40,
    });
    expect([a.taxableAmount, a.additionalTax10Pct, a.mandatoryWithholding]).toEqual([100_000, 0, 20_000]);
    expect(a.sixtyDayRothIra).toEqual({ pretax: 100_000, afterTax: 2_000_000 });
  });

  it("cash at exactly 59½: code 7 and no 10%; at 59: code 1 and 10%", () => {
    const at = (age: number) =>
      allocateDistribution({
        ...base,
        account: { pretax: cents(100_000), afterTax: cents(2_000_000) },
        distribution: cents(2_100_000),
        routing: { cash: cents(2_100_000) },
        ageAtDistribution: age,
      });
    expect([at(59.5).forms1099R[0]!.box7, at(59.5).additionalTax10Pct]).toEqual(["7", 0]);
    expect([at(59).forms1099R[0]!.box7, at(59).additionalTax10Pct]).toEqual(["1", 10_000]);
  });

  it("an empty account and a zero distribution give zeros and no form", () => {
    const a = allocateDistribution({
      ...base,
      account: { pretax: cents(0), afterTax: cents(0) },
      distribution: cents(0),
      routing: {},
      ageAtDistribution: 40,
    });
    expect([a.taxableAmount, a.nontaxableAmount, a.mandatoryWithholding, a.forms1099R.length]).toEqual([
      0, 0, 0, 0,
    ]);
  });
});

describe("Form 8606 edges", () => {
  const input = (over: Partial<Form8606Input>): Form8606Input => ({
    year: 2026,
    nondeductibleContributions: cents(0),
    priorBasis: cents(0),
    contributionsMadeNextYear: cents(0),
    yearEndValue: cents(0),
    outstandingRollovers: cents(0),
    distributions: cents(0),
    converted: cents(0),
    ratioPrecision: "exact",
    ...over,
  });

  it("a backdoor converted after a loss: line 10 capped at 1.000, nothing taxable, the unused basis carries", () => {
    // 7,000 nondeductible, worth 6,500 when all converted, no IRA left: L9 = 6,500; L5 ÷ L9 = 1.077 → 1.000
    // ("If the result is 1.000 or more, enter 1.000"); L11 = 6,500; L18 = 0; L14 = 7,000 − 6,500 = 500.
    for (const ratioPrecision of ["exact", "3dp"] as const) {
      const f = form8606(
        input({ nondeductibleContributions: cents(700_000), converted: cents(650_000), ratioPrecision }),
      );
      expect(f.line10).toEqual({ numerator: 1n, denominator: 1n });
      expect(f.lines).toMatchObject({ "9": 650_000, "11": 650_000, "13": 650_000, "14": 50_000, "18": 0 });
      expect(f.basisCarriedForward).toBe(50_000);
    }
  });

  it("nothing at all: no Part I, no line, nothing taxable", () => {
    const f = form8606(input({}));
    expect([f.partICompleted, Object.keys(f.lines).length, f.taxableAmount]).toEqual([false, 0, 0]);
  });

  it("Worksheet 1-1: line 13 is the worksheet's line 8 to the cent", () => {
    // w3 = 1,000.01 + (111.11 + 333.33) = 1,444.45; w6 = 7,777.77 + 123.45 + 543.21 = 8,444.43;
    // w8 = 666.66 × 1,444.45 / 8,444.43 = 114.0346 → 114.03 = line 13 (rounding 543.21 × w7 = 92.918 → 92.92
    // and 123.45 × w7 = 21.117 → 21.12 separately would give 114.04). L17 = 92.92; distributions' nontaxable
    // = 114.03 − 92.92 = 21.11; L15c = 123.45 − 21.11 = 102.34; L18 = 543.21 − 92.92 = 450.29;
    // L14 = 1,333.34 − 114.03 = 1,219.31.
    const f = form8606(
      input({
        nondeductibleContributions: cents(33_333),
        deductibleContributions: cents(11_111),
        priorBasis: cents(100_001),
        yearEndValue: cents(777_777),
        distributions: cents(12_345),
        converted: cents(54_321),
      }),
    );
    expect(f.worksheet11?.w8Nontaxable).toBe(11_403);
    expect(f.lines).toMatchObject({ "13": 11_403, "14": 121_931, "15c": 10_234, "17": 9_292, "18": 45_029 });
  });
});

describe("conversion cost: losses", () => {
  it("losses in two conversions: each recovers its value; the rest stays basis in the subaccount", () => {
    // −36.5% a year. 1,000 on Jan 1 converted Apr 11 (100 days): −100.00 → box 5 900.00.
    // 2,000 on Apr 12 converted Jul 21 (100 days): −200.00 → box 5 1,800.00. IRC §72(e)(6): basis left
    // = 3,000 − 2,700 = 300.00, taxable 0.
    const r = conversionCost({
      year: 2026,
      contributions: [
        { date: "2026-01-01", amount: cents(100_000) },
        { date: "2026-04-12", amount: cents(200_000) },
      ],
      annualReturnBp: -3650,
      cadence: { dates: ["2026-04-11", "2026-07-21"] },
      lagDays: 0,
      route: "in-plan-roth",
      feePerConversion: cents(0),
      rates: { kind: "marginal", federalRateBp: basisPoints(2400) },
      stateRateBp: basisPoints(0),
    });
    expect(r.conversions.map((c) => [c.form1099R.box1, c.form1099R.box2a, c.form1099R.box5])).toEqual([
      [90_000, 0, 90_000],
      [180_000, 0, 180_000],
    ]);
    expect([r.totalTaxable, r.unrecoveredBasis]).toEqual([0, 30_000]);
  });
});

describe("CLI: the same edges as a user types them", () => {
  it("roth-withdrawal: homebuyer money from a young conversion bears no 10%", () => {
    const out = runCliJson<{ additionalTax10Pct: number; taxableAmount: number }>([
      "roth-withdrawal",
      "--year",
      "2026",
      "--amount",
      "10000",
      "--age",
      "45",
      "--conversion",
      "2026:10000:0",
      "--first-time-homebuyer",
      "10000",
    ]);
    expect([out.additionalTax10Pct, out.taxableAmount]).toEqual([0, 0]);
  });

  it("form8606: a loss on the backdoor leaves line 14 basis", () => {
    const out = runCliJson<{ lines: Record<string, number>; taxableAmount: number }>([
      "form8606",
      "--year",
      "2026",
      "--nondeductible-contributions",
      "7000",
      "--converted",
      "6500",
    ]);
    expect([out.lines["10"], out.lines["14"], out.taxableAmount]).toEqual([1, 500, 0]);
  });

  it("bad inputs: one line naming the flag, exit 2", () => {
    const cases: [string[], string][] = [
      [
        ["roth-withdrawal", "--year", "2026", "--amount", "5", "--age", "45", "--first-roth-year", "2030"],
        "--first-roth-year",
      ],
      [
        [
          "roth-withdrawal",
          "--year",
          "2026",
          "--amount",
          "5",
          "--age",
          "45",
          "--conversion",
          "2022:1:1",
          "--first-roth-year",
          "2024",
        ],
        "--first-roth-year",
      ],
      [
        [
          "split",
          "--pretax",
          "1",
          "--after-tax",
          "1",
          "--distribution",
          "2",
          "--cash",
          "2",
          "--age",
          "59.555",
        ],
        "--age",
      ],
      [["form8606", "--year", "2026", "--converted", "abc"], "--converted"],
      [["form8606", "--year", "2026", "--first-time-homebuyer", "5000"], "--roth-distributions"],
      [
        ["convert", "--year", "2026", "--taxable-income", "0", "--after-tax", "1000", "--magi", "100"],
        "--net-investment-income",
      ],
      [
        [
          "split",
          "--pretax",
          "1",
          "--after-tax",
          "1",
          "--distribution",
          "2",
          "--cash",
          "2",
          "--age",
          "40",
          "--separated",
        ],
        "--separated",
      ],
      [
        ["convert", "--year", "2026", "--taxable-income", "0", "--after-tax", "1000", "--return", "7x"],
        "--return",
      ],
    ];
    for (const [args, flag] of cases) {
      const r = runCli(args);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(r.stderr).toContain(flag);
    }
  });

  it("convert --help states the default return as a percentage", () => {
    const help = runCli(["convert", "--help"]).stdout.replace(/\s+/g, " ");
    expect(help).toContain("(default: 7%)");
    expect(help).not.toContain("(default: 700)");
  });
});

describe("20% withholding floor", () => {
  it("no mandatory withholding on an eligible rollover distribution under $200; 20% from $200", () => {
    // Treas. Reg. §31.3405(c)-1 Q&A-14: none required when the year's eligible rollover distributions are
    // under $200. 199.99 paid in cash with 10.00 of earnings: withholding 0 (was 2.00); 200.00 with 10.00: 2.00.
    const paid = (distribution: number) =>
      allocateDistribution({
        account: { pretax: cents(1_000), afterTax: cents(distribution - 1_000) },
        distribution: cents(distribution),
        routing: { cash: cents(distribution) },
        ageAtDistribution: 40,
        exceptionTo72t: false,
      });
    expect([paid(19_999).mandatoryWithholding, paid(19_999).taxableAmount]).toEqual([0, 1_000]);
    expect(paid(20_000).mandatoryWithholding).toBe(200);
  });
});

describe("Form 8606 with no basis", () => {
  it("a traditional IRA distribution with no basis is wholly taxable though Form 8606 is not filed", () => {
    // No line 1, no line 2: Part I is not completed (Form 8606 "Who must file"), and the 5,000 goes whole to
    // Form 1040 line 4b (IRC §408(d)(1)). taxableAmount was 0 while the warning said 5,000.
    const f = form8606({
      year: 2026,
      nondeductibleContributions: cents(0),
      priorBasis: cents(0),
      contributionsMadeNextYear: cents(0),
      yearEndValue: cents(1_000_000),
      outstandingRollovers: cents(0),
      distributions: cents(500_000),
      converted: cents(200_000),
      ratioPrecision: "exact",
    });
    // Part II alone for the conversion: L16 2,000, L17 0, L18 2,000; taxable 5,000 + 2,000 = 7,000
    expect(f.lines).toEqual({ "16": 200_000, "17": 0, "18": 200_000 });
    expect(f.taxableAmount).toBe(700_000);
  });
});
