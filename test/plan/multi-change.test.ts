import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import type { Cents } from "../../packages/core/src/rules/money/cents.js";
import {
  bestPercentFill,
  electedAmount,
  type FillProblem,
  planPaychecks,
} from "../../packages/core/src/rules/paycheck-plan/index.js";
import { parseScenario } from "../../packages/core/src/rules/scenario.js";

/** Realistic sizes: 10–27 paychecks (some bonuses), whole or half percents up to 40%, match floors, net-pay caps. */
const realistic = fc
  .record({
    salaryCents: fc.integer({ min: 2_000_000, max: 50_000_000 }),
    count: fc.integer({ min: 10, max: 27 }),
    bonuses: fc.array(fc.record({ at: fc.nat(), gross: fc.integer({ min: 100_000, max: 5_000_000 }) }), {
      maxLength: 2,
    }),
    separateBonus: fc.boolean(),
    stepBp: fc.constantFrom(100, 50),
    maxBp: fc.integer({ min: 500, max: 4_000 }),
    floorBp: fc.constantFrom(0, 0, 300, 600),
    upperBp: fc.array(fc.integer({ min: 1_000, max: 10_000 }), { minLength: 30, maxLength: 30 }),
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
    for (const b of x.bonuses) {
      const at = b.at % (gross.length + 1);
      gross.splice(at, 0, b.gross);
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
      upperBp: gross.map((_, i) => Math.max(x.upperBp[i]!, x.floorBp)),
      maxChanges: 2,
      freeChangePoints: new Set(x.freeAt),
    };
  });

/** The rate a fill result elects on paycheck i. */
const rateOf = (f: NonNullable<ReturnType<typeof bestPercentFill>>, p: FillProblem, i: number) =>
  p.bonusStream[i] ? f.bonusBp! : f.segments.filter((s) => s.from <= i).at(-1)!.bp;

describe("election search with two changes", () => {
  it("is never worse than the one-change search: more money, or as much with no more changes", () => {
    fc.assert(
      fc.property(realistic, (p) => {
        const one = bestPercentFill({ ...p, maxChanges: 1 });
        const two = bestPercentFill(p);
        if (one === null) return;
        expect(two).not.toBeNull();
        expect(two!.total).toBeGreaterThanOrEqual(one.total);
        if (two!.total === one.total) expect(two!.changes).toBeLessThanOrEqual(one.changes);
        if (two!.searchedChanges === 1) expect(two).toEqual(one);
        // What it elects is within every paycheck's bounds and withholds the total it reports.
        const wanted = p.gross.map((g, i) => electedAmount(g, { kind: "percent", bp: rateOf(two!, p, i) }));
        p.gross.forEach((_, i) => {
          expect(rateOf(two!, p, i)).toBeLessThanOrEqual(p.upperBp[i]!);
          expect(wanted[i]).toBeGreaterThanOrEqual(p.lowerBound[i]!);
        });
        const uncut = wanted.reduce((a, b) => a + b, 0);
        if (uncut <= p.target) expect(uncut).toBe(two!.total);
        else expect(p.autoStop && two!.total === p.target).toBe(true);
        expect(two!.segments.length).toBeLessThanOrEqual(3);
      }),
      { numRuns: 150 },
    );
  });

  it("keeps the one-change answer, and says so, where two changes are too many schedules to search", () => {
    // 26 paychecks of $9,230.77, whole percents up to 100%: 40,300.08 is not reachable to the cent.
    const gross = Array.from({ length: 26 }, (_, i) => (i < 2 ? 923_078 : 923_077) as Cents);
    const p: FillProblem = {
      gross,
      bonusStream: gross.map(() => false),
      gridBp: Array.from({ length: 101 }, (_, i) => i * 100),
      target: 4_030_008 as Cents,
      autoStop: false,
      lowerBound: gross.map(() => 0 as Cents),
      upperBp: gross.map(() => 10_000),
      maxChanges: 2,
      freeChangePoints: new Set(),
    };
    const one = bestPercentFill({ ...p, maxChanges: 1 })!;
    expect(one.total).toBeLessThan(p.target);
    const two = bestPercentFill(p)!;
    expect(two.searchedChanges).toBe(1);
    expect(two).toEqual(one);
  });

  it("whole-percent-no-415-stop example: two changes reach the best total of ANY schedule, found by another method", () => {
    const parsed = parseScenario(parseYaml(readFileSync("examples/whole-percent-no-415-stop.yaml", "utf8")));
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const plan = planPaychecks(parsed.scenario);
    // The plan's 25% after-tax cap is the binding bound on every paycheck (13% deferral, net pay well above).
    for (const r of plan.paychecks)
      expect(r.afterTax).toBeLessThanOrEqual(electedAmount(r.gross, { kind: "percent", bp: 2_500 }));
    // Every after-tax total reachable with any whole % from 0 to 25 on each paycheck (any number of
    // changes), by dynamic programming over the cents.
    const target = plan.afterTaxTarget as number;
    let reach = new Uint8Array(target + 1);
    reach[0] = 1;
    for (const r of plan.paychecks) {
      const next = new Uint8Array(target + 1);
      const amounts = Array.from({ length: 26 }, (_, pct) =>
        electedAmount(r.gross, { kind: "percent", bp: pct * 100 }),
      );
      for (let s = 0; s <= target; s++) {
        if (!reach[s]) continue;
        for (const a of amounts) {
          if (s + a > target) break;
          next[s + a] = 1;
        }
      }
      reach = next;
    }
    let best = target;
    while (!reach[best]) best--;
    expect(plan.afterTaxTotal).toBe(best);
    expect(plan.shortfall).toBe(target - best);
    // One change does not get there: the plan needs its second change for it.
    expect(plan.elections.length).toBe(3);
    expect(plan.steps.map((s) => s.label).join("\n")).toContain("every schedule with up to two changes");
  });
});
