import { stripVTControlCharacters } from "node:util";
import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { runCli, runCliJson } from "../helpers/cli.js";

interface StrategyJson {
  name: string;
  afterTaxValue: number;
  taxPaidNow: number;
  taxPaidLater: number;
  percentiles?: { p5: number; p25: number; p50: number; p75: number; p95: number };
}
interface CompareJson {
  strategies: StrategyJson[];
  breakEvenRate: number | null;
  contributionTypes: { name: string; limit: number | null }[];
  monteCarlo?: {
    paths: number;
    seed: number;
    byYear: Record<string, unknown>[];
    winProbabilities: unknown[];
  };
  byYear?: { year: number; limitsProjected: boolean; contributions: Record<string, number> }[];
  assumptions: Record<string, unknown>;
}

const BASE = [
  "compare",
  "--year",
  "2026",
  "--age",
  "45",
  "--budget",
  "10000",
  "--rate-now",
  "24%",
  "--rate-retirement",
  "22%",
];

describe("megaroth compare", () => {
  it("prints the five strategies with their after-tax value and the break-even rate as JSON", () => {
    const out = runCliJson<CompareJson>([
      ...BASE,
      "--state-rate",
      "5%",
      "--years",
      "20",
      "--convert-every",
      "1",
    ]);
    expect(out.strategies.map((s) => s.name)).toEqual([
      "pre-tax",
      "roth",
      "after-tax",
      "after-tax-converted",
      "taxable",
    ]);
    const byName = Object.fromEntries(out.strategies.map((s) => [s.name, s]));
    // Hand-computed in test/projection/equal-budget.test.ts: $32,071.35 less 27%; $7,100 × 1.06^20.
    expect(byName["pre-tax"]).toMatchObject({
      afterTaxValue: 23412.09,
      taxPaidNow: 0,
      taxPaidLater: 8659.26,
    });
    expect(byName.roth).toMatchObject({ afterTaxValue: 22770.66, taxPaidNow: 2900, taxPaidLater: 0 });
    expect(out.breakEvenRate).toBe(24);
    expect(out.contributionTypes.find((t) => t.name === "after-tax")!.limit).toBe(72000);
    expect(out.monteCarlo).toBeUndefined();
  });

  it("adds ordered percentiles and win probabilities with --paths, the same for the same seed", () => {
    const args = [...BASE, "--years", "10", "--paths", "2000", "--seed", "9"];
    const a = runCliJson<CompareJson>(args);
    expect(runCliJson<CompareJson>(args)).toEqual(a);
    expect(a.monteCarlo).toMatchObject({ paths: 2000, seed: 9 });
    expect(a.monteCarlo!.byYear).toHaveLength(10);
    expect(a.monteCarlo!.winProbabilities).toHaveLength(20);
    for (const s of a.strategies) {
      const p = s.percentiles!;
      expect([p.p5, p.p25, p.p50, p.p75, p.p95]).toEqual(
        [p.p5, p.p25, p.p50, p.p75, p.p95].sort((x, y) => x - y),
      );
    }
    const other = runCliJson<CompareJson>([...BASE, "--years", "10", "--paths", "2000", "--seed", "10"]);
    expect(other.strategies[0]!.percentiles).not.toEqual(a.strategies[0]!.percentiles);
  });

  it("computes the rates from income and filing status with the tax engine", () => {
    const out = runCliJson<CompareJson>([
      "compare",
      "--year",
      "2026",
      "--age",
      "45",
      "--budget",
      "10000",
      "--income",
      "150000",
      "--retirement-income",
      "90000",
      "--filing-status",
      "mfj",
      "--years",
      "10",
    ]);
    expect(out.assumptions).toMatchObject({ rateNow: 22, rateRetirement: 12, filingStatus: "mfj" });
    expect(out.breakEvenRate).toBe(22);
  });

  it("projects year by year with labelled projected limits (--by-year)", () => {
    const out = runCliJson<CompareJson>([
      ...BASE,
      "--years",
      "3",
      "--by-year",
      "--income",
      "200000",
      "--employer",
      "4%",
    ]);
    expect(out.byYear!.map((y) => [y.year, y.limitsProjected])).toEqual([
      [2026, false],
      [2027, true],
      [2028, true],
    ]);
    expect(out.byYear![0]!.contributions).toMatchObject({ preTax: 24500, employer: 8000, afterTax: 39500 });
  });

  it("writes CSV with one row per strategy", () => {
    const r = runCli([...BASE, "--years", "5", "--paths", "100", "--csv"]);
    expect(r.code).toBe(0);
    const rows = Papa.parse<Record<string, string>>(r.stdout.trim(), { header: true }).data;
    expect(rows.map((x) => x.name)).toEqual([
      "pre-tax",
      "roth",
      "after-tax",
      "after-tax-converted",
      "taxable",
    ]);
    expect(Object.keys(rows[0]!)).toEqual([
      "name",
      "contributions",
      "taxPaidNow",
      "taxPaidDuring",
      "taxPaidLater",
      "grossValue",
      "afterTaxValue",
      "p5",
      "p25",
      "p50",
      "p75",
      "p95",
    ]);
  });

  it("prints a readable comparison", () => {
    // A wide terminal gets the table; 80 columns (and piped output) get each strategy stacked.
    const r = runCli([...BASE, "--years", "20", "--convert-every", "1"], { env: { COLUMNS: "200" } });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Break-even, pre-tax vs roth: 24% federal in retirement");
    // $10,000 × 1.06^20 = $32,071.35, less 22% ($7,055.70) = $25,015.65.
    expect(stripVTControlCharacters(r.stdout)).toMatch(
      /│ pre-tax +│ \$10,000\.00 +│ \$0\.00 +│ \$0\.00 +│ \$7,055\.70 +│ \$25,015\.65 +│/,
    );
    const narrow = runCli([...BASE, "--years", "20", "--convert-every", "1"], { env: { COLUMNS: "80" } });
    expect(narrow.stdout).toMatch(
      /strategy: pre-tax\n( {2}.*\n)* {2}tax at withdrawal: +\$7,055\.70\n {2}after-tax value: +\$25,015\.65\n/,
    );
    expect(
      Math.max(
        ...narrow.stdout
          .split("\n")
          .filter((l) => /^[┌│├└]/.test(l))
          .map((l) => l.length),
      ),
    ).toBeLessThanOrEqual(80);
    expect(r.stdout).toContain("Cost of converting every 1 year(s) instead of at once:");
  });

  it.each([
    [["--rate-now", "24%"], "--year: required"],
    [[...BASE.slice(0, 7), "--rate-retirement", "22%"], "--rate-now: required"],
    [[...BASE, "--rate-now", "124%"], "--rate-now: 124% is out of range (allowed: 0–100%)"],
    [[...BASE, "--years", "0"], '--years: "0" is not allowed (allowed: a whole number 1–80)'],
    [
      [...BASE, "--years", "5", "--contribution-years", "6"],
      "--contribution-years: 6 is more than the 5 years of --years",
    ],
    [
      [...BASE, "--paths", "2000000"],
      '--paths: "2000000" is not allowed (allowed: a whole number 1–1000000)',
    ],
    [[...BASE, "--model", "normal"], '--model: "normal" is not allowed (allowed: lognormal, bootstrap)'],
    [[...BASE, "--state-rate", "80%"], "--rate-now + --state-rate: together 104% (allowed: at most 100%)"],
    [[...BASE, "--year", "2031"], '--year: "2031" is not a supported tax year'],
    [[...BASE, "--by-year"], "--income: required"],
  ])("refuses bad input %j with one line and exit code 2", (args, message) => {
    const full = args[0] === "compare" ? args : ["compare", ...args];
    const r = runCli(full);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toContain(message);
  });
});

