import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Cents } from "../../packages/core/src/rules/money/cents.js";
import {
  bestDollarFill,
  bestPercentFill,
  electedAmount,
  type FillProblem,
  MOST_SEARCHED_CHANGES,
} from "../../packages/core/src/rules/paycheck-plan/index.js";

/**
 * Every schedule in the search space, enumerated the slow way: every rate on every regular paycheck with at
 * most `min(maxChanges, MOST_SEARCHED_CHANGES)` changes of rate between consecutive regular paychecks (a change
 * at a free point counts toward that limit but costs nothing), and every bonus rate.
 */
function bruteForce(p: FillProblem): {
  best: { total: number; changes: number } | null;
  leastOver: number | null;
} {
  const n = p.gross.length;
  const regular = p.gross.map((_, i) => i).filter((i) => !p.bonusStream[i]);
  const hasBonus = p.bonusStream.some(Boolean);
  const bonusRates = hasBonus ? p.gridBp : [-1];
  const most = Math.min(p.maxChanges, MOST_SEARCHED_CHANGES);
  let best: { total: number; changes: number } | null = null;
  let leastOver: number | null = null;
  const consider = (rateAt: (i: number) => number, changes: number) => {
    const wanted = Array.from({ length: n }, (_, i) =>
      electedAmount(p.gross[i]!, { kind: "percent", bp: rateAt(i) }),
    );
    for (let i = 0; i < n; i++) if (rateAt(i) > p.upperBp[i]! || wanted[i]! < p.lowerBound[i]!) return;
    let total = wanted.reduce((s, a) => s + a, 0);
    if (total > p.target && (leastOver === null || total < leastOver)) leastOver = total;
    if (total > p.target) {
      if (!p.autoStop) return;
      let cumulative = 0;
      for (let i = 0; i < n; i++) {
        const withheld = Math.min(wanted[i]!, p.target - cumulative);
        if (withheld < p.lowerBound[i]!) return;
        cumulative += withheld;
      }
      total = p.target;
    }
    if (best === null || total > best.total || (total === best.total && changes < best.changes))
      best = { total, changes };
  };
  const rates: number[] = [];
  const walk = (t: number, used: number, cost: number, rb: number) => {
    if (t === regular.length) {
      const byPaycheck = new Map(regular.map((i, x) => [i, rates[x]!]));
      consider((i) => (p.bonusStream[i] ? rb : byPaycheck.get(i)!), cost);
      return;
    }
    for (const r of p.gridBp) {
      const change = t > 0 && r !== rates[t - 1];
      if (change && used === most) continue;
      rates.push(r);
      walk(
        t + 1,
        used + (change ? 1 : 0),
        cost + (change && !p.freeChangePoints.has(regular[t]!) ? 1 : 0),
        rb,
      );
      rates.pop();
    }
  };
  for (const rb of bonusRates) walk(0, 0, 0, rb);
  return { best, leastOver };
}

/** Small random problems: up to 6 paychecks, rates up to `maxBp` in the given steps, the given change limits. */
const problemWith = (o: { maxBp: number; steps: number[]; changes: number[]; freePoints: number }) =>
  fc
    .record({
      paychecks: fc.array(
        fc.record({
          gross: fc.integer({ min: 1, max: 1_500_000 }),
          bonus: fc.boolean(),
          floorBp: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 800 })),
          upperBp: fc.oneof(fc.constant(10_000), fc.integer({ min: 0, max: 2_000 })),
        }),
        { minLength: 1, maxLength: 6 },
      ),
      stepBp: fc.constantFrom(...o.steps),
      maxBp: fc.integer({ min: 0, max: o.maxBp }),
      targetShare: fc.double({ min: 0, max: 1.2, noNaN: true }),
      autoStop: fc.boolean(),
      maxChanges: fc.constantFrom(...o.changes),
      separateBonus: fc.boolean(),
      freeAt: fc.array(fc.integer({ min: 1, max: 5 }), { maxLength: o.freePoints }),
    })
    .map((x): FillProblem => {
      const grid: number[] = [];
      for (let r = 0; r <= x.maxBp; r += x.stepBp) grid.push(r);
      const gross = x.paychecks.map((p) => p.gross as Cents);
      const capacity = gross.reduce((s, g) => s + electedAmount(g, { kind: "percent", bp: x.maxBp }), 0);
      return {
        gross,
        bonusStream: x.paychecks.map((p) => x.separateBonus && p.bonus),
        gridBp: grid,
        target: Math.floor(capacity * x.targetShare) as Cents,
        autoStop: x.autoStop,
        lowerBound: x.paychecks.map((p, i) => electedAmount(gross[i]!, { kind: "percent", bp: p.floorBp })),
        upperBp: x.paychecks.map((p) => p.upperBp),
        maxChanges: x.maxChanges,
        freeChangePoints: new Set(x.freeAt),
      };
    });

