import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import YAML from "yaml";
import type { Cents } from "../../packages/core/src/rules/money/cents.js";
import {
  bestPercentFill,
  electedAmount,
  type FillProblem,
  MULTI_CHANGE_STEPS,
  planPaychecks,
} from "../../packages/core/src/rules/paycheck-plan/index.js";
import { parseScenario, type Scenario } from "../../packages/core/src/rules/scenario.js";
import { FIRST_ANSWER_STEPS } from "../../src/web/planner-client.js";
import { readScenarioForm, SCENARIO_FORM_DEFAULTS } from "../../src/web/scenario-form.js";

/**
 * The planner's first answer (a smaller two-change budget) and its cached preparation against the planner's
 * full search: where the smaller budget suffices, the same answer; where it does not, the answer says it is
 * provisional. Compared path against path, on random fill problems, the examples and the web form's default.
 */
const problemArb = fc
  .record({
    salaryCents: fc.integer({ min: 2_000_000, max: 50_000_000 }),
    count: fc.integer({ min: 10, max: 27 }),
    bonusAt: fc.option(fc.nat(), { nil: null }),
    separateBonus: fc.boolean(),
    stepBp: fc.constantFrom(100, 50, 10),
    maxBp: fc.integer({ min: 500, max: 4_000 }),
    floorBp: fc.constantFrom(0, 0, 300, 600),
    upper: fc.integer({ min: 1_000, max: 10_000 }),
    targetShare: fc.double({ min: 0.05, max: 1.1, noNaN: true }),
    autoStop: fc.boolean(),
    freeAt: fc.array(fc.integer({ min: 1, max: 26 }), { maxLength: 2 }),
  })
  .map((x): FillProblem => {
    const gross: number[] = Array.from(
      { length: x.count },
      (_, i) => Math.floor(x.salaryCents / x.count) + (i < x.salaryCents % x.count ? 1 : 0),
    );
    const bonus = gross.map(() => false);
    if (x.bonusAt !== null) {
      const at = x.bonusAt % (gross.length + 1);
      gross.splice(at, 0, 1_500_000);
      bonus.splice(at, 0, true);
    }
    const grid: number[] = [];
    for (let r = 0; r <= x.maxBp; r += x.stepBp) grid.push(r);
    const capacity = gross.reduce(
      (s, g) => s + electedAmount(g as Cents, { kind: "percent", bp: x.maxBp }),
      0,
    );
    return {
      gross: gross as Cents[],
      bonusStream: bonus.map((b) => b && x.separateBonus),
      gridBp: grid,
      target: Math.floor(capacity * x.targetShare) as Cents,
      autoStop: x.autoStop,
      lowerBound: gross.map((g) => electedAmount(g as Cents, { kind: "percent", bp: x.floorBp })),
      upperBp: gross.map(() => Math.max(x.upper, x.floorBp)),
      maxChanges: 2,
      freeChangePoints: new Set(x.freeAt),
    };
  });

const clone = (p: FillProblem): FillProblem => ({
  ...p,
  gross: [...p.gross],
  bonusStream: [...p.bonusStream],
  gridBp: [...p.gridBp],
  lowerBound: [...p.lowerBound],
  upperBp: [...p.upperBp],
  freeChangePoints: new Set(p.freeChangePoints),
});

describe("two-change search budget", () => {
  it("a smaller budget gives the full search's answer, or says it was cut short", () => {
    fc.assert(
      fc.property(problemArb, fc.constantFrom(0, 50, 1_000, FIRST_ANSWER_STEPS), (p, budget) => {
        const full = bestPercentFill(clone(p));
        const first = bestPercentFill(clone(p), budget);
        if (first?.cutShort) {
          const { cutShort, ...rest } = first;
          // Cut short, it is the one-change answer, as the full search keeps where it runs out.
          expect(rest.searchedChanges).toBeLessThanOrEqual(1);
          expect(cutShort).toBe(true);
        } else expect(first).toEqual(full);
      }),
      { numRuns: 150 },
    );
  });

  it("the full budget is never marked cut short, and answers as a fresh search does after other problems", () => {
    fc.assert(
      fc.property(problemArb, problemArb, (p, other) => {
        const a = bestPercentFill(p);
        bestPercentFill(other);
        const sameAgain = bestPercentFill(clone(p));
        expect(sameAgain).toEqual(a);
        expect(a && "cutShort" in a).toBeFalsy();
        // A caller that changes its arrays afterwards does not change the cached preparation's answers.
        const mutated = clone(p);
        bestPercentFill(mutated);
        (mutated.gross as unknown as number[])[0] = (mutated.gross[0]! + 12_345) as Cents;
        expect(bestPercentFill(mutated)).toEqual(bestPercentFill(clone(mutated)));
      }),
      { numRuns: 60 },
    );
  });
});

function examples(): Scenario[] {
  const dir = new URL("../../examples/", import.meta.url);
  return ["big-tech-biweekly.yaml", "whole-percent-no-415-stop.yaml", "mid-year-starter-bonus.json"].map(
    (f) => {
      const text = readFileSync(new URL(f, dir), "utf8");
      const parsed = parseScenario(f.endsWith(".json") ? JSON.parse(text) : YAML.parse(text));
      if (!parsed.ok) throw new Error(`${f}: ${JSON.stringify(parsed.errors)}`);
      return parsed.scenario;
    },
  );
}

function webDefaults(): Scenario[] {
  return (["1%", "0.5%", "0.1%"] as const).flatMap((increment) =>
    [90_000, 150_000, 151_037, 260_000].map((salary) => {
      const reading = readScenarioForm({
        ...SCENARIO_FORM_DEFAULTS,
        electionIncrement: increment,
        salary: String(salary),
      });
      return reading.scenario!;
    }),
  );
}

describe("the planner's first answer", () => {
  it("is the planner's answer wherever it is not provisional (examples, web defaults)", () => {
    let provisional = 0;
    for (const s of [...examples(), ...webDefaults()]) {
      const full = planPaychecks(s);
      const first = planPaychecks(s, { multiChangeSteps: FIRST_ANSWER_STEPS });
      expect("provisional" in full).toBe(false);
      if (first.provisional) {
        provisional += 1;
        continue;
      }
      expect(first).toEqual(full);
    }
    // The web default at 1% needs the full budget (and more): the worker path is exercised.
    expect(provisional).toBeGreaterThan(0);
  });

  it("with the planner's own budget is exactly the planner's answer", () => {
    for (const s of examples()) {
      expect(planPaychecks(s, { multiChangeSteps: MULTI_CHANGE_STEPS })).toEqual(planPaychecks(s));
    }
  });
});
