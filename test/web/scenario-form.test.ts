import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { planPaychecks } from "../../packages/core/src/rules/paycheck-plan/plan.js";
import { parseScenario, type Scenario } from "../../packages/core/src/rules/scenario.js";
import { readScenarioForm, SCENARIO_FORM_DEFAULTS, scenarioToForm } from "../../src/web/scenario-form.js";

/** The planner form holds a scenario as text; reading it back must give the same scenario the CLI reads. */
const EXAMPLES = new URL("../../examples/", import.meta.url);

function parsed(value: unknown): Scenario {
  const result = parseScenario(value);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.scenario;
}

/**
 * The form writes out what a file may leave to the planner's defaults (src/core/paycheck-plan/plan.ts: an
 * unknown feature is "unknown", no bonus election, no conversions); a null prior-year wage (new hire) and an
 * absent one mean the same. Both sides are compared with those defaults filled in.
 */
function normalised(s: Scenario): Scenario {
  const p = s.plan;
  return {
    ...s,
    pay: { ...s.pay, priorYearFicaWages: s.pay.priorYearFicaWages ?? undefined },
    plan: {
      ...p,
      matchPeriod: p.matchPeriod ?? "unknown",
      separateBonusElection: p.separateBonusElection ?? false,
      payrollStopsDeferralsAt402g: p.payrollStopsDeferralsAt402g ?? "unknown",
      payrollStopsAfterTaxAt415c: p.payrollStopsAfterTaxAt415c ?? "unknown",
      roth: p.roth ?? "unknown",
      inPlanRothConversion: p.inPlanRothConversion ?? "unknown",
      inServiceWithdrawal: p.inServiceWithdrawal ?? "unknown",
      automaticConversion: p.automaticConversion ?? "unknown",
      conversionCadence: p.conversionCadence ?? "none",
      electionIncrement: p.electionIncrement ?? "1%",
      percentElectionsApplyTo: p.percentElectionsApplyTo ?? "capped-pay",
    },
  };
}

const HAND_WRITTEN: Record<string, unknown> = {
  "explicit paychecks, dollar cap, dollar goals, year to date": {
    year: 2026,
    ageAtYearEnd: 61,
    filingStatus: "mfj",
    pay: {
      paychecks: [
        { date: "2026-01-15", gross: 10000.01 },
        { date: "2026-02-15", gross: 12500.5, bonus: true },
      ],
      priorYearFicaWages: 160000,
      withholdingPct: 22.5,
    },
    plan: {
      match: [
        { rate: 100, upTo: 3 },
        { rate: 50, upTo: 2.5 },
      ],
      matchPeriod: "annual-true-up",
      nonelective: 3,
      afterTax: { allowed: "unknown", capDollars: 15000.25 },
      electionIncrement: "dollars",
      separateBonusElection: true,
      maxElectionPct: 75,
      maxElectionChanges: 0,
    },
    ytd: { paychecksPaid: 1, gross: 10000.01, deferrals: 500, match: 0, nonelective: 0, afterTax: 0 },
    otherEmployerDeferrals: 1234.56,
    relatedEmployerAdditions: 789,
    goal: { deferrals: 20000, afterTax: "max" },
  },
};

function cases(): [string, Scenario][] {
  const files = readdirSync(EXAMPLES).filter((f) => /\.(json|ya?ml)$/.test(f));
  return [
    ...files.map((f): [string, Scenario] => {
      const text = readFileSync(new URL(f, EXAMPLES), "utf8");
      return [f, parsed(f.endsWith(".json") ? JSON.parse(text) : parse(text))];
    }),
    ...Object.entries(HAND_WRITTEN).map(([name, value]): [string, Scenario] => [name, parsed(value)]),
  ];
}

