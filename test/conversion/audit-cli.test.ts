import { describe, expect, it } from "vitest";
import { runCli, runCliJson } from "../helpers/cli.js";

/**
 * The examples of the independent audit (issue 11, §2–§5), as a user types them. Every expected figure is
 * derived by hand in the comment above it, from the statute and the forms.
 */

describe("roth-withdrawal: first-time homebuyer money inside the five-year period (§408A(d)(2)(B))", () => {
  it("line 20 = 0, taxable 12,000, 10% on 2,000 = 200", () => {
    // First Roth year 2023: the five taxable years are 2023–2027, so a 2026 withdrawal is not qualified,
    // whatever it is for, and Form 8606 line 20 is 0 (it applies only after the five years). L19 15,000,
    // L21 15,000, L22 3,000, L23 12,000, L24 0, L25c 12,000 taxable. Form 5329: line 1 12,000, exception 09
    // (§72(t)(2)(F), $10,000 lifetime) 10,000, line 3 2,000 × 10% = 200.
    const out = runCliJson<{
      qualified: boolean;
      fiveYearPeriodMet: boolean;
      form8606: Record<string, number>;
      taxableAmount: number;
      additionalTax10Pct: number;
      homebuyerExceptionTo10Pct: number;
      warnings: { code: string }[];
    }>([
      "roth-withdrawal",
      ...["--year", "2026", "--amount", "15000", "--age", "35", "--regular-contributions", "3000"],
      ...["--first-roth-year", "2023", "--first-time-homebuyer", "10000"],
    ]);
    expect(out.form8606).toMatchObject({ "19": 15000, "20": 0, "21": 15000, "23": 12000, "25c": 12000 });
    expect([out.qualified, out.fiveYearPeriodMet]).toEqual([false, false]);
    expect([out.taxableAmount, out.additionalTax10Pct, out.homebuyerExceptionTo10Pct]).toEqual([
      12000, 200, 10000,
    ]);
    expect(out.warnings.map((w) => w.code)).toContain("HOMEBUYER_INSIDE_FIVE_YEARS");
  });

  it("after the five years line 20 takes the homebuyer 10,000 off the top", () => {
    // First Roth year 2021: 2021–2025 done. L20 10,000, L21 5,000, L22 3,000, L25c 2,000; 10% = 200.
    const out = runCliJson<{
      form8606: Record<string, number>;
      taxableAmount: number;
      additionalTax10Pct: number;
    }>([
      "roth-withdrawal",
      ...["--year", "2026", "--amount", "15000", "--age", "35", "--regular-contributions", "3000"],
      ...["--first-roth-year", "2021", "--first-time-homebuyer", "10000"],
    ]);
    expect(out.form8606).toMatchObject({ "20": 10000, "21": 5000, "25c": 2000 });
    expect([out.taxableAmount, out.additionalTax10Pct]).toEqual([2000, 200]);
  });
});

