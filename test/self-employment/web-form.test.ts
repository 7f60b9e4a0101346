import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import {
  dollarsToCents,
  parseScenario,
  planOwnerDeposits,
  type Scenario,
} from "../../packages/core/src/typed.js";
import { COMPARE_FORM_DEFAULTS, parseCompareForm } from "../../src/web/compare-form.js";
import { readScenarioForm, SCENARIO_FORM_DEFAULTS, scenarioToForm } from "../../src/web/scenario-form.js";

const EXAMPLES = new URL("../../examples/owners/", import.meta.url);

function example(name: string): Scenario {
  const text = readFileSync(new URL(name, EXAMPLES), "utf8");
  const r = parseScenario(name.endsWith(".json") ? JSON.parse(text) : parse(text));
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.scenario;
}

describe("planner form: a self-employed owner", () => {
  it.each(["solo-401k.yaml", "partner-with-day-job.json"])("%s reads back as the same owner plan", (name) => {
    const s = example(name);
    const reading = readScenarioForm(scenarioToForm(s));
    expect(reading.scenarioErrors).toEqual([]);
    expect(reading.fieldErrors).toEqual({});
    expect(reading.scenario!.pay).toEqual(s.pay);
    expect(reading.scenario!.otherEmployers).toEqual(s.otherEmployers);
    expect(planOwnerDeposits(reading.scenario!).deposits).toEqual(planOwnerDeposits(s).deposits);
  });

  it("the default form switched to self-employed gives the issue's first example", () => {
    const reading = readScenarioForm({
      ...SCENARIO_FORM_DEFAULTS,
      ageAtYearEnd: "45",
      payKind: "self-employed",
      netProfit: "200,000",
      nonelective: "25",
      goalDeferrals: "24,500",
    });
    expect(reading.scenarioErrors).toEqual([]);
    const p = planOwnerDeposits(reading.scenario!);
    expect([p.employerNonelective, p.afterTaxTotal]).toEqual([
      dollarsToCents(37176.57),
      dollarsToCents(10323.43),
    ]);
    // the employee-only parts of the form stay out of an owner's scenario
    expect(reading.json!.pay).toEqual({
      selfEmployed: { netProfit: 200000, business: "sole-proprietorship" },
    });
    expect((reading.json!.plan as Record<string, unknown>).match).toBeUndefined();
  });

  it("puts an owner's errors on the owner's fields", () => {
    const empty = readScenarioForm({ ...SCENARIO_FORM_DEFAULTS, payKind: "self-employed", netProfit: "" });
    expect(empty.fieldErrors.netProfit).toMatch(/is missing/);
    expect(empty.scenarioErrors.map((e) => e.path)).toContain("pay.selfEmployed.netProfit");
    const high = readScenarioForm({
      ...SCENARIO_FORM_DEFAULTS,
      payKind: "self-employed",
      netProfit: "1",
      nonelective: "30",
    });
    expect(high.fieldErrors.nonelective).toBe("must be 0–25% for a self-employed owner (IRC §404(a)(3)(A))");
  });
});

describe("compare form: the rate now from a self-employed owner's net profit", () => {
  it("2026 single, profit 200,000, budget 10,000: income 185,882.85, taxable 169,782.85 → 24%", () => {
    const parsed = parseCompareForm({
      ...COMPARE_FORM_DEFAULTS,
      rateNowFrom: "self-employed",
      netProfit: "200,000",
      rateNow: "not used",
    });
    expect(parsed.errors).toEqual({});
    expect(parsed.assumptions!.rateNowBp).toBe(2400);
    expect(parsed.rateNowSteps[0]!.amount).toBe(dollarsToCents(185882.85));
  });

  it("a day job's wages count too: 184,500 + 98,660.92 − 16,100 = 267,060.92 → 35%", () => {
    // profit 100,000 with the wage base used up: half SE tax 1,339.08 (SOLO-04); 35% from 256,225 (2026 single).
    const parsed = parseCompareForm({
      ...COMPARE_FORM_DEFAULTS,
      rateNowFrom: "self-employed",
      netProfit: "100000",
      w2Wages: "184500",
    });
    expect(parsed.assumptions!.rateNowBp).toBe(3500);
  });

  it("names the field when the net profit is missing", () => {
    const parsed = parseCompareForm({ ...COMPARE_FORM_DEFAULTS, rateNowFrom: "self-employed" });
    expect(parsed.errors.netProfit).toMatch(/dollar amount/);
  });
});
