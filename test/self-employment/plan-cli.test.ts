import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli, runCliJson } from "../helpers/cli.js";

const SOLO = new URL("../../examples/owners/solo-401k.yaml", import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), "megaroth-owner-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("megaroth plan: a self-employed owner", () => {
  it("--json: a schedule of deposits by the plan's deadlines, no paychecks", () => {
    const p = runCliJson(["plan", SOLO]);
    expect(p).toMatchObject({
      kind: "self-employed",
      employerNonelective: 37176.57,
      afterTaxTotal: 10323.43,
    });
    expect(p.paychecks).toBeUndefined();
    expect(
      (p.deposits as { kind: string; dueDate: string; amount: number }[]).map((d) => [
        d.kind,
        d.dueDate,
        d.amount,
      ]),
    ).toEqual([
      ["deferral-election", "2026-12-31", 24500],
      ["after-tax", "2027-01-30", 10323.43],
      ["deferrals", "2027-10-15", 24500],
      ["employer-nonelective", "2027-10-15", 37176.57],
    ]);
  });

  it("prints the deposits as a table, and as CSV", () => {
    // a wide terminal gets the table on one line a row; 80 columns (piped) wraps the label column
    const text = runCli(["plan", SOLO], { env: { COLUMNS: "200" } });
    expect(text.code).toBe(0);
    const narrow = runCli(["plan", SOLO])
      .stdout.split("\n")
      .filter((l) => /^[┌│├└]/.test(l));
    expect(Math.max(...narrow.map((l) => l.length))).toBeLessThanOrEqual(80);
    expect(text.stdout).toMatch(
      /2027-10-15 │ Deposit the employer contribution \(by the Form 1040 due date, with extensions\) │ \$37,176\.57 │ 2027-04-15/,
    );
    const csv = runCli(["plan", SOLO, "--csv"]);
    expect(csv.stdout.split("\n")[0]).toBe("dueDate,kind,label,amount,dueWithoutExtension");
    expect(csv.stdout).toContain("2027-01-30,after-tax,Deposit the after-tax contributions,10323.43,");
  });

  it("an invalid owner scenario exits 2 naming the field", () => {
    const bad = join(work, "bad.yaml");
    writeFileSync(
      bad,
      'year: 2026\nageAtYearEnd: 45\npay:\n  selfEmployed:\n    netProfit: 1000\nplan:\n  nonelective: 40\n  afterTax:\n    allowed: "yes"\n',
    );
    const r = runCli(["plan", bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("plan.nonelective: must be 0–25% for a self-employed owner");
    expect(r.stdout).toBe("");
  });
});

describe("megaroth compare: a self-employed owner", () => {
  it("the scenario's budget is the after-tax deposit grossed up at the owner's rate (profit − half SE tax)", () => {
    // 200,000 − 14,117.15 = 185,882.85; − 16,100 standard deduction = 169,782.85: the 24% bracket (2026 single).
    // Budget = 10,323.43 ÷ 0.76 = 13,583.46 (half-up).
    const c = runCliJson(["compare", SOLO, "--years", "20"]);
    expect(c.assumptions as { rateNow: number; budget: number }).toMatchObject({
      rateNow: 24,
      budget: 13583.46,
    });
    expect((c.warnings as { code: string }[]).map((w) => w.code)).toContain("qbi-deduction-ignored");
  });

  it("--self-employment-income sets the income behind the rate; not with a scenario file", () => {
    const c = runCliJson([
      "compare",
      "--year",
      "2026",
      "--age",
      "45",
      "--budget",
      "10000",
      "--self-employment-income",
      "200000",
      "--rate-retirement",
      "22%",
      "--years",
      "20",
    ]);
    expect((c.assumptions as { rateNow: number }).rateNow).toBe(24);
    const r = runCli(["compare", SOLO, "--self-employment-income", "1"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^megaroth: --self-employment-income: not with a scenario file/);
  });
});
