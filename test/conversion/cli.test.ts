import { describe, expect, it } from "vitest";
import { runCli, runCliJson } from "../helpers/cli.js";
import { goldenCases } from "../helpers/golden.js";

const golden = (id: string) => goldenCases(id.split("-")[0]!).find((c) => c.id === id)!;

describe("megaroth convert", () => {
  it("reports each conversion with its 1099-R, the totals, and a cadence comparison", () => {
    const out = runCliJson<{
      conversions: {
        date: string;
        amount: number;
        basis: number;
        taxable: number;
        tax: number;
        form1099R: Record<string, unknown>;
      }[];
      totalTaxable: number;
      totalTax: number;
      comparison: { cadence: string; totalTax: number }[];
      routeComparison: { route: string; totalTax: number; totalToTraditionalIra: number }[];
    }>([
      "convert",
      "--year",
      "2026",
      "--marginal-rate",
      "24%",
      "--contribution",
      "2026-01-15:1000",
      "--contribution",
      "2026-02-15:1000",
      "--return",
      "10%",
      "--cadence",
      "quarterly",
    ]);
    expect(out.conversions).toEqual([
      expect.objectContaining({
        date: "2026-03-31",
        amount: 2032.6,
        basis: 2000,
        taxable: 32.6,
        tax: 7.82,
        form1099R: expect.objectContaining({ box1: 2032.6, box2a: 32.6, box5: 2000, box7: "G" }),
      }),
    ]);
    expect([out.totalTaxable, out.totalTax]).toEqual([32.6, 7.82]);
    expect(out.comparison.map((c) => [c.cadence, c.totalTax])).toEqual([
      ["per-paycheck", 0],
      ["monthly", expect.any(Number)],
      ["quarterly", 7.82],
      ["yearly", 43.99],
    ]);
    expect(out.routeComparison.map((r) => [r.route, r.totalTax, r.totalToTraditionalIra])).toEqual([
      ["in-plan-roth", 7.82, 0],
      ["roth-ira", 7.82, 0],
      ["roth-ira-earnings-to-traditional-ira", 0, 32.6],
    ]);
  });

  it("spreads --after-tax over paychecks and stacks the tax on --taxable-income with the schedule", () => {
    const out = runCliJson<{
      conversions: unknown[];
      totalTaxable: number;
      totalTax: number;
      steps: unknown[];
    }>([
      "convert",
      "--year",
      "2026",
      "--taxable-income",
      "100000",
      "--after-tax",
      "30000",
      "--pay-frequency",
      "semimonthly",
      "--cadence",
      "yearly",
    ]);
    expect(out.conversions).toHaveLength(1);
    expect(out.totalTaxable).toBeGreaterThan(0);
    expect(out.totalTax).toBeGreaterThan(0);
    expect(out.steps.length).toBeGreaterThan(3);
  });
});

