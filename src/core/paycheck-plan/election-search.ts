import type { Cents } from "../money/cents.js";
import { electedAmount } from "./payroll.js";

/**
 * The election search: choose the percentage elections for one contribution stream (deferrals or after-tax)
 * that put in the most money without going over a target, within per-paycheck bounds, with the fewest
 * election changes. The search is exhaustive over its space: every flat election (one rate for the year,
 * including one that payroll cuts off exactly at the target when payroll stops there), and every schedule
 * with one change of rate at any paycheck that stays within the target; plus, where the plan has a separate
 * bonus election, every bonus rate. Prefix sums make each schedule's total O(1), and for each change point
 * a two-pointer walk finds the best second rate for every first rate, so the whole search is
 * O(bonus rates × paychecks × rates).
 */
export interface FillProblem {
  /** Gross pay of each planned paycheck, in date order. */
  readonly gross: readonly Cents[];
  /** True where the paycheck takes the separate bonus election. */
  readonly bonusStream: readonly boolean[];
  /** Allowed rates in basis points, ascending (0 included). */
  readonly gridBp: readonly number[];
  readonly target: Cents;
  /** Payroll stops this stream once it reaches exactly `target` (the last paycheck is cut short). */
  readonly autoStop: boolean;
  /** The least each paycheck must withhold (the deferral that keeps the full match), 0 for none. */
  readonly lowerBound: readonly Cents[];
  /** The highest rate allowed on each paycheck. */
  readonly upperBp: readonly number[];
  readonly maxChanges: 0 | 1;
  /** Paycheck indexes where a change costs nothing (the other stream changes there anyway). */
  readonly freeChangePoints: ReadonlySet<number>;
}

export interface FillResult {
  readonly total: Cents;
  /** Changes of rate counted against the plan (a change at a free point is not counted). */
  readonly changes: number;
  /** Rates for regular pay from each planned paycheck index on. */
  readonly segments: readonly { readonly from: number; readonly bp: number }[];
  /** The bonus election's rate, or null when bonuses take the regular election. */
  readonly bonusBp: number | null;
}

export interface PercentFillResult extends FillResult {
  /** Without any payroll stop, the schedule in the same space whose total is the least above the target. */
  readonly overshootAlternative: FillResult | null;
}

interface Candidate {
  total: number;
  changes: number;
  spread: number;
  /** 1 when the second rate is higher: among equal fills the earlier paychecks take the larger amounts. */
  backLoaded: number;
  result: () => FillResult;
}

function better(a: Candidate, b: Candidate | null): boolean {
  if (b === null) return true;
  if (a.total !== b.total) return a.total > b.total;
  if (a.changes !== b.changes) return a.changes < b.changes;
  if (a.spread !== b.spread) return a.spread < b.spread;
  return a.backLoaded < b.backLoaded;
}

