import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { parseScenario, scenarioJsonSchema } from "../../packages/core/src/rules/scenario.js";

const EXAMPLES = fileURLToPath(new URL("../../examples/", import.meta.url));

const valid = {
  year: 2025,
  ageAtYearEnd: 40,
  pay: { salary: 200000, frequency: "biweekly" },
  plan: {
    match: [
      { rate: 100, upTo: 3 },
      { rate: 50, upTo: 2 },
    ],
    afterTax: { allowed: "yes" },
  },
};

describe("scenario files", () => {
  it("accepts a minimal scenario", () => {
    expect(parseScenario(valid).ok).toBe(true);
  });

  it("lists every error with its path, not just the first", () => {
    const result = parseScenario({
      ...valid,
      ageAtYearEnd: 17,
      pay: { salary: 1000.005, frequency: "fortnightly" },
      plan: {
        match: [
          { rate: 100, upTo: 3 },
          { rate: 50, upTo: 120 },
        ],
        afterTax: { allowed: "maybe" },
        electionIncrement: "2%",
      },
      goal: { deferrals: "all", afterTax: -5 },
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([
      { path: "ageAtYearEnd", message: "must be 18–120" },
      { path: "pay.salary", message: "must have at most 2 decimals (cents)" },
      { path: "pay.frequency", message: "must be one of weekly, biweekly, semimonthly, monthly" },
      { path: "plan.match[1].upTo", message: "must be 0–100%" },
      { path: "plan.afterTax.allowed", message: 'must be "yes", "no" or "unknown"' },
      { path: "plan.electionIncrement", message: "must be one of 1%, 0.5%, 0.1%, dollars" },
      { path: "goal.deferrals", message: 'must be "max" or a dollar amount' },
      { path: "goal.afterTax", message: "must be 0 or more dollars" },
    ]);
  });

  it("rejects misspelled fields instead of ignoring them", () => {
    const result = parseScenario({ ...valid, plan: { ...valid.plan, matchPeriods: "per-paycheck" } });
    expect(result).toEqual({
      ok: false,
      errors: [{ path: "plan.matchPeriods", message: "is not a known field" }],
    });
  });

  it("checks rules across fields: pay given one way, dates in the year, tiers within 100% of pay", () => {
    const result = parseScenario({
      ...valid,
      pay: {
        salary: 100000,
        paychecks: [{ date: "2024-12-31", gross: 100 }],
        bonuses: [{ date: "2025-02-30", amount: 1 }],
      },
      plan: {
        match: [
          { rate: 100, upTo: 60 },
          { rate: 50, upTo: 50 },
        ],
        afterTax: { allowed: "yes", capPct: 10, capDollars: 5000 },
      },
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => e.path)).toEqual(["pay.bonuses[0].date"]);
    const crossField = parseScenario({
      ...valid,
      pay: { salary: 100000, paychecks: [{ date: "2024-12-31", gross: 100 }] },
      plan: {
        match: [
          { rate: 100, upTo: 60 },
          { rate: 50, upTo: 50 },
        ],
        afterTax: { allowed: "yes", capPct: 10, capDollars: 5000 },
      },
    });
    expect(crossField.ok).toBe(false);
    if (crossField.ok) return;
    expect(crossField.errors.map((e) => e.path)).toEqual([
      "pay",
      "pay.frequency",
      "pay.paychecks[0].date",
      "plan.match",
      "plan.afterTax",
    ]);
  });

  it("publishes a JSON Schema that names every field and refuses unknown ones", () => {
    const schema = scenarioJsonSchema() as {
      $schema: string;
      required: string[];
      additionalProperties: boolean;
      properties: Record<string, { properties?: Record<string, unknown> }>;
    };
    expect(schema.$schema).toMatch(/json-schema\.org/);
    expect(schema.required).toEqual(["year", "ageAtYearEnd", "pay", "plan"]);
    expect(schema.additionalProperties).toBe(false);
    expect(Object.keys(schema.properties.plan!.properties!)).toContain("payrollStopsAfterTaxAt415c");
  });

  it("every example in examples/ is a valid scenario", () => {
    const files = readdirSync(EXAMPLES).filter((f) => /\.(json|ya?ml)$/.test(f));
    expect(files.length).toBeGreaterThanOrEqual(3);
    for (const file of files) {
      const text = readFileSync(EXAMPLES + file, "utf8");
      const value = file.endsWith(".json") ? JSON.parse(text) : parseYaml(text);
      expect(parseScenario(value), file).toMatchObject({ ok: true });
    }
  });
});
