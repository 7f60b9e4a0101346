import { describe, expect, it } from "vitest";
import { runCli, runCliJson } from "../helpers/cli.js";

describe("megaroth limits", () => {
  it("prints the year's limits with sources as JSON", () => {
    const out = runCliJson<Record<string, unknown>>(["limits", "--year", "2026"]);
    expect(out).toMatchObject({
      year: 2026,
      electiveDeferralLimit: 24500,
      catchUpLimit: 8000,
      catchUp60to63Limit: 11250,
      annualAdditionsLimit: 72000,
      compensationLimit: 360000,
      hceThreshold: 160000,
      iraLimit: 7500,
      iraCatchUpLimit: 1100,
      rothCatchUpWageThreshold: 150000,
    });
    expect((out.sources as Record<string, string>).annualAdditionsLimit).toContain("Notice 2025-67");
  });

  it("gives null for rules not yet in force", () => {
    const out = runCliJson<Record<string, unknown>>(["limits", "--year", "2024"]);
    expect(out.catchUp60to63Limit).toBeNull();
    expect(out.rothCatchUpWageThreshold).toBeNull();
    expect(out.annualAdditionsLimit).toBe(69000);
  });
});

describe("megaroth room", () => {
  it("computes ROOM-09's figures from flags", () => {
    const out = runCliJson<Record<string, unknown>>([
      "room",
      "--year",
      "2026",
      "--age",
      "64",
      "--compensation",
      "300000",
      "--deferrals",
      "32500",
      "--match",
      "100%@4%",
      "--nonelective",
      "3%",
      "--prior-year-fica-wages",
      "176100",
    ]);
    expect(out).toMatchObject({
      afterTaxRoom: 26500,
      annualAdditionsLimit: 72000,
      employerMatch: 12000,
      employerNonelective: 9000,
      catchUpLimit: 8000,
      catchUpAllowed: true,
      catchUpMustBeRoth: true,
      bindingLimit: "annual-additions-dollar-limit",
      totalAllSources: 80000,
      warnings: [],
    });
    const steps = out.steps as { label: string; amount: number | null; citation: string }[];
    expect(steps.length).toBeGreaterThan(5);
    for (const s of steps) expect(s.citation).not.toBe("");
  });

  it("applies tiered matches, a dollar plan cap and the no-Roth rule", () => {
    const out = runCliJson<Record<string, unknown>>([
      "room",
      "--year",
      "2026",
      "--age",
      "55",
      "--compensation",
      "200000",
      "--deferrals",
      "32500",
      "--match",
      "100%@3%,50%@2%",
      "--after-tax-cap",
      "20000",
      "--prior-year-fica-wages",
      "190000",
      "--no-roth-option",
    ]);
    // Match: 100% × 6,000 + 50% × 4,000 = 8,000. 415 room: 72,000 − 24,500 − 8,000 = 39,500; the plan cap binds.
    expect(out).toMatchObject({
      employerMatch: 8000,
      afterTaxRoom: 20000,
      bindingLimit: "plan-after-tax-cap",
      catchUpAllowed: false,
      catchUpMustBeRoth: true,
      catchUpContributed: 0,
      excessDeferral: 8000,
    });
    const codes = (out.warnings as { code: string }[]).map((w) => w.code);
    expect(codes).toEqual(expect.arrayContaining(["catch-up-not-allowed", "excess-deferral"]));
  });

  it("shares 415(c) with a related employer and 402(g) with other employers", () => {
    const out = runCliJson<Record<string, unknown>>([
      "room",
      "--year",
      "2025",
      "--age",
      "40",
      "--compensation",
      "250000",
      "--deferrals",
      "10000",
      "--other-employer-deferrals",
      "13500",
      "--related-employer-additions",
      "20000",
    ]);
    expect(out).toMatchObject({ regularDeferrals: 10000, afterTaxRoom: 40000, excessDeferral: 0 });
  });

  it("--match-catch-up matches the catch-up too", () => {
    const args = [
      "room",
      "--year",
      "2026",
      "--age",
      "55",
      "--compensation",
      "400000",
      "--deferrals",
      "32500",
      "--match",
      "100%@10%",
    ];
    expect(runCliJson<Record<string, unknown>>(args)).toMatchObject({
      employerMatch: 24500,
      afterTaxRoom: 23000,
    });
    expect(runCliJson<Record<string, unknown>>([...args, "--match-catch-up"])).toMatchObject({
      employerMatch: 32500,
      afterTaxRoom: 15000,
    });
  });

  it("explains in readable output", () => {
    const r = runCli([
      "room",
      "--year",
      "2025",
      "--age",
      "35",
      "--compensation",
      "60000",
      "--deferrals",
      "23500",
      "--match",
      "50%@6%",
      "--nonelective",
      "3%",
      "--explain",
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("$32,900.00");
    expect(r.stdout).toContain("100% of compensation");
    expect(r.stdout).toContain("warning [payroll-feasibility]");
    expect(r.stdout).toContain("IRC §415(c)(1)");
  });
});

describe("megaroth tax", () => {
  it("computes TAX-01 and the incremental tax of an added amount", () => {
    const out = runCliJson<Record<string, unknown>>([
      "tax",
      "--year",
      "2025",
      "--filing-status",
      "single",
      "--taxable-income",
      "100000",
      "--add",
      "5000",
    ]);
    // 22% on 3,350 (to 103,350) + 24% on 1,650 = 737 + 396 = 1,133.
    expect(out).toMatchObject({ tax: 16914, incrementalTax: 1133, taxWithAdded: 18047, marginalRate: 24 });
  });

  it("keeps cents exact", () => {
    const out = runCliJson<Record<string, unknown>>([
      "tax",
      "--year",
      "2024",
      "--filing-status",
      "hoh",
      "--taxable-income",
      "12345.67",
    ]);
    expect(out.tax).toBe(1234.57);
  });
});

describe("bad input: one line, exit code 2, nothing else", () => {
  const cases: [string[], RegExp][] = [
    [["limits", "--year", "2027"], /--year.*2002–2026/],
    [
      ["room", "--year", "2001", "--age", "40", "--compensation", "1", "--deferrals", "0"],
      /--year.*2002–2026/,
    ],
    [["room", "--year", "2026", "--age", "17", "--compensation", "1", "--deferrals", "0"], /--age.*18–120/],
    [
      ["room", "--year", "2026", "--age", "40", "--compensation", "-1", "--deferrals", "0"],
      /--compensation.*0 or more/,
    ],
    [
      ["room", "--year", "2026", "--age", "40", "--compensation", "abc", "--deferrals", "0"],
      /--compensation.*dollar amount/,
    ],
    [
      ["room", "--year", "2026", "--age", "40", "--compensation", "1", "--deferrals", "0", "--match", "100@"],
      /--match/,
    ],
    [
      [
        "room",
        "--year",
        "2026",
        "--age",
        "40",
        "--compensation",
        "1",
        "--deferrals",
        "0",
        "--nonelective",
        "150%",
      ],
      /--nonelective.*0–100%/,
    ],
    [["tax", "--year", "2023", "--filing-status", "single", "--taxable-income", "1"], /--year.*2024–2026/],
    [
      ["tax", "--year", "2026", "--filing-status", "joint", "--taxable-income", "1"],
      /--filing-status.*single, mfj, mfs, hoh/,
    ],
    [
      ["tax", "--year", "2026", "--filing-status", "single", "--taxable-income", "1", "--frobnicate"],
      /unknown option '--frobnicate'/,
    ],
    [["room", "--year", "2026"], /missing required flags: --age <age>, --deferrals <dollars>/],
    [["nonsense"], /unknown command/],
  ];
  for (const [args, message] of cases) {
    it(args.join(" "), () => {
      const r = runCli(args);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\bat .*\.js:\d+/);
    });
  }

  it("--help works and exits 0", () => {
    const r = runCli(["--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("room");
  });
});