describe("tax --ltcg: the Qualified Dividends and Capital Gain Tax Worksheet, line 25", () => {
  const args = [
    "tax",
    "--year",
    "2026",
    "--filing-status",
    "mfj",
    "--taxable-income",
    "100861",
    "--ltcg",
    "2099",
  ];

  it("2026 mfj 100,861 with 2,099 of gains: the smaller of 11,649.59 and 11,613.42", () => {
    // Line 5 = 98,762. Line 9 (0%) = 98,900 − 98,762 = 138; line 17 (15%) = 1,961 → line 18 294.15.
    // Line 22 = tax(98,762) = 2,480 + 12% × 73,962 = 11,355.44; line 23 = 11,649.59.
    // Line 24 = tax(100,861) = 2,480 + 9,120 + 22% × 61 = 11,613.42 < line 23 → line 25 = 11,613.42.
    const out = runCliJson<{ tax: number; qdcgWorksheet: Record<string, number>; marginalRate: number }>(
      args,
    );
    expect(out.tax).toBe(11613.42);
    expect(out.qdcgWorksheet).toMatchObject({ "9": 138, "17": 1961, "18": 294.15, "22": 11355.44 });
    expect([out.qdcgWorksheet["23"], out.qdcgWorksheet["24"], out.qdcgWorksheet["25"]]).toEqual([
      11649.59, 11613.42, 11613.42,
    ]);
    // Line 24 binds: the next dollar is taxed at 22% on all income, not 12% + 15% stacked.
    expect(out.marginalRate).toBe(22);
  });

  it("--explain names the worksheet's lines", () => {
    const r = runCli([...args, "--explain"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Line 23: lines 18 + 21 + 22 (tax with gains stacked) = $11,649.59");
    expect(r.stdout).toContain("Line 25: smaller of line 23 or line 24 (the tax) = $11,613.42");
  });

  it("--add with gains: ordinary income on top pushes gains out of the 0% band", () => {
    // 101,861 with 2,099 gains: line 5 99,762 > 98,900, so all 2,099 at 15% = 314.85; line 22 =
    // 2,480 + 12% × 74,962 = 11,475.44; line 23 = 11,790.29; line 24 = 11,600 + 22% × 1,061 = 11,833.42.
    // Incremental tax on 1,000 = 11,790.29 − 11,613.42 = 176.87.
    const out = runCliJson<{ taxWithAdded: number; incrementalTax: number }>([...args, "--add", "1000"]);
    expect([out.taxWithAdded, out.incrementalTax]).toEqual([11790.29, 176.87]);
  });

  it("--ltcg 0 gives the rate schedule's tax; a bad --ltcg exits 2 naming the flag", () => {
    const plain = runCliJson<{ tax: number }>(args.slice(0, -2));
    const zero = runCliJson<{ tax: number }>([...args.slice(0, -1), "0"]);
    expect(zero.tax).toBe(plain.tax);
    const bad = runCli([...args.slice(0, -1), "lots"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^megaroth: --ltcg/);
    // Gains are part of taxable income (as in the library's federalTax): more is refused, in one line.
    const over = runCli([...args.slice(0, -1), "100862"]);
    expect([over.code, over.stderr]).toEqual([
      2,
      "megaroth: --ltcg: $100,862.00 is more than --taxable-income (allowed: up to $100,861.00, the part of it that is gains)\n",
    ]);
  });
});

describe("income on top of gains: convert --ltcg and compare --ltcg use the worksheet", () => {
  it("convert: the conversion's earnings are taxed by the worksheet, not at 22% flat", () => {
    // 10,000 on 2026-01-15 at 10% to Dec 31 (350 days): 958.904… → 958.90 taxable. Base 100,861 with 2,099
    // of gains: 11,613.42 (line 24 binds). With 958.90 more: TI 101,819.90, line 5 99,720.90 > 98,900, so
    // all 2,099 at 15% = 314.85; line 22 = 2,480 + 12% × 74,920.90 = 11,470.51; line 23 = 11,785.36; line 24
    // = 11,600 + 22% × 1,019.90 = 11,824.38 → 11,785.36; cost 171.94. Without gains: 22% × 958.90 = 210.96.
    const run = (...extra: string[]) =>
      runCliJson<{ totalTaxable: number; totalFederalTax: number }>([
        "convert",
        ...["--year", "2026", "--filing-status", "mfj", "--taxable-income", "100861", ...extra],
        ...["--contribution", "2026-01-15:10000", "--return", "10%", "--cadence", "yearly"],
      ]);
    expect([run("--ltcg", "2099").totalTaxable, run("--ltcg", "2099").totalFederalTax]).toEqual([
      958.9, 171.94,
    ]);
    expect(run().totalFederalTax).toBe(210.96);
    const bad = runCli([
      "convert",
      "--year",
      "2026",
      "--marginal-rate",
      "24%",
      "--ltcg",
      "5",
      "--after-tax",
      "1000",
    ]);
    expect([bad.code, bad.stderr]).toEqual([
      2,
      "megaroth: --ltcg: only with --taxable-income (the tax schedule), not --marginal-rate\n",
    ]);
  });

  it("compare: deferring wages pulls gains back into the 0% band — rate now 27%, not 22%", () => {
    // Income 150,000 mfj − 32,200 standard deduction = TI 117,800 with 20,000 of gains: line 5 97,800; 1,100
    // at 0%, 18,900 at 15% = 2,835; line 22 = 2,480 + 12% × 73,000 = 11,240; line 23 14,075 < line 24 15,340.
    // Deferring 10,000: TI 107,800, line 5 87,800: 11,100 at 0%, 8,900 × 15% = 1,335; line 22 10,040; line 23
    // 11,375 < line 24 13,140. Saved 14,075 − 11,375 = 2,700 → 27% (12% ordinary + 15% moved to 0%).
    const rate = (...extra: string[]) =>
      runCliJson<{ assumptions: { rateNow: number } }>([
        "compare",
        ...[
          "--year",
          "2026",
          "--age",
          "45",
          "--budget",
          "10000",
          "--income",
          "150000",
          "--filing-status",
          "mfj",
        ],
        ...["--rate-retirement", "22%", "--years", "20", ...extra],
      ]).assumptions.rateNow;
    expect([rate(), rate("--ltcg", "20000")]).toEqual([22, 27]);
  });
});

describe("form8606 --ratio 3dp follows the printed form; --explain and --json agree", () => {
  const args = (ratio: string) => [
    "form8606",
    ...["--year", "2025", "--nondeductible-contributions", "7000", "--contributions-next-year", "7000"],
    ...["--prior-basis", "7000", "--converted", "7050", "--ratio", ratio],
  ];
  type Out = { lines: Record<string, number>; steps: { label: string; amount: number | null }[] };

  it("3dp: line 10 0.993, line 11 = 7,050 × 0.993 = 7,000.65 (cents above line 5), line 14 6,999.35, line 18 49.35", () => {
    // L3 = 14,000, L5 = 14,000 − 7,000 = 7,000, L9 = 7,050, L10 = 7,000/7,050 = 0.99290… → 0.993.
    const out = runCliJson<Out>(args("3dp"));
    expect([out.lines["11"], out.lines["13"], out.lines["14"], out.lines["17"], out.lines["18"]]).toEqual([
      7000.65, 7000.65, 6999.35, 7000.65, 49.35,
    ]);
  });

  it("exact: IRC §72, line 11 = line 5 = 7,000, line 14 7,000, line 18 50", () => {
    const out = runCliJson<Out>(args("exact"));
    expect([out.lines["11"], out.lines["14"], out.lines["18"]]).toEqual([7000, 7000, 50]);
  });

  it.each(["3dp", "exact"])("%s: every 'Line N:' step has the line's amount", (ratio) => {
    const out = runCliJson<Out>(args(ratio));
    const lineSteps = out.steps.filter((s) => /^Line \d+[a-c]?:/.test(s.label) && s.amount !== null);
    expect(lineSteps.length).toBeGreaterThan(10);
    for (const s of lineSteps) {
      const line = /^Line (\d+[a-c]?):/.exec(s.label)![1]!;
      expect(s.amount, s.label).toBe(out.lines[line]);
    }
    const text = runCli([...args(ratio), "--explain"]).stdout;
    expect(text).toContain(
      `Line 11: nontaxable part of the conversion (line 8 × line 10) = $${out.lines["11"]!.toLocaleString("en-US", { minimumFractionDigits: 2 })}`,
    );
  });
});

describe("convert: a per-paycheck lag that carries December's conversion into January", () => {
  it("dated 2027, with a 2027 Form 1099-R, and totals that say which years they cover", () => {
    // Biweekly from 2026-01-09: the 26th paycheck is 2026-12-25; + 7 days = 2027-01-01. Each paycheck
    // 26,000 / 26 = 1,000; earnings 1,000 × 10% × 7/365 = 1.9178 → 1.92. 25 conversions in 2026 (48.00
    // taxable), one in 2027 (1.92). At a stated 24%, stacked within each year: 2026 24% × 48.00 = 11.52;
    // 2027 24% × 1.92 = 0.4608 → 0.46; together 11.98.
    const out = runCliJson<{
      totalsCover: { contributionsYear: number; taxYears: number[] };
      byTaxYear: { taxYear: number; conversions: number; taxable: number; tax: number }[];
      conversions: { date: string; taxYear: number; form1099R: { taxYear: number; box2a: number } }[];
      totalTaxable: number;
      totalTax: number;
    }>([
      "convert",
      ...["--year", "2026", "--marginal-rate", "24%", "--after-tax", "26000", "--pay-frequency", "biweekly"],
      ...[
        "--cadence",
        "per-paycheck",
        "--first-pay-date",
        "2026-01-09",
        "--lag-days",
        "7",
        "--return",
        "10%",
      ],
    ]);
    const last = out.conversions.at(-1)!;
    expect([last.date, last.taxYear, last.form1099R.taxYear, last.form1099R.box2a]).toEqual([
      "2027-01-01",
      2027,
      2027,
      1.92,
    ]);
    expect(out.totalsCover).toEqual({ contributionsYear: 2026, taxYears: [2026, 2027] });
    expect(out.byTaxYear).toEqual([
      { taxYear: 2026, conversions: 25, taxable: 48, federalTax: 11.52, stateTax: 0, tax: 11.52 },
      { taxYear: 2027, conversions: 1, taxable: 1.92, federalTax: 0.46, stateTax: 0, tax: 0.46 },
    ]);
    expect([out.totalTaxable, out.totalTax]).toEqual([49.92, 11.98]);
  });
});

describe("split: ages in tenths are taken as given, never rounded", () => {
  // 10,000 pretax + 10,000 after-tax, all 20,000 in cash: 10,000 taxable. 59.4 (and 59.49) is under 59½:
  // 10% = 1,000 (IRC §72(t)(2)(A)(i)); 59.5 is 59½ attained: 0.
  it.each([
    ["59.4", 1000],
    ["59.49", 1000],
    ["59.5", 0],
  ])("--age %s: additional tax %d", (age, tax) => {
    const out = runCliJson<{ taxableAmount: number; additionalTax10Pct: number }>([
      "split",
      ...[
        "--pretax",
        "10000",
        "--after-tax",
        "10000",
        "--distribution",
        "20000",
        "--cash",
        "20000",
        "--age",
        age,
      ],
    ]);
    expect([out.taxableAmount, out.additionalTax10Pct]).toEqual([10000, tax]);
  });

  it("three decimals are refused with one line naming --age", () => {
    const r = runCli([
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
      "59.449",
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/^megaroth: --age: "59.449" is not allowed/);
  });
});