describe("megaroth compare SCENARIO", () => {
  const example = (name: string) => new URL(`../../examples/${name}`, import.meta.url).pathname;

  it("takes year, age, pay, plan features and the planned after-tax amount from the scenario file", () => {
    const out = runCliJson<CompareJson & { warnings: { code: string }[] }>([
      "compare",
      example("big-tech-biweekly.yaml"),
      "--rate-retirement",
      "22%",
    ]);
    const plan = runCliJson<{ afterTaxTotal: number; afterTaxYtd: number }>([
      "plan",
      example("big-tech-biweekly.yaml"),
    ]);
    const afterTax = plan.afterTaxTotal + plan.afterTaxYtd;
    // The budget is the pre-tax pay behind the planned after-tax money: budget − tax now = that money.
    for (const s of out.strategies.filter((x) => x.name !== "pre-tax")) {
      expect((s as unknown as { contributions: number }).contributions).toBe(afterTax);
    }
    expect(out.assumptions).toMatchObject({ rateRetirement: 22, convertEvery: 0, filingStatus: "single" });
    expect(out.contributionTypes.find((t) => t.name === "after-tax-converted")).toMatchObject({
      planAllows: "yes",
    });
    // Converted every paycheck, the same day: no earnings before conversion, so the yearly model is exact.
    expect((out as unknown as { conversionThisYear: { tax: number } }).conversionThisYear.tax).toBe(0);
    expect(out.warnings.map((w) => w.code)).not.toContain("sub-year-conversion");
  });

  it("lets flags override the scenario, and warns when the retirement rate had to be assumed", () => {
    const out = runCliJson<CompareJson & { warnings: { code: string }[] }>([
      "compare",
      example("mid-year-starter-bonus.json"),
      "--budget",
      "10000",
      "--rate-now",
      "32%",
    ]);
    expect(out.assumptions).toMatchObject({ budget: 10000, rateNow: 32, rateRetirement: 32 });
    expect(out.warnings.map((w) => w.code)).toContain("retirement-rate-assumed");
  });

  it("costs this year's monthly conversions with the conversions module, at the rate now", () => {
    const out = runCliJson<{
      assumptions: { rateNow: number };
      conversionThisYear: { cadence: string; earningsBeforeConversion: number; tax: number };
      warnings: { code: string }[];
    }>(["compare", example("mid-year-starter-bonus.json"), "--rate-retirement", "22%"]);
    const c = out.conversionThisYear;
    expect(c.cadence).toBe("monthly");
    expect(c.earningsBeforeConversion).toBeGreaterThan(0);
    // Tax on the earnings at the rate now, to the cent (each conversion rounded half-up, so allow a cent a month).
    const expectedTaxCents = (Math.round(c.earningsBeforeConversion * 100) * out.assumptions.rateNow) / 100;
    expect(Math.abs(Math.round(c.tax * 100) - expectedTaxCents)).toBeLessThanOrEqual(12);
    expect(out.warnings.map((w) => w.code)).toContain("sub-year-conversion");
  });

  it("refuses a missing scenario file with one line and exit code 2", () => {
    const r = runCli(["compare", "no-such-file.yaml"]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toContain('SCENARIO: cannot read "no-such-file.yaml"');
  });
});