describe("planner form ⇄ scenario file", () => {
  it.each(cases())("%s: the form reads back as the same scenario", (_name, scenario) => {
    const reading = readScenarioForm(scenarioToForm(scenario));
    expect(reading.scenarioErrors).toEqual([]);
    expect(reading.fieldErrors).toEqual({});
    expect(normalised(reading.scenario!)).toEqual(normalised(scenario));
    expect(planPaychecks(reading.scenario!)).toEqual(planPaychecks(scenario));
  });

  it("the default form is a valid scenario", () => {
    expect(readScenarioForm(SCENARIO_FORM_DEFAULTS).scenario).not.toBeNull();
  });

  it("puts an error on the field it is about, worded as the CLI words it, without the file's path", () => {
    const reading = readScenarioForm({ ...SCENARIO_FORM_DEFAULTS, ageAtYearEnd: "200", nonelective: "150" });
    expect(reading.scenario).toBeNull();
    expect(reading.fieldErrors.ageAtYearEnd).toBe("must be 18–120");
    expect(reading.fieldErrors.nonelective).toBe("must be 0–100%");
    expect(reading.scenarioErrors.map((e) => e.path)).toEqual(["ageAtYearEnd", "plan.nonelective"]);
  });

  it("reads bonuses and year-to-date figures into the file's pay.bonuses and ytd", () => {
    const reading = readScenarioForm({
      ...SCENARIO_FORM_DEFAULTS,
      bonuses: "2026-03-13 10,000\n\n2026-12-18 2,500.50",
      ytdPaychecksPaid: "6",
      ytdDeferrals: "6,000",
      ytdMatch: "0",
      ytdNonelective: "0",
      ytdAfterTax: "1,234.56",
    });
    expect(reading.scenario?.pay.bonuses).toEqual([
      { date: "2026-03-13", amount: 10000 },
      { date: "2026-12-18", amount: 2500.5 },
    ]);
    expect(reading.scenario?.ytd).toEqual({
      paychecksPaid: 6,
      deferrals: 6000,
      match: 0,
      nonelective: 0,
      afterTax: 1234.56,
    });
  });

  it("with paychecks already paid, each year-to-date contribution is required (0 if none), never read as 0", () => {
    const reading = readScenarioForm({
      ...SCENARIO_FORM_DEFAULTS,
      ytdPaychecksPaid: "6",
      ytdDeferrals: "6,000",
    });
    expect(reading.scenario).toBeNull();
    expect(Object.keys(reading.fieldErrors).sort()).toEqual(["ytdAfterTax", "ytdMatch", "ytdNonelective"]);
    expect(reading.fieldErrors.ytdMatch).toBe("required once paychecks are paid: the amount so far, or 0");
    // no paycheck paid yet: nothing is required
    expect(readScenarioForm({ ...SCENARIO_FORM_DEFAULTS, ytdPaychecksPaid: "0" }).fieldErrors).toEqual({});
    // The core says the same of a scenario file (what `megaroth plan` reads), naming each field.
    const parsed = parseScenario({
      year: 2026,
      ageAtYearEnd: 40,
      pay: { salary: 120_000, frequency: "monthly" },
      plan: { match: [{ rate: 50, upTo: 6 }], afterTax: { allowed: "yes" } },
      ytd: { paychecksPaid: 6, deferrals: 6000 },
    });
    expect(parsed.ok ? [] : parsed.errors.map((e) => e.path)).toEqual(["ytd.match", "ytd.afterTax"]);
  });

  it("the other employer is the file's first otherEmployers entry: name, deferrals, related or not, pay", () => {
    const other = {
      otherEmployerName: "Acme",
      otherEmployerDeferrals: "10,000",
      otherEmployerAdditions: "5,000",
      otherEmployerPay: "90,000",
    };
    const read = (otherEmployer: "none" | "unrelated" | "related") =>
      readScenarioForm({ ...SCENARIO_FORM_DEFAULTS, ...other, otherEmployer }).scenario!;
    expect(read("none").otherEmployers).toBeUndefined();
    expect(read("unrelated").otherEmployers).toEqual([
      { name: "Acme", deferrals: 10000, related: false, additions: 5000, compensation: 90000 },
    ]);
    expect(read("related").otherEmployers?.[0]?.related).toBe(true);
    // and back: the form shows the entry, and a second entry is kept as the file had it
    const two = parsed({
      ...read("related"),
      otherEmployers: [...read("related").otherEmployers!, { name: "Side gig", deferrals: 1000 }],
    });
    const form = scenarioToForm(two);
    expect([form.otherEmployer, form.otherEmployerName, form.otherEmployerPay]).toEqual([
      "related",
      "Acme",
      "90,000",
    ]);
    expect(readScenarioForm(form).scenario?.otherEmployers).toEqual(two.otherEmployers);
    expect(
      readScenarioForm({
        ...SCENARIO_FORM_DEFAULTS,
        ...other,
        otherEmployerName: "x".repeat(81),
        otherEmployer: "unrelated",
      }).fieldErrors.otherEmployerName,
    ).toBe("must be at most 80 characters");
  });

  it("puts a bonus error on the bonuses field, from the form or from the core", () => {
    expect(
      readScenarioForm({ ...SCENARIO_FORM_DEFAULTS, bonuses: "March 15: 10k" }).fieldErrors.bonuses,
    ).toMatch(/is not DATE AMOUNT/);
    expect(
      readScenarioForm({ ...SCENARIO_FORM_DEFAULTS, bonuses: "2026-03-15 1\n2026-02-30 5" }).fieldErrors
        .bonuses,
    ).toBe("line 2: must be a real calendar date");
  });

  it("flags text that is not a number without guessing", () => {
    const reading = readScenarioForm({ ...SCENARIO_FORM_DEFAULTS, salary: "12,34", match: "100% of 3%" });
    expect(reading.scenario).toBeNull();
    expect(reading.fieldErrors.salary).toMatch(/dollar amount/);
    expect(reading.fieldErrors.match).toMatch(/RATE%@UPTO%/);
  });
});
