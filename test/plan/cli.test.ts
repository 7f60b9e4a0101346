import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli, runCliJson } from "../helpers/cli.js";
import { goldenCases } from "../helpers/golden.js";

const dir = mkdtempSync(join(tmpdir(), "megaroth-plan-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

interface PlanJson {
  afterTaxRoom: number;
  afterTaxTotal: number;
  employerMatch: number;
  matchLost: number;
  elections: { fromPaycheck: number; deferralPct: number | null; afterTaxPct: number | null }[];
  paychecks: {
    n: number;
    date: string;
    gross: number;
    deferral: number;
    catchUp: number;
    match: number;
    afterTax: number;
  }[];
  warnings: { code: string; message: string }[];
}

const cents = (d: number) => Math.round(d * 100);

describe("megaroth plan", () => {
  it("plans the big-tech example: room filled, full match every paycheck, the table adds up to the cent", () => {
    const out = runCliJson<PlanJson>(["plan", "examples/big-tech-biweekly.yaml"]);
    expect(out.paychecks).toHaveLength(26);
    expect(out.afterTaxTotal).toBe(out.afterTaxRoom);
    expect(out.matchLost).toBe(0);
    expect(out.paychecks.reduce((s, r) => s + cents(r.afterTax), 0)).toBe(cents(out.afterTaxTotal));
    expect(out.paychecks.reduce((s, r) => s + cents(r.match), 0)).toBe(cents(out.employerMatch));
    // 2026: 72,000 − 24,500 deferrals − 26 × 276.92 match = 40,300.08.
    expect(out.afterTaxRoom).toBe(40300.08);
    expect(out.elections[0]).toMatchObject({ fromPaycheck: 1 });
    // 21% of 9,230.77 = 1,938.46 a paycheck reaches 24,500 on paycheck 13; paychecks 14–26 would then get
    // no match: 13 × 276.92 (50% of 6% of 9,230.77) = 3,599.96.
    expect(out.warnings.find((w) => w.code === "front-loading-loses-match")?.message).toBe(
      "front-loading loses $3,599.96 of match without a true-up: a flat 21% would reach the deferral limit at paycheck 13 and get no match after it",
    );
  });

  it("runs every example in JSON, YAML, CSV and Markdown", () => {
    for (const example of [
      "examples/big-tech-biweekly.yaml",
      "examples/whole-percent-no-415-stop.yaml",
      "examples/mid-year-starter-bonus.json",
    ]) {
      const csv = runCli(["plan", example, "--csv"]);
      expect(csv.code, csv.stderr).toBe(0);
      expect(csv.stdout.split("\n")[0]).toBe(
        "n,date,gross,bonus,deferral,catchUp,match,nonelective,afterTax,converts,netPay,ytdDeferral,ytdCatchUp,ytdAfterTax,ytdAnnualAdditions,eligiblePay",
      );
      const md = runCli(["plan", example, "--markdown"]);
      expect(md.code).toBe(0);
      expect(md.stdout).toContain("| From | Date | Deferral | After-tax |");
      const text = runCli(["plan", example]);
      expect(text.code).toBe(0);
      expect(text.stdout).toContain("Elections to set");
    }
  });

  it("whole-% plan where payroll does not stop at 415(c): stays under the room and says by how much", () => {
    const out = runCliJson<PlanJson & { shortfall: number; nextBetter: { overshoot: number } }>([
      "plan",
      "examples/whole-percent-no-415-stop.yaml",
    ]);
    expect(cents(out.afterTaxTotal) + cents(out.shortfall)).toBe(cents(39100));
    expect(out.nextBetter.overshoot).toBeGreaterThan(0);
    expect(out.warnings.map((w) => w.code)).toEqual(
      expect.arrayContaining(["room-not-filled", "after-tax-overshoot"]),
    );
  });

  it("an invalid scenario exits 2 listing every error with its path, and prints nothing on stdout", () => {
    const bad = file(
      "bad.yaml",
      "year: 2025\nageAtYearEnd: 40\npay: { salary: 100000, frequency: biweekly }\nplan:\n  match: [{ rate: 100, upTo: 3 }, { rate: 50, upTo: 200 }]\n  afterTax: { allowed: maybe }\n",
    );
    const result = runCli(["plan", bad]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("2 errors");
    expect(result.stderr).toContain("plan.match[1].upTo: must be 0–100%");
    expect(result.stderr).toContain('plan.afterTax.allowed: must be "yes", "no" or "unknown"');
    expect(result.stderr).not.toMatch(/at .*\.js/);
  });

  it("an unreadable or unparsable file is one line and exit code 2", () => {
    const missing = runCli(["plan", join(dir, "nope.yaml")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim().split("\n")).toHaveLength(1);
    const broken = runCli(["plan", file("broken.json", "{ year: ")]);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/not valid JSON/);
    expect(runCli(["plan", file("s.txt", "{}")]).code).toBe(2);
    const tooMany = runCli([
      "plan",
      file(
        "y.yaml",
        "year: 2025\nageAtYearEnd: 40\npay: {salary: 1000, frequency: monthly}\nplan: {afterTax: {allowed: 'yes'}}\nytd: {paychecksPaid: 13, deferrals: 0, afterTax: 0}\n",
      ),
    ]);
    expect(tooMany.code).toBe(2);
    expect(tooMany.stderr).toContain("ytd.paychecksPaid: is 13 but the year has 12 paychecks");
    // Mid-year re-plan: paychecks already paid, and what they contributed not given: an error naming each field.
    const unsaid = runCli([
      "plan",
      file(
        "ytd.yaml",
        "year: 2026\nageAtYearEnd: 40\npay: {salary: 120000, frequency: monthly}\nplan: {match: [{rate: 50, upTo: 6}], afterTax: {allowed: 'yes'}}\nytd: {paychecksPaid: 6, deferrals: 6000}\n",
      ),
    ]);
    expect(unsaid.code).toBe(2);
    expect(unsaid.stderr).toContain(
      "ytd.match: is required when paychecks are already paid (ytd.paychecksPaid is 6): give the employer match so far, 0 if none",
    );
    expect(unsaid.stderr).toContain("ytd.afterTax: is required when paychecks are already paid");
    expect(unsaid.stderr).not.toContain("ytd.nonelective");
  });

  it("a year without IRS figures exits 2 naming the supported years", () => {
    const result = runCli([
      "plan",
      file(
        "y2031.yaml",
        "year: 2031\nageAtYearEnd: 40\npay: {salary: 1000, frequency: monthly}\nplan: {afterTax: {allowed: 'yes'}}\n",
      ),
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/supported years/);
  });
});

describe("megaroth schedule", () => {
  for (const c of goldenCases("PAY").filter((x) => "annualAmount" in x.inputs)) {
    it(`${c.id}: splits ${c.inputs.annualAmount} over ${c.inputs.payPeriods} paychecks`, () => {
      const out = runCliJson<{ paychecks: { n: number; amount: number }[] }>([
        "schedule",
        "--amount",
        String(c.inputs.annualAmount),
        "--pay-periods",
        String(c.inputs.payPeriods),
      ]);
      expect(out.paychecks.map((p) => cents(p.amount))).toEqual(c.expected.amountsCents);
      expect(out.paychecks.map((p) => p.n)).toEqual(out.paychecks.map((_, i) => i + 1));
    });
  }

  it("rejects a bad amount or period count with one line and exit code 2", () => {
    const r = runCli(["schedule", "--amount", "12.345", "--pay-periods", "26"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--amount");
    expect(runCli(["schedule", "--amount", "100", "--pay-periods", "0"]).stderr).toContain("--pay-periods");
  });
});

describe("megaroth elections", () => {
  it("plans from flags with the same JSON fields as plan (PAY-07's plan: 2025, $260k, 50% up to 6%)", () => {
    const out = runCliJson<PlanJson>([
      "elections",
      "--year",
      "2025",
      "--age",
      "40",
      "--salary",
      "260000",
      "--pay-periods",
      "26",
      "--deferrals",
      "23500",
      "--match",
      "50%@6%",
      "--true-up",
      "--payroll-stops-at-415c",
    ]);
    expect(out.afterTaxRoom).toBe(38700);
    expect(out.afterTaxTotal).toBe(38700);
    expect(out.employerMatch).toBe(7800);
    expect(out.paychecks).toHaveLength(26);
    expect(Object.keys(out.paychecks[0]!)).toEqual(
      expect.arrayContaining(["n", "date", "gross", "deferral", "catchUp", "match", "afterTax"]),
    );
    expect(Object.keys(out.elections[0]!)).toEqual(
      expect.arrayContaining(["fromPaycheck", "deferralPct", "afterTaxPct"]),
    );
  });

  it("takes 0.5% and 0.1% steps", () => {
    for (const increment of ["0.5", "0.1"]) {
      const out = runCliJson<PlanJson>([
        "elections",
        "--year",
        "2026",
        "--age",
        "52",
        "--salary",
        "180000",
        "--pay-periods",
        "24",
        "--deferrals",
        "32500",
        "--match",
        "100%@4%",
        "--increment",
        increment,
      ]);
      expect(out.matchLost).toBe(0);
      expect(out.afterTaxTotal).toBeLessThanOrEqual(out.afterTaxRoom);
    }
  });

  it("rejects a bad flag with one line and exit code 2", () => {
    const base = ["elections", "--year", "2025", "--age", "40", "--salary", "100000", "--deferrals", "10000"];
    const periods = runCli([...base, "--pay-periods", "25"]);
    expect(periods.code).toBe(2);
    expect(periods.stderr).toContain("--pay-periods");
    const increment = runCli([...base, "--pay-periods", "26", "--increment", "2"]);
    expect(increment.code).toBe(2);
    expect(increment.stderr.trim()).toBe(
      'megaroth: --increment: "2" is not allowed (allowed: 1, 0.5 or 0.1)',
    );
    const match = runCli([...base, "--pay-periods", "26", "--match", "lots"]);
    expect(match.code).toBe(2);
    expect(match.stderr).toContain("--match");
  });
});

describe("megaroth schema", () => {
  it("prints the scenario JSON Schema", () => {
    const result = runCli(["schema"]);
    expect(result.code).toBe(0);
    const schema = JSON.parse(result.stdout) as { title: string; properties: Record<string, unknown> };
    expect(schema.title).toBe("megaroth scenario");
    expect(Object.keys(schema.properties)).toEqual(
      expect.arrayContaining(["year", "pay", "plan", "ytd", "goal"]),
    );
  });
});