describe("megaroth split", () => {
  it("N54-01 through the CLI: nothing taxable", () => {
    const c = golden("N54-01");
    const out = runCliJson<Record<string, unknown>>([
      "split",
      "--pretax",
      "80000",
      "--after-tax",
      "20000",
      "--distribution",
      "100000",
      "--to-traditional-ira",
      "80000",
      "--to-roth-ira",
      "10000",
      "--cash",
      "10000",
    ]);
    expect(out.taxableAmount).toBe(c.expected.taxableAmount);
    expect(out.rothIra).toEqual({ pretax: 0, afterTax: c.expected.rothIraNontaxableRollover });
    expect(out.cash).toEqual({ pretax: 0, afterTax: c.expected.cashNontaxable });
  });

  it("CONV-05 through the CLI: cash at 40 — 10% and 20% withholding", () => {
    const c = golden("CONV-05");
    const out = runCliJson<Record<string, unknown>>([
      "split",
      "--pretax",
      "1000",
      "--after-tax",
      "20000",
      "--distribution",
      "21000",
      "--cash",
      "21000",
      "--age",
      "40",
    ]);
    expect(out.taxableAmount).toBe(c.expected.taxableAmount);
    expect(out.additionalTax10Pct).toBe(c.expected.additional10PctTax);
    expect(out.mandatoryWithholding).toBe(c.expected.mandatoryWithholding20Pct);
  });

  it("CONV-05 with a 60-day rollover of the earnings to a traditional IRA: nothing taxable, still 20% withheld", () => {
    const out = runCliJson<Record<string, unknown>>([
      "split",
      "--pretax",
      "1000",
      "--after-tax",
      "20000",
      "--distribution",
      "21000",
      "--cash",
      "21000",
      "--rollover-60-day-traditional-ira",
      "1000",
      "--age",
      "40",
    ]);
    expect([out.taxableAmount, out.additionalTax10Pct, out.mandatoryWithholding]).toEqual([0, 0, 200]);
    expect(out.cashKept).toEqual({ pretax: 0, afterTax: 20000 });
  });

  it("warns about the Notice 2014-54 trap when earnings are meant for cash", () => {
    const r = runCli([
      "split",
      "--pretax",
      "2500",
      "--after-tax",
      "30000",
      "--distribution",
      "32500",
      "--to-roth-ira",
      "30000",
      "--cash",
      "2500",
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("NOTICE_2014_54_TRAP");
    expect(r.stdout).not.toContain("SEPARATE_CONTRACT_DEPENDS_ON_PLAN");
    const sub = runCli([
      "split",
      "--pretax",
      "2500",
      "--after-tax",
      "30000",
      "--distribution",
      "32500",
      "--to-roth-ira",
      "32500",
      "--subaccount",
    ]);
    expect(sub.stdout).toContain("SEPARATE_CONTRACT_DEPENDS_ON_PLAN");
  });
});

describe("megaroth form8606", () => {
  for (const [id, ratio] of [
    ["F8606-03a", "exact"],
    ["F8606-03b", "3dp"],
  ] as const) {
    it(`${id} through the CLI (--ratio ${ratio})`, () => {
      const c = golden(id);
      const out = runCliJson<{ lines: Record<string, number>; taxableAmount: number }>([
        "form8606",
        "--year",
        "2026",
        "--nondeductible-contributions",
        "7500",
        "--converted",
        "7512.34",
        "--ratio",
        ratio,
      ]);
      const expected = (c.expected as { lines: Record<string, number> }).lines;
      for (const [line, value] of Object.entries(expected))
        expect(out.lines[line], `line ${line}`).toBe(value);
      expect(out.taxableAmount).toBe(expected["18"]);
    });
  }
});

describe("megaroth roth-withdrawal", () => {
  it("ROTH-02 through the CLI", () => {
    const c = golden("ROTH-02");
    const out = runCliJson<{
      ordering: unknown[];
      taxableAmount: number;
      additionalTax10Pct: number;
      form8606: Record<string, number>;
      fiveYearClocks: unknown[];
    }>([
      "roth-withdrawal",
      "--year",
      "2026",
      "--amount",
      "25000",
      "--age",
      "45",
      "--regular-contributions",
      "20000",
      "--conversion",
      "2022:2000:28000",
      "--conversion",
      "2025:10000:0",
    ]);
    expect(out.ordering).toEqual(c.expected.ordering);
    expect(out.taxableAmount).toBe(c.expected.includibleInIncome);
    expect(out.additionalTax10Pct).toBe(c.expected.additional10PctTax);
    expect(out.form8606).toMatchObject(c.expected.lines as Record<string, number>);
    expect(out.fiveYearClocks).toEqual([
      { conversionYear: 2022, taxablePortion: 2000, endsOn: "2026-12-31", openInWithdrawalYear: true },
      { conversionYear: 2025, taxablePortion: 10000, endsOn: "2029-12-31", openInWithdrawalYear: true },
    ]);
  });
});

describe("bad input: one line naming the flag, exit 2, nothing on stdout", () => {
  const cases: [string, string[], RegExp][] = [
    [
      "negative money",
      ["split", "--pretax", "-5", "--after-tax", "1", "--distribution", "1", "--cash", "1"],
      /--pretax/,
    ],
    [
      "routes not adding up",
      ["split", "--pretax", "5", "--after-tax", "5", "--distribution", "10", "--cash", "9"],
      /--cash\/--to-\*/,
    ],
    [
      "distribution above the account",
      ["split", "--pretax", "5", "--after-tax", "5", "--distribution", "11", "--cash", "11"],
      /--distribution/,
    ],
    [
      "60-day rollover above the cash",
      [
        "split",
        "--pretax",
        "5",
        "--after-tax",
        "5",
        "--distribution",
        "10",
        "--cash",
        "10",
        "--rollover-60-day-roth-ira",
        "11",
      ],
      /--rollover-60-day/,
    ],
    [
      "age out of range",
      ["split", "--pretax", "5", "--after-tax", "5", "--distribution", "10", "--cash", "10", "--age", "17.5"],
      /--age/,
    ],
    ["unknown ratio", ["form8606", "--year", "2026", "--ratio", "4dp"], /--ratio/],
    [
      "line 4 above line 1",
      ["form8606", "--year", "2026", "--nondeductible-contributions", "1", "--contributions-next-year", "2"],
      /--contributions-next-year/,
    ],
    ["no income or rate", ["convert", "--year", "2026", "--after-tax", "1000"], /--taxable-income/],
    [
      "unknown cadence",
      ["convert", "--year", "2026", "--marginal-rate", "22%", "--after-tax", "1000", "--cadence", "weekly"],
      /--cadence/,
    ],
    [
      "contribution date outside the year",
      ["convert", "--year", "2026", "--marginal-rate", "22%", "--contribution", "2025-12-31:5"],
      /--contribution/,
    ],
    [
      "impossible date",
      ["convert", "--year", "2026", "--marginal-rate", "22%", "--contribution", "2026-02-30:5"],
      /--contribution/,
    ],
    [
      "unsupported year",
      ["convert", "--year", "2031", "--marginal-rate", "22%", "--after-tax", "1000"],
      /--year/,
    ],
    [
      "malformed conversion",
      ["roth-withdrawal", "--year", "2026", "--amount", "1", "--age", "40", "--conversion", "2022:5"],
      /--conversion/,
    ],
  ];
  for (const [name, args, flag] of cases) {
    it(name, () => {
      const r = runCli(args);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(r.stderr).toMatch(flag);
    });
  }
});