/** The best fill over the search space, or null if no schedule meets every paycheck's bounds. */
export function bestPercentFill(p: FillProblem): PercentFillResult | null {
  const grid = p.gridBp;
  const k = grid.length;
  const regular: number[] = [];
  const bonus: number[] = [];
  p.gross.forEach((_, i) => (p.bonusStream[i] ? bonus : regular).push(i));
  const m = regular.length;
  const amount = (i: number, j: number) => electedAmount(p.gross[i]!, { kind: "percent", bp: grid[j]! });

  // prefix[j][t]: regular pay withheld at rate j over the first t regular paychecks.
  const prefix: Float64Array[] = [];
  const bonusTotal: number[] = [];
  for (let j = 0; j < k; j++) {
    const row = new Float64Array(m + 1);
    for (let t = 0; t < m; t++) row[t + 1] = row[t]! + amount(regular[t]!, j);
    prefix.push(row);
    bonusTotal.push(bonus.reduce((s, i) => s + amount(i, j), 0));
  }

  // Lowest and highest rate index each paycheck allows.
  const lowIndex = (i: number) => {
    let lo = 0;
    let hi = k;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (amount(i, mid) >= p.lowerBound[i]!) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
  const highIndex = (i: number) => {
    let j = k - 1;
    while (j >= 0 && grid[j]! > p.upperBp[i]!) j--;
    return j;
  };
  const lows = p.gross.map((_, i) => lowIndex(i));
  const highs = p.gross.map((_, i) => highIndex(i));
  const preLo = [0];
  const preHi = [k - 1];
  for (let t = 0; t < m; t++) {
    preLo.push(Math.max(preLo[t]!, lows[regular[t]!]!));
    preHi.push(Math.min(preHi[t]!, highs[regular[t]!]!));
  }
  const sufLo = new Array<number>(m + 1).fill(0);
  const sufHi = new Array<number>(m + 1).fill(k - 1);
  for (let t = m - 1; t >= 0; t--) {
    sufLo[t] = Math.max(sufLo[t + 1]!, lows[regular[t]!]!);
    sufHi[t] = Math.min(sufHi[t + 1]!, highs[regular[t]!]!);
  }
  const bonusLo = bonus.reduce((s, i) => Math.max(s, lows[i]!), 0);
  const bonusHi = bonus.reduce((s, i) => Math.min(s, highs[i]!), k - 1);
  const bonusChoices: number[] = [];
  if (bonus.length === 0) bonusChoices.push(-1);
  else for (let jb = bonusLo; jb <= bonusHi; jb++) bonusChoices.push(jb);

  const target = p.target;
  let best: Candidate | null = null;
  const offer = (c: Candidate) => {
    if (better(c, best)) best = c;
  };
  const bonusBp = (jb: number) => (jb < 0 ? null : grid[jb]!);

  // A schedule that payroll cuts off at the target is valid only if every paycheck still meets its floor.
  // Rate bounds keep the uncut amounts above the floors, so only the paycheck where the cut falls and those
  // after it can fail; a higher rate cuts off no later and leaves no more, so per schedule shape the lowest
  // rate that reaches the target is the only one worth checking.
  const cutOffMeetsFloors = (rateAt: (i: number) => number) => {
    let cumulative = 0;
    for (let i = 0; i < p.gross.length; i++) {
      const withheld = Math.min(amount(i, rateAt(i)), Math.max(0, target - cumulative));
      if (withheld < p.lowerBound[i]!) return false;
      cumulative += withheld;
    }
    return true;
  };
  let over: Candidate | null = null;
  const offerOver = (c: Candidate) => {
    if (over === null || c.total < over.total || (c.total === over.total && c.changes < over.changes)) over = c;
  };

  for (const jb of bonusChoices) {
    const fromBonus = jb < 0 ? 0 : bonusTotal[jb]!;
    // Flat elections.
    let cutOffChecked = false;
    for (let j = preLo[m]!; j <= preHi[m]!; j++) {
      const total = prefix[j]![m]! + fromBonus;
      const segments = [{ from: 0, bp: grid[j]! }];
      const make = (t: number) => () => ({ total: t as Cents, changes: 0, segments, bonusBp: bonusBp(jb) });
      if (total <= target) {
        offer({ total, changes: 0, spread: 0, backLoaded: 0, result: make(total) });
        continue;
      }
      if (!cutOffChecked) offerOver({ total, changes: 0, spread: 0, backLoaded: 0, result: make(total) });
      if (p.autoStop && !cutOffChecked && cutOffMeetsFloors((i) => (p.bonusStream[i] ? jb : j))) {
        offer({ total: target, changes: 0, spread: 0, backLoaded: 0, result: make(target) });
      }
      cutOffChecked = true;
    }
    if (p.maxChanges === 0) continue;
    // One change, at regular paycheck t (planned index regular[t]). Among equal fills: fewest changes, then
    // the two rates closest together, then the higher rate first, then the earliest change.
    for (let t = 1; t < m; t++) {
      const lo2 = sufLo[t]!;
      const hi2 = sufHi[t]!;
      if (lo2 > hi2 || preLo[t]! > preHi[t]!) continue;
      const from = regular[t]!;
      const changes = p.freeChangePoints.has(from) ? 0 : 1;
      let j2 = lo2;
      for (let j1 = preHi[t]!; j1 >= preLo[t]!; j1--) {
        const head = prefix[j1]![t]! + fromBonus;
        const tail = (j: number) => prefix[j]![m]! - prefix[j]![t]!;
        const schedule = (second: number, total: number) => ({
          total,
          changes,
          spread: Math.abs(j1 - second),
          backLoaded: second > j1 ? 1 : 0,
          result: () => ({
            total: total as Cents,
            changes,
            segments: [
              { from: 0, bp: grid[j1]! },
              { from, bp: grid[second]! },
            ],
            bonusBp: bonusBp(jb),
          }),
        });
        // The lowest second rate that goes over the target: the least overshoot, and the one cut-off to check.
        const overshooting = (second: number) => {
          if (second > hi2 || second === j1) return;
          offerOver(schedule(second, head + tail(second)));
          const rateAt = (i: number) => (p.bonusStream[i] ? jb : i < from ? j1 : second);
          if (p.autoStop && cutOffMeetsFloors(rateAt)) offer(schedule(second, target));
        };
        if (head + tail(lo2) > target) {
          overshooting(lo2);
          continue;
        }
        while (j2 + 1 <= hi2 && head + tail(j2 + 1) <= target) j2++;
        if (j2 !== j1) offer(schedule(j2, head + tail(j2)));
        overshooting(j2 + 1);
      }
    }
  }
  const found = best as Candidate | null;
  const above = over as Candidate | null;
  return found === null ? null : { ...found.result(), overshootAlternative: above === null ? null : above.result() };
}

export interface DollarFillProblem {
  readonly count: number;
  readonly target: Cents;
  /** The most and least each paycheck may withhold. */
  readonly upper: readonly Cents[];
  readonly lower: readonly Cents[];
  readonly maxChanges: 0 | 1;
}

/**
 * Dollar elections: the target split over the paychecks to the cent, leftover cents one each on the earliest
 * paychecks (the PAY golden convention) — one change, from base + 1¢ to base, fills the target exactly.
 * If a paycheck cannot take the base amount, every paycheck takes the largest amount all can.
 */
export function bestDollarFill(p: DollarFillProblem): { total: Cents; segments: { from: number; amount: Cents }[] } | null {
  if (p.count === 0) return { total: 0 as Cents, segments: [{ from: 0, amount: 0 as Cents }] };
  const most = Math.min(...p.upper);
  const least = Math.max(...p.lower);
  const base = Math.floor(p.target / p.count);
  const leftover = p.target - base * p.count;
  if (base < least) return null;
  if (base + (leftover > 0 ? 1 : 0) <= most && (leftover === 0 || p.maxChanges === 1)) {
    const segments =
      leftover === 0
        ? [{ from: 0, amount: base as Cents }]
        : [
            { from: 0, amount: (base + 1) as Cents },
            { from: leftover, amount: base as Cents },
          ];
    return { total: p.target, segments };
  }
  const flat = Math.min(base, most);
  if (flat < least) return null;
  return { total: (flat * p.count) as Cents, segments: [{ from: 0, amount: flat as Cents }] };
}
