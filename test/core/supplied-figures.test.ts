import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  citeFigure,
  figure,
  figureValue,
  supportedYears,
  UnsupportedYearError,
  withSuppliedFigures,
} from "../../packages/core/src/data/figures.js";
import {
  parseSuppliedFigures,
  SuppliedFiguresError,
  suppliedFiguresTemplate,
} from "../../packages/core/src/data/supplied-figures.js";
import { contributionRoom } from "../../packages/core/src/rules/contribution-room.js";
import { parseMatchFormula } from "../../packages/core/src/rules/match-formula.js";
import { dollarsToCents } from "../../packages/core/src/rules/money/cents.js";
import { runCli } from "../helpers/cli.js";
import { goldenCases } from "../helpers/golden.js";

const dir = mkdtempSync(join(tmpdir(), "megaroth-figures-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content));
  return path;
}

const golden = goldenCases("SUPPLIED").find((c) => c.id === "SUPPLIED-2027-ROOM")!;
const goldenInputs = golden.inputs as {
  suppliedFigures: Record<string, Record<string, { value: unknown; source: string }>>;
  year: number;
  ageAtYearEnd: number;
  compensation: number;
  deferrals: number;
  match: string;
};
const goldenExpected = golden.expected as {
  limit402g: number;
  catchUpLimit: number;
  limit415cDollar: number;
  compensationForEmployerContribs: number;
  employerMatch: number;
  afterTaxRoom: number;
  totalAllSources: number;
  suppliedFiguresUsed: string[];
};
const SOURCE = "hypothetical figures for a test, not IRS figures";
const full2027 = file("2027.json", goldenInputs.suppliedFigures);
const roomArgs = (year = "2027") => [
  "room",
  ...["--year", year, "--age", "45", "--compensation", "400000", "--deferrals", "25000"],
  ...["--match", "50%@6%"],
];

describe("a supplied figures book (core)", () => {
  const book = parseSuppliedFigures(goldenInputs.suppliedFigures, "test.json");

  it("golden SUPPLIED-2027-ROOM through the library: the room from the supplied figures, each one used listed", () => {
    const { result, supplied } = withSuppliedFigures(book, () =>
      contributionRoom({
        year: goldenInputs.year,
        ageAtYearEnd: goldenInputs.ageAtYearEnd,
        compensation: dollarsToCents(goldenInputs.compensation),
        electiveDeferrals: dollarsToCents(goldenInputs.deferrals),
        match: parseMatchFormula(goldenInputs.match),
        matchOnCatchUp: false,
        nonelectiveBp: 0 as never,
        afterTaxCap: null,
        priorYearFicaWages: null,
        planOffersRoth: true,
        otherEmployerDeferrals: dollarsToCents(0),
        relatedEmployerAdditions: dollarsToCents(0),
      }),
    );
    expect(result.electiveDeferralLimit).toBe(dollarsToCents(goldenExpected.limit402g));
    expect(result.catchUpLimit).toBe(dollarsToCents(goldenExpected.catchUpLimit));
    expect(result.limit415cDollar).toBe(dollarsToCents(goldenExpected.limit415cDollar));
    expect(result.compensationForEmployerContribs).toBe(
      dollarsToCents(goldenExpected.compensationForEmployerContribs),
    );
    expect(result.employerMatch).toBe(dollarsToCents(goldenExpected.employerMatch));
    expect(result.afterTaxRoom).toBe(dollarsToCents(goldenExpected.afterTaxRoom));
    expect(result.totalAllSources).toBe(dollarsToCents(goldenExpected.totalAllSources));
    expect(supplied.map((f) => f.id).sort()).toEqual([...goldenExpected.suppliedFiguresUsed].sort());
    // every step that uses a supplied figure says so, with the source the user named
    const step = result.steps.find((s) => s.label.startsWith("Annual additions dollar limit"))!;
    expect(step.citation).toBe(`IRC §415(c)(1)(A); supplied by you: ${SOURCE}`);
  });

  it("is scoped: outside withSuppliedFigures the year is unknown again, and shipped years are never replaced", () => {
    withSuppliedFigures(book, () => {
      expect(figure("annualAdditionsLimit", 2027)).toBe(74_000);
      expect(figureValue("annualAdditionsLimit", 2027).supplied).toEqual({ source: SOURCE });
      expect(figureValue("annualAdditionsLimit", 2026).supplied).toBeUndefined();
      expect(citeFigure("annualAdditionsLimit", 2026)).toContain("Notice 2025-67");
      expect(supportedYears("annualAdditionsLimit").at(-1)).toBe(2027);
      expect(() => figure("iraLimit", 2027)).toThrow(
        /"iraLimit" for tax year 2027.*test\.json does not supply it/,
      );
    });
    expect(() => figure("annualAdditionsLimit", 2027)).toThrow(UnsupportedYearError);
    expect(supportedYears("annualAdditionsLimit").at(-1)).toBe(2026);
  });

  it("refuses a value that contradicts a figure on file, and accepts (without marking) one that agrees", () => {
    const bad = () =>
      parseSuppliedFigures({ annualAdditionsLimit: { "2026": { value: 70_000, source: "x" } } }, "f.json");
    expect(bad).toThrow(SuppliedFiguresError);
    expect(bad).toThrow(
      /annualAdditionsLimit\.2026\.value: 70,000 contradicts the IRS figure on file \(72,000\)/,
    );
    const same = parseSuppliedFigures(
      { annualAdditionsLimit: { "2026": { value: 72_000, source: "x" } } },
      "f",
    );
    expect(same.figures).toEqual([]);
  });

  it("names every problem with its path", () => {
    const input = {
      bogus: {},
      iraLimit: { "2001": { value: 2_000, source: "x" }, "20x7": {}, "2027": { value: 7_500.5, source: "" } },
      catchUp60to63Limit: { "2024": { value: 11_250, source: "x" } },
      ficaEmployeeRates: { "2027": { value: { socialSecurity: 620 }, source: "x" } },
      ordinaryIncomeBrackets: { "2027": { value: null, source: "x" } },
    };
    let issues: readonly string[] = [];
    try {
      parseSuppliedFigures(input, "f.json");
    } catch (error) {
      issues = (error as SuppliedFiguresError).issues;
    }
    expect(issues.join("\n")).toMatch(/"bogus" is not a figure megaroth uses/);
    expect(issues).toContain("iraLimit.2001: years before 2002 are not supported");
    expect(issues).toContain('iraLimit.20x7: "20x7" is not a tax year (a 4-digit year)');
    expect(issues).toContain("iraLimit.2027.value: must be a whole number of dollars, 0 or more");
    expect(issues).toContain(
      "iraLimit.2027.source: must name the IRS notice or publication the value comes from",
    );
    expect(issues).toContain("catchUp60to63Limit.2024: IRC §414(v)(2)(E)(i) does not apply before 2025");
    expect(issues.join("\n")).toMatch(/ficaEmployeeRates\.2027\.value/);
    expect(issues.join("\n")).toMatch(/ordinaryIncomeBrackets\.2027\.value/);
  });

  it("the template lists every figure not on file for the year, with nothing filled in", () => {
    const t = suppliedFiguresTemplate(2027);
    expect(t.annualAdditionsLimit).toEqual({ "2027": { value: null, source: "" } });
    expect(t.ficaEmployeeRates!["2027"]!.value).toEqual({ socialSecurity: null, medicare: null });
    expect(t.standardDeduction!["2027"]!.value).toEqual({ single: null, mfj: null, mfs: null, hoh: null });
    expect(suppliedFiguresTemplate(2026)).toEqual({});
    // 2010: the plan limits are on file; the tax tables (2024–2026 only) and return due dates (2023+) are not,
    // and the 60–63 catch-up (from 2025), the Roth catch-up rule (2026) and the NIIT (2013) did not exist yet
    const t2010 = Object.keys(suppliedFiguresTemplate(2010)).sort();
    expect(t2010).toEqual([
      "capitalGainsThresholds",
      "ordinaryIncomeBrackets",
      "returnDueDates",
      "standardDeduction",
    ]);
    // an unfilled template is refused, naming the values to fill in
    expect(() => parseSuppliedFigures(t, "t.json")).toThrow(/annualAdditionsLimit\.2027\.value: must be/);
  });
});

describe("megaroth --figures / MEGAROTH_FIGURES (CLI)", () => {
  it("golden SUPPLIED-2027-ROOM through the CLI: JSON marks every supplied figure and its steps", () => {
    const r = runCli([...roomArgs(), "--figures", full2027, "--json"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as {
      afterTaxRoom: number;
      employerMatch: number;
      steps: { label: string; citation: string }[];
      suppliedFigures: { id: string; year: number; value: unknown; source: string }[];
    };
    expect(out.afterTaxRoom).toBe(goldenExpected.afterTaxRoom);
    expect(out.employerMatch).toBe(goldenExpected.employerMatch);
    expect(out.suppliedFigures.map((f) => f.id).sort()).toEqual(
      [...goldenExpected.suppliedFiguresUsed].sort(),
    );
    expect(out.suppliedFigures).toContainEqual({
      id: "annualAdditionsLimit",
      year: 2027,
      value: 74_000,
      source: SOURCE,
    });
    const cited = out.steps
      .filter((s) => s.citation.includes(`supplied by you: ${SOURCE}`))
      .map((s) => s.label);
    expect(cited).toEqual(
      expect.arrayContaining([
        "Elective deferral limit (per person, all plans)",
        "Annual additions dollar limit",
        "Compensation for employer contributions (capped)",
      ]),
    );
  });

  it("marks supplied figures in the table, the steps and after the output", () => {
    const limits = runCli([
      "limits",
      "--year",
      "2027",
      "--figures",
      full2027.replace("2027.json", "all.json"),
    ]);
    expect(limits.code).toBe(2); // no such file yet: a clear error, not a crash
    expect(limits.stderr).toMatch(
      /^megaroth: --figures .*all\.json: cannot read the file \(no such file\)\n$/,
    );
    const all = file("all.json", {
      ...goldenInputs.suppliedFigures,
      catchUp60to63Limit: { "2027": { value: 11_250, source: SOURCE } },
      hceThreshold: { "2027": { value: 165_000, source: SOURCE } },
      iraLimit: { "2027": { value: 7_500, source: SOURCE } },
      iraCatchUpLimit: { "2027": { value: 1_100, source: SOURCE } },
    });
    // a wide terminal keeps each source on one line (80 columns wraps the source column)
    const table = runCli(["limits", "--year", "2027", "--figures", all], { env: { COLUMNS: "200" } });
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(
      /Annual additions \(415\(c\)\)\s+│ \$74,000\.00\s+│ IRC §415\(c\)\(1\)\(A\); supplied by you: hypothetical/,
    );
    const explain = runCli([...roomArgs(), "--figures", all, "--explain"]);
    expect(explain.code).toBe(0);
    expect(explain.stdout).toContain(
      "Annual additions dollar limit = $74,000.00\n     [IRC §415(c)(1)(A); supplied by you: hypothetical",
    );
    expect(explain.stdout).toContain(
      `supplied figure: annualAdditionsLimit 2027 (IRC §415(c)(1)(A)) = 74,000 — supplied by you: ${SOURCE}`,
    );
  });

  it("a figure the command needs and the file lacks: exit 2 naming it", () => {
    const partial = file("partial.json", {
      annualAdditionsLimit: { "2027": { value: 74_000, source: SOURCE } },
    });
    const r = runCli([...roomArgs(), "--figures", partial]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(
      `megaroth: no IRS figure "electiveDeferralLimit" for tax year 2027 (on file: 2002–2026), and --figures ${partial} does not supply it: add "electiveDeferralLimit": { "2027": { "value": …, "source": "…" } }\n`,
    );
  });

  it("a file that contradicts a shipped figure is refused (exit 2, nothing printed)", () => {
    const contra = file("contra.json", { electiveDeferralLimit: { "2026": { value: 23_500, source: "x" } } });
    const r = runCli([
      "room",
      "--year",
      "2026",
      "--age",
      "40",
      "--compensation",
      "1",
      "--deferrals",
      "0",
      "--figures",
      contra,
    ]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(
      /electiveDeferralLimit\.2026\.value: 23,500 contradicts the IRS figure on file \(24,500\)/,
    );
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("--figures may stand before the command too", () => {
    const r = runCli(["--figures", full2027, ...roomArgs(), "--json"]);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { afterTaxRoom: number }).afterTaxRoom).toBe(goldenExpected.afterTaxRoom);
  });

  it("MEGAROTH_FIGURES supplies the file; --figures wins over it", () => {
    const viaEnv = runCli([...roomArgs(), "--json"], { env: { MEGAROTH_FIGURES: full2027 } });
    expect(viaEnv.code).toBe(0);
    expect((JSON.parse(viaEnv.stdout) as { afterTaxRoom: number }).afterTaxRoom).toBe(
      goldenExpected.afterTaxRoom,
    );
    const broken = file("broken.json", "{ not json");
    const bad = runCli([...roomArgs(), "--json"], { env: { MEGAROTH_FIGURES: broken } });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^megaroth: MEGAROTH_FIGURES=.*broken\.json: not valid JSON/);
    const flagWins = runCli([...roomArgs(), "--figures", full2027, "--json"], {
      env: { MEGAROTH_FIGURES: broken },
    });
    expect(flagWins.code).toBe(0);
    // without a file the year is simply not on file
    const none = runCli(roomArgs(), { env: { MEGAROTH_FIGURES: "" } });
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/--year: "2027" is not a supported tax year \(allowed: 2002–2026/);
  });

  it("figures template --year 2027 prints a file to fill in; a year before 2002 is refused", () => {
    const r = runCli(["figures", "template", "--year", "2027"]);
    expect(r.code).toBe(0);
    const t = JSON.parse(r.stdout) as Record<string, Record<string, { value: unknown; source: string }>>;
    expect(t.electiveDeferralLimit).toEqual({ "2027": { value: null, source: "" } });
    expect(Object.keys(t)).toContain("socialSecurityWageBase");
    const early = runCli(["figures", "template", "--year", "2001"]);
    expect(early.code).toBe(2);
    expect(early.stderr).toMatch(/--year: "2001" is not allowed \(allowed: a whole number 2002–2100\)/);
    // the template as printed is refused until filled in
    const unfilled = file("unfilled.json", r.stdout);
    const use = runCli([...roomArgs(), "--figures", unfilled]);
    expect(use.code).toBe(2);
    expect(use.stderr).toMatch(/electiveDeferralLimit\.2027\.value: must be a whole number of dollars/);
  });

  it("a year before 2002 stays a clear error, with or without a figures file", () => {
    const plain = runCli([
      "room",
      "--year",
      "2001",
      "--age",
      "40",
      "--compensation",
      "1",
      "--deferrals",
      "0",
    ]);
    expect(plain.code).toBe(2);
    expect(plain.stderr).toMatch(/--year: "2001" is not a supported tax year \(allowed: 2002–2026/);
    const early = file("early.json", { annualAdditionsLimit: { "2001": { value: 35_000, source: "x" } } });
    const r = runCli([
      "room",
      "--year",
      "2001",
      "--age",
      "40",
      "--compensation",
      "1",
      "--deferrals",
      "0",
      "--figures",
      early,
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/annualAdditionsLimit\.2001: years before 2002 are not supported/);
  });

  it("an old year computes from its own figures: golden ROOM-2010 through the CLI", () => {
    const r = runCli([
      "room",
      "--year",
      "2010",
      "--age",
      "52",
      "--compensation",
      "120000",
      "--deferrals",
      "22000",
      "--match",
      "50%@6%",
      "--json",
    ]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(out.afterTaxRoom).toBe(28_900);
    expect(out.catchUpContributed).toBe(5_500);
    expect(out.suppliedFigures).toBeUndefined();
  });
});