/** The search agrees with enumerating every schedule in its space. */
function matchesEnumeration(p: FillProblem): void {
  const { best: expected, leastOver } = bruteForce(p);
  const found = bestPercentFill(p);
  if (expected === null) {
    expect(found).toBeNull();
    return;
  }
  expect(found).not.toBeNull();
  expect(found!.searchedChanges).toBe(Math.min(p.maxChanges, MOST_SEARCHED_CHANGES));
  expect({ total: found!.total, changes: found!.changes }).toEqual(expected);
  // Where the target is not reached, the next-better alternative is the least overshoot in the space.
  if (found!.total < p.target) expect(found!.overshootAlternative?.total ?? null).toBe(leastOver);
  // The schedule it returns really withholds that total (before any payroll cut-off), within every bound.
  const rate = (i: number) =>
    p.bonusStream[i] ? found!.bonusBp! : found!.segments.filter((s) => s.from <= i).at(-1)!.bp;
  for (let i = 0; i < p.gross.length; i++) expect(rate(i)).toBeLessThanOrEqual(p.upperBp[i]!);
  const uncut = p.gross.reduce((s, g, i) => s + electedAmount(g, { kind: "percent", bp: rate(i) }), 0);
  if (uncut <= p.target) expect(uncut).toBe(found!.total);
  else expect(p.autoStop && found!.total === p.target).toBe(true);
  const counted = found!.segments.slice(1).filter((x) => !p.freeChangePoints.has(x.from)).length;
  expect(counted).toBe(found!.changes);
}

describe("election search", () => {
  it("with no change or one change: the same best total, fewest changes and least overshoot as enumerating every schedule", () => {
    fc.assert(
      fc.property(
        problemWith({ maxBp: 1_500, steps: [100, 50, 250], changes: [0, 1], freePoints: 1 }),
        matchesEnumeration,
      ),
      { numRuns: 400 },
    );
  });

  it("with two changes allowed (or more, searched up to two): the same as enumerating every such schedule", () => {
    fc.assert(
      fc.property(
        problemWith({ maxBp: 1_000, steps: [100, 250], changes: [2, 3], freePoints: 2 }),
        matchesEnumeration,
      ),
      { numRuns: 300 },
    );
  });

  it("fills 40,500.00 over 26 equal paychecks of $10,000 with whole percents: one change, $100 short at most", () => {
    const gross = Array(26).fill(1_000_000) as Cents[];
    const grid = Array.from({ length: 101 }, (_, i) => i * 100);
    const fill = bestPercentFill({
      gross,
      bonusStream: gross.map(() => false),
      gridBp: grid,
      target: 4_050_000 as Cents,
      autoStop: false,
      lowerBound: gross.map(() => 0 as Cents),
      upperBp: gross.map(() => 10_000),
      maxChanges: 1,
      freeChangePoints: new Set(),
    })!;
    // 15% × 26 = 39,000; 16% on 15 paychecks + 15% on 11 = 24,000 + 16,500 = 40,500 exactly.
    expect(fill.total).toBe(4_050_000);
    expect(fill.segments).toEqual([
      { from: 0, bp: 1600 },
      { from: 15, bp: 1500 },
    ]);
  });

  it("dollar elections: the same best total and fewest changes as trying every pair of amounts", () => {
    fc.assert(
      fc.property(
        fc.record({
          bounds: fc.array(
            fc.record({ lower: fc.integer({ min: 0, max: 40 }), upper: fc.integer({ min: 0, max: 120 }) }),
            { minLength: 1, maxLength: 5 },
          ),
          target: fc.integer({ min: 0, max: 700 }),
          maxChanges: fc.constantFrom(0 as const, 1 as const),
        }),
        ({ bounds, target, maxChanges }) => {
          const n = bounds.length;
          const ok = (i: number, x: number) => x >= bounds[i]!.lower && x <= bounds[i]!.upper;
          let expected: { total: number; changes: number } | null = null;
          for (let c = 0; c < n; c++) {
            for (let x1 = 0; x1 <= 120; x1++) {
              for (let x2 = 0; x2 <= 120; x2++) {
                if (c === 0 && x1 !== 0) continue;
                const changes = c === 0 || x1 === x2 ? 0 : 1;
                if (changes > maxChanges) continue;
                const amounts = bounds.map((_, i) => (i < c ? x1 : x2));
                if (!amounts.every((x, i) => ok(i, x))) continue;
                const total = amounts.reduce((a, b) => a + b, 0);
                if (total > target) continue;
                if (
                  expected === null ||
                  total > expected.total ||
                  (total === expected.total && changes < expected.changes)
                ) {
                  expected = { total, changes };
                }
              }
            }
          }
          const found = bestDollarFill({
            count: n,
            target: target as Cents,
            upper: bounds.map((b) => b.upper as Cents),
            lower: bounds.map((b) => b.lower as Cents),
            maxChanges,
          });
          if (expected === null) {
            expect(found).toBeNull();
            return;
          }
          expect(found).not.toBeNull();
          expect({ total: found!.total, changes: found!.segments.length - 1 }).toEqual(expected);
          const amounts = bounds.map((_, i) => found!.segments.filter((s) => s.from <= i).at(-1)!.amount);
          expect(amounts.reduce((a, b) => a + b, 0)).toBe(found!.total);
          expect(amounts.every((x, i) => ok(i, x))).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});
