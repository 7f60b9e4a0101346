import type { Cents } from "../money/cents.js";

/**
 * The election search: choose the percentage elections for one contribution stream (deferrals or after-tax)
 * that put in the most money without going over a target, within per-paycheck bounds, with the fewest
 * election changes. The search is exhaustive over its space: every flat election (one rate for the year,
 * including one that payroll cuts off exactly at the target when payroll stops there), and every schedule
 * with one change of rate at any paycheck that stays within the target; plus, where the plan has a separate
 * bonus election, every bonus rate. Prefix sums make each schedule's total O(1), and for each change point
 * a two-pointer walk finds the best second rate for every first rate, so the whole search is
 * O(bonus rates × paychecks × rates); bounds on what is still reachable cut most of it short.
 * Schedules with two or more changes are outside the space.
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

/** A schedule in the search space: flat (`from` = 0) or one change at planned paycheck `from`. */
interface Choice {
  total: number;
  changes: number;
  /** Distance between the two rates (0 for flat): among equal fills, the most even schedule wins. */
  spread: number;
  /** 1 when the second rate is higher: among equal fills the earlier paychecks take the larger amounts. */
  backLoaded: number;
  from: number;
  first: number;
  second: number;
  bonus: number;
}

function beats(
  total: number,
  changes: number,
  spread: number,
  backLoaded: number,
  b: Choice | null,
): boolean {
  if (b === null) return true;
  if (total !== b.total) return total > b.total;
  if (changes !== b.changes) return changes < b.changes;
  if (spread !== b.spread) return spread < b.spread;
  return backLoaded < b.backLoaded;
}

