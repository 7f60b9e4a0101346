import { describe, expect, it } from "vitest";
import { runCli, runCliJson } from "../helpers/cli.js";

const room = (...args: string[]) => ["room", "--year", "2026", "--age", "45", ...args];

// The four examples (issue #15 §1); derivations in test/golden/cases.json SOLO-01 … SOLO-04.
describe("megaroth room --self-employment-income", () => {
  it("profit 200,000, deferrals 24,500, 25% → employer 37,176.57, room 10,323.43", () => {
    const r = runCliJson(
      room("--self-employment-income", "200000", "--deferrals", "24500", "--nonelective", "25%"),
    );
    expect(r).toMatchObject({
      employerNonelective: 37176.57,
      afterTaxRoom: 10323.43,
      compensation: 148706.28,
      selfEmploymentTax: 28234.3,
      halfSelfEmploymentTax: 14117.15,
      netEarnings: 185882.85,
    });
    expect((r.steps as { label: string }[]).some((s) => s.label.includes("Schedule SE line 13"))).toBe(true);
  });

  it("no employer contribution → room 47,500.00", () => {
    const r = runCliJson(room("--self-employment-income", "200000", "--deferrals", "24500"));
    expect(r).toMatchObject({ employerNonelective: 0, afterTaxRoom: 47500, compensation: 185882.85 });
  });

  it("profit 50,000 → employer 9,293.52, room 3,380.57: 100% of compensation binds", () => {
    const r = runCliJson(
      room("--self-employment-income", "50000", "--deferrals", "24500", "--nonelective", "25%"),
    );
    expect(r).toMatchObject({
      employerNonelective: 9293.52,
      afterTaxRoom: 3380.57,
      bindingLimit: "compensation-limit",
      annualAdditionsLimit: 37174.09,
    });
  });

  it("a W-2 job elsewhere: the wage base is used up, 402(g) too, this plan has its own 415(c)", () => {
    const r = runCliJson(
      room(
        "--self-employment-income",
        "100000",
        "--deferrals",
        "0",
        "--nonelective",
        "25%",
        "--other-employer-deferrals",
        "24500",
        "--w2-wages-elsewhere",
        "184500",
      ),
    );
    expect(r).toMatchObject({
      employerNonelective: 19732.18,
      afterTaxRoom: 52267.82,
      selfEmploymentTax: 2678.15,
    });
    expect((r.scheduleSE as Record<string, number>).line10).toBe(0);
  });

  it("prints the owner's table and the Schedule SE steps with --explain", () => {
    const r = runCli(
      room("--self-employment-income", "200000", "--deferrals", "24500", "--nonelective", "25%", "--explain"),
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Compensation \(earned income, IRC §401\(c\)\(2\)\)\s+│ \$148,706\.28/);
    expect(r.stdout).toContain("25% of compensation = 20% of net earnings = $37,176.57");
  });

  it.each([
    [
      ["--self-employment-income", "1000", "--compensation", "5", "--deferrals", "0"],
      /^megaroth: --compensation: not with --self-employment-income/,
    ],
    [
      ["--self-employment-income", "1000", "--deferrals", "0", "--nonelective", "30%"],
      /^megaroth: --nonelective: 30% is out of range for a self-employed owner \(allowed: 0–25%/,
    ],
    [
      ["--compensation", "1000", "--deferrals", "0", "--w2-wages-elsewhere", "5"],
      /^megaroth: --w2-wages-elsewhere: only with --self-employment-income/,
    ],
    [["--deferrals", "0"], /^megaroth: --compensation: required \(or --self-employment-income/],
    [
      ["--self-employment-income", "1000", "--deferrals", "0", "--match", "100%@3%"],
      /^megaroth: --match: not with --self-employment-income/,
    ],
    [["--self-employment-income", "-5", "--deferrals", "0"], /^megaroth: --self-employment-income: /],
  ])("bad input %j: one line, exit 2", (args, message) => {
    const r = runCli(room(...args));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stdout).toBe("");
  });
});