/** The best fill over the search space, or null if no schedule meets every paycheck's bounds. */
export function bestPercentFill(p: FillProblem): PercentFillResult | null {
  const grid = p.gridBp;
  const k = grid.length;
  const n = p.gross.length;
  const regular: number[] = [];
  const bonus: number[] = [];
  for (let i = 0; i < p.gross.length; i++) (p.bonusStream[i] ? bonus : regular).push(i);
  const m = regular.length;
  // The same half-up rounding as `electedAmount`, inlined: this runs (rates × paychecks) times.
  const amount = (i: number, j: number) => Math.floor((p.gross[i]! * grid[j]! + 5_000) / 10_000);

  // prefix[j][t]: regular pay withheld at rate j over the first t regular paychecks.
  const prefix: Float64Array[] = [];
  const bonusTotal: number[] = [];
  for (let j = 0; j < k; j++) {
    const row = new Float64Array(m + 1);
    for (let t = 0; t < m; t++) row[t + 1] = row[t]! + amount(regular[t]!, j);
    prefix.push(row);
    bonusTotal.push(bonus.reduce((sum, i) => sum + amount(i, j), 0));
  }

  // Lowest and highest rate index each paycheck allows (amounts grow with the rate).
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
  const bonusLo = bonus.reduce((x, i) => Math.max(x, lows[i]!), 0);
  const bonusHi = bonus.reduce((x, i) => Math.min(x, highs[i]!), k - 1);
  // No schedule withholds more from regular pay than every paycheck at its own highest rate.
  const mostRegular = regular.reduce((x, i) => x + (highs[i]! < 0 ? 0 : amount(i, highs[i]!)), 0);

  const target = p.target;
  let best: Choice | null = null;
  let over: Choice | null = null;
  const offer = (total: number, changes: number, from: number, first: number, second: number, jb: number) => {
    const spread = Math.abs(first - second);
    const backLoaded = second > first ? 1 : 0;
    if (beats(total, changes, spread, backLoaded, best))
      best = { total, changes, spread, backLoaded, from, first, second, bonus: jb };
  };
  const offerOver = (
    total: number,
    changes: number,
    from: number,
    first: number,
    second: number,
    jb: number,
  ) => {
    if (over === null || total < over.total || (total === over.total && changes < over.changes)) {
      over = { total, changes, spread: 0, backLoaded: 0, from, first, second, bonus: jb };
    }
  };
  // Nothing beats filling the target with one flat election.
  const unbeatable = () => best !== null && best.total === target && best.changes === 0 && best.spread === 0;

  // A schedule that payroll cuts off at the target is valid only if every paycheck still meets its floor.
  // Rate bounds keep the uncut amounts above the floors, so only the paycheck where the cut falls and those
  // after it can fail; a higher rate cuts off no later and leaves no more, so per schedule shape the lowest
  // rates that reach the target are the only ones worth checking.
  const cutOffMeetsFloors = (from: number, first: number, second: number, jb: number) => {
    let cumulative = 0;
    for (let i = 0; i < n; i++) {
      const j = p.bonusStream[i] ? jb : i < from ? first : second;
      const withheld = Math.min(amount(i, j), Math.max(0, target - cumulative));
      if (withheld < p.lowerBound[i]!) return false;
      cumulative += withheld;
    }
    return true;
  };

  const lastBonus = bonus.length === 0 ? -1 : bonusHi;
  for (let jb = bonus.length === 0 ? -1 : bonusLo; jb <= lastBonus && !unbeatable(); jb++) {
    const fromBonus = jb < 0 ? 0 : bonusTotal[jb]!;
    if (best !== null && fromBonus + mostRegular < (best as Choice).total) continue;
    // Flat elections.
    for (let j = preLo[m]!; j <= preHi[m]!; j++) {
      const total = prefix[j]![m]! + fromBonus;
      if (total <= target) {
        offer(total, 0, 0, j, j, jb);
        continue;
      }
      offerOver(total, 0, 0, j, j, jb);
      if (p.autoStop && cutOffMeetsFloors(0, j, j, jb)) offer(target, 0, 0, j, j, jb);
      break;
    }
    if (p.maxChanges === 0 || fromBonus > target) continue;
    // One change, at regular paycheck t (planned index regular[t]). Among equal fills: fewest changes, then
    // the two rates closest together, then the higher rate first, then the earliest change.
    for (let t = 1; t < m && !unbeatable(); t++) {
      const lo2 = sufLo[t]!;
      const hi2 = sufHi[t]!;
      if (lo2 > hi2 || preLo[t]! > preHi[t]!) continue;
      const from = regular[t]!;
      const changes = p.freeChangePoints.has(from) ? 0 : 1;
      const tailTo = (j: number) => prefix[j]![m]! - prefix[j]![t]!;
      const tailLo = tailTo(lo2);
      const tailHi = tailTo(hi2);
      // The highest first rate whose schedule can stay within the target (head grows with the rate).
      let top = preLo[t]! - 1;
      for (let lo = preLo[t]!, hi = preHi[t]!; lo <= hi; ) {
        const mid = (lo + hi) >> 1;
        if (prefix[mid]![t]! + fromBonus + tailLo <= target) {
          top = mid;
          lo = mid + 1;
        } else hi = mid - 1;
      }
      // Just above it every schedule overshoots even with the lowest second rate: the least overshoot there,
      // and the one cut-off worth checking.
      const above = top + 1;
      if (above <= preHi[t]! && above !== lo2) {
        const total = prefix[above]![t]! + fromBonus + tailLo;
        offerOver(total, changes, from, above, lo2, jb);
        if (p.autoStop && cutOffMeetsFloors(from, above, lo2, jb))
          offer(target, changes, from, above, lo2, jb);
      }
      let j2 = lo2;
      for (let j1 = top; j1 >= preLo[t]!; j1--) {
        const head = prefix[j1]![t]! + fromBonus;
        if (best !== null && head + tailHi < (best as Choice).total) break;
        while (j2 + 1 <= hi2 && head + tailTo(j2 + 1) <= target) j2++;
        if (j2 !== j1) offer(head + tailTo(j2), changes, from, j1, j2, jb);
        const next = j2 + 1;
        if (next <= hi2 && next !== j1) {
          offerOver(head + tailTo(next), changes, from, j1, next, jb);
          if (p.autoStop && cutOffMeetsFloors(from, j1, next, jb)) offer(target, changes, from, j1, next, jb);
        }
      }
    }
  }
  const toResult = (c: Choice, total: number): FillResult => ({
    total: total as Cents,
    changes: c.changes,
    segments:
      c.first === c.second
        ? [{ from: 0, bp: grid[c.first]! }]
        : [
            { from: 0, bp: grid[c.first]! },
            { from: c.from, bp: grid[c.second]! },
          ],
    bonusBp: c.bonus < 0 ? null : grid[c.bonus]!,
  });
  const found = best as Choice | null;
  const above = over as Choice | null;
  if (found === null) return null;
  return {
    ...toResult(found, found.total),
    overshootAlternative: above === null ? null : toResult(above, above.total),
  };
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
 * Dollar elections: a fixed amount per paycheck (to the cent), at most one change. Exhaustive over the change
 * point; for each, the pair of amounts that comes closest to the target from below is found from the
 * remainders, which repeat every (paychecks after the change) cents of the first amount, so a window of that
 * many amounts around the even split, and at each end of the allowed range, covers every reachable total.
 * Among equal totals: fewest changes, then the two amounts closest together, then the larger first — so an
 * unconstrained target splits as the PAY golden cases do (base + 1¢ on the earliest paychecks, then base).
 */
export function bestDollarFill(
  p: DollarFillProblem,
): { total: Cents; segments: { from: number; amount: Cents }[] } | null {
  const n = p.count;
  if (n === 0) return { total: 0 as Cents, segments: [{ from: 0, amount: 0 as Cents }] };
  const target = p.target;
  let best: {
    total: number;
    changes: number;
    spread: number;
    back: number;
    c: number;
    x1: number;
    x2: number;
  } | null = null;
  const offer = (c: number, x1: number, x2: number) => {
    const total = c * x1 + (n - c) * x2;
    if (total > target) return;
    const changes = c === 0 || c === n || x1 === x2 ? 0 : 1;
    const spread = changes === 0 ? 0 : Math.abs(x1 - x2);
    const back = x2 > x1 ? 1 : 0;
    const b = best;
    const wins =
      b === null ||
      total > b.total ||
      (total === b.total &&
        (changes < b.changes ||
          (changes === b.changes && (spread < b.spread || (spread === b.spread && back < b.back)))));
    if (wins) best = { total, changes, spread, back, c, x1, x2 };
  };
  const range = (from: number, to: number) => {
    let lo = 0;
    let hi = Number.MAX_SAFE_INTEGER;
    for (let i = from; i < to; i++) {
      lo = Math.max(lo, p.lower[i]!);
      hi = Math.min(hi, p.upper[i]!);
    }
    return { lo, hi };
  };
  const all = range(0, n);
  if (all.lo <= all.hi) offer(0, 0, Math.max(all.lo, Math.min(all.hi, Math.floor(target / n))));
  if (p.maxChanges === 1) {
    for (let c = 1; c < n; c++) {
      const first = range(0, c);
      const rest = range(c, n);
      if (first.lo > first.hi || rest.lo > rest.hi) continue;
      const a = c;
      const b = n - c;
      // The best second amount for a first amount: as much as fits, within its range.
      const fill = (x1: number) => {
        const x2 = Math.min(rest.hi, Math.floor((target - a * x1) / b));
        if (x2 >= rest.lo) offer(c, x1, x2);
      };
      const even = Math.floor(target / n);
      const top = Math.min(first.hi, Math.floor((target - b * rest.lo) / a));
      // Where the second amount sits at its cap the total grows with the first: its best is the last such.
      const capped = Math.floor((target - b * rest.hi) / a);
      const candidates = [
        [even - b, even + b],
        [top - b, top],
        [capped, capped],
      ];
      for (const [from, to] of candidates) {
        for (let x1 = Math.max(first.lo, from!); x1 <= Math.min(top, to!); x1++) fill(x1);
      }
    }
  }
  const found = best as { total: number; changes: number; c: number; x1: number; x2: number } | null;
  if (found === null) return null;
  const segments =
    found.changes === 0
      ? [{ from: 0, amount: (found.c === 0 ? found.x2 : found.x1) as Cents }]
      : [
          { from: 0, amount: found.x1 as Cents },
          { from: found.c, amount: found.x2 as Cents },
        ];
  return { total: found.total as Cents, segments };
}
