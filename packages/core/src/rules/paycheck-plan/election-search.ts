import type { Cents } from "../money/cents.js";

/**
 * The election search: choose the percentage elections for one contribution stream (deferrals or after-tax)
 * that put in the most money without going over a target, within per-paycheck bounds, with the fewest
 * election changes. The search is exhaustive over its space: every flat election (one rate for the year,
 * including one that payroll cuts off exactly at the target when payroll stops there), every schedule with
 * one change of rate at any paycheck, and — unless the plan allows fewer — every schedule with two changes;
 * plus, where the plan has a separate bonus election, every bonus rate. One change: prefix sums make each
 * schedule's total O(1), and for each change point a two-pointer walk finds the best second rate for every
 * first rate, so O(bonus rates × paychecks × rates). Two changes: every first segment (end, rate) followed by
 * the same walk over the rest, O(bonus rates × (paychecks × rates)²) at worst, cut by bounds on what the rest
 * can still reach; it runs only where one change falls short of what any schedule could reach, and only to
 * `MULTI_CHANGE_STEPS` steps, beyond which the space is one change (`searchedChanges` says which). Three or
 * more changes are outside the space.
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
  /** The most changes of rate the plan allows (the search covers at most `MOST_SEARCHED_CHANGES`). */
  readonly maxChanges: number;
  /** Paycheck indexes where a change costs nothing (the other stream changes there anyway). */
  readonly freeChangePoints: ReadonlySet<number>;
}

/** The most changes of rate per stream the search covers. */
export const MOST_SEARCHED_CHANGES = 2;
/**
 * The two-change search gives up after this many steps (schedule candidates and change points tried, about
 * 3 ms here) and keeps the one-change answer, saying so (`searchedChanges` = 1): a count, not a clock, so the
 * same scenario always gets the same answer.
 */
export const MULTI_CHANGE_STEPS = 100_000;

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
  /** The most changes the search covered: the plan's limit, or 1 where two changes are too big to search. */
  readonly searchedChanges: number;
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

/** What every search needs: the regular and bonus paychecks, prefix sums per rate, and each paycheck's rate bounds. */
interface Prepared {
  readonly grid: readonly number[];
  readonly k: number;
  readonly n: number;
  readonly regular: readonly number[];
  readonly bonus: readonly number[];
  readonly m: number;
  readonly amount: (i: number, j: number) => number;
  readonly prefix: readonly Float64Array[];
  readonly bonusTotal: readonly number[];
  readonly lows: readonly number[];
  readonly highs: readonly number[];
  readonly preLo: readonly number[];
  readonly preHi: readonly number[];
  readonly sufLo: readonly number[];
  readonly sufHi: readonly number[];
  readonly bonusLo: number;
  readonly bonusHi: number;
  readonly mostRegular: number;
}

/** The last preparation and the inputs it was made from: the planner asks again for the identical paychecks. */
let lastPrepared: { readonly p: FillProblem; readonly s: Prepared } | null = null;

const sameNumbers = (a: readonly number[], b: readonly number[]) =>
  a === b || (a.length === b.length && a.every((x, i) => x === b[i]));
const sameFlags = (a: readonly boolean[], b: readonly boolean[]) =>
  a === b || (a.length === b.length && a.every((x, i) => x === b[i]));

/**
 * `prepare` depends on the paychecks, the grid and the per-paycheck bounds only (not on the target, the stop or
 * the changes allowed): an identical request gets the same (read-only) preparation again.
 */
function preparedFor(p: FillProblem): Prepared {
  const last = lastPrepared;
  if (
    last !== null &&
    sameNumbers(last.p.gross, p.gross) &&
    sameFlags(last.p.bonusStream, p.bonusStream) &&
    sameNumbers(last.p.gridBp, p.gridBp) &&
    sameNumbers(last.p.lowerBound, p.lowerBound) &&
    sameNumbers(last.p.upperBp, p.upperBp)
  )
    return last.s;
  // Prepared from copies, so a caller that changes its arrays later cannot make the cache answer for other inputs.
  const copy: FillProblem = {
    ...p,
    gross: [...p.gross],
    bonusStream: [...p.bonusStream],
    gridBp: [...p.gridBp],
    lowerBound: [...p.lowerBound],
    upperBp: [...p.upperBp],
  };
  const s = prepare(copy);
  lastPrepared = { p: copy, s };
  return s;
}

function prepare(p: FillProblem): Prepared {
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

  return {
    grid,
    k,
    n,
    regular,
    bonus,
    m,
    amount,
    prefix,
    bonusTotal,
    lows,
    highs,
    preLo,
    preHi,
    sufLo,
    sufHi,
    bonusLo,
    bonusHi,
    mostRegular,
  };
}

/** The best fill with at most one change, or null if no such schedule meets every paycheck's bounds. */
function bestOneChangeFill(p: FillProblem, s: Prepared): PercentFillResult | null {
  const { grid, n, regular, bonus, m, amount, prefix, bonusTotal } = s;
  const { preLo, preHi, sufLo, sufHi, bonusLo, bonusHi, mostRegular } = s;
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
    if (p.maxChanges < 1 || fromBonus > target) continue;
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
    searchedChanges: Math.min(p.maxChanges, 1),
  };
}

/** A schedule found by the multi-change search: regular-paycheck starts and rate indexes of its segments. */
interface Found {
  readonly total: number;
  readonly changes: number;
  /** Highest less lowest rate index: among equal fills, the most even schedule wins. */
  readonly spread: number;
  readonly segments: readonly (readonly [number, number])[];
  readonly bonus: number;
}

/**
 * The best fill over the search space (see the module comment), or null if no schedule in it meets every
 * paycheck's bounds. Among equal totals: fewest changes, then the most even rates; where one change already
 * does as well as any schedule could, its answer is kept as it is.
 */
export function bestPercentFill(
  p: FillProblem,
  /**
   * A smaller step budget than MULTI_CHANGE_STEPS, for a first answer: where the two-change search needs more,
   * the result is marked `cutShort` and is not the planner's answer (the web page shows it while a worker
   * computes the answer with the full budget). Within it, the search and its answer are the full one's: the
   * budget is only ever compared with the step count.
   */
  budget: number = MULTI_CHANGE_STEPS,
): (PercentFillResult & { readonly cutShort?: true }) | null {
  const limit = Math.min(budget, MULTI_CHANGE_STEPS);
  const s = preparedFor(p);
  const one = bestOneChangeFill(p, s);
  if (p.maxChanges < 2) return one;
  const { grid, k, n, regular, bonus, m, amount, prefix, bonusTotal, sufLo, sufHi, bonusLo, bonusHi } = s;
  const target = p.target;
  const free = regular.map((i) => p.freeChangePoints.has(i));
  const freePoints = free.filter(Boolean).length;
  // No schedule beats the target, nor every paycheck at its own highest rate.
  const bonusMost = bonus.length === 0 || bonusHi < 0 ? 0 : bonusTotal[bonusHi]!;
  const ceiling = Math.min(target, s.mostRegular + bonusMost);
  // Two changes cost at least 2 − (free change points): where one change reaches the ceiling that cheaply, stop.
  const leastTwoChangeCost = Math.max(0, 2 - freePoints);
  // Where it does, nothing with two changes is better: the two-change space counts as searched.
  if (one !== null && one.total === ceiling && one.changes <= leastTwoChangeCost)
    return { ...one, searchedChanges: 2 };
  let steps = 0;

  const toSegments = (f: FillResult) =>
    f.segments.map((x) => [regular.indexOf(x.from), grid.indexOf(x.bp)] as const);
  const fromOne = (f: FillResult | null): Found | null =>
    f === null
      ? null
      : {
          total: f.total,
          changes: f.changes,
          spread: -1,
          segments: toSegments(f),
          bonus: f.bonusBp === null ? -1 : grid.indexOf(f.bonusBp),
        };
  let best = fromOne(one);
  let over = fromOne(one?.overshootAlternative ?? null);
  const beatsBest = (total: number, changes: number, spread: number) =>
    best === null ||
    total > best.total ||
    (total === best.total && (changes < best.changes || (changes === best.changes && spread < best.spread)));
  const beatsOver = (total: number, changes: number) =>
    over === null || total < over.total || (total === over.total && changes < over.changes);
  const done = () => best !== null && best.total === ceiling && best.changes <= leastTwoChangeCost;

  // A schedule here: rate j0 on regular paychecks [0, e1), j1 on [e1, e2) and j2 from e2 on (e2 = m: none).
  const spreadOf = (j0: number, j1: number, j2: number) => Math.max(j0, j1, j2) - Math.min(j0, j1, j2);
  const costOf = (e1: number, e2: number) => (free[e1] ? 0 : 1) + (e2 < m && !free[e2] ? 1 : 0);
  const schedule = (
    total: number,
    j0: number,
    e1: number,
    j1: number,
    e2: number,
    j2: number,
    jb: number,
  ): Found => ({
    total,
    changes: costOf(e1, e2),
    spread: spreadOf(j0, j1, j2),
    segments:
      e2 < m
        ? [
            [0, j0],
            [e1, j1],
            [e2, j2],
          ]
        : [
            [0, j0],
            [e1, j1],
          ],
    bonus: jb,
  });
  // Payroll cuts the schedule off at the target: valid only if every paycheck still meets its floor.
  const cutOffMeetsFloors = (j0: number, e1: number, j1: number, e2: number, j2: number, jb: number) => {
    let cumulative = 0;
    let t = 0;
    for (let i = 0; i < n; i++) {
      const j = p.bonusStream[i] ? jb : t < e1 ? j0 : t < e2 ? j1 : j2;
      if (!p.bonusStream[i]) t++;
      const withheld = Math.min(amount(i, j), Math.max(0, target - cumulative));
      if (withheld < p.lowerBound[i]!) return false;
      cumulative += withheld;
    }
    return true;
  };
  const offer = (total: number, j0: number, e1: number, j1: number, e2: number, j2: number, jb: number) => {
    if (best !== null && total < best.total) return;
    if (beatsBest(total, costOf(e1, e2), spreadOf(j0, j1, j2)))
      best = schedule(total, j0, e1, j1, e2, j2, jb);
  };
  const offerOver = (
    total: number,
    j0: number,
    e1: number,
    j1: number,
    e2: number,
    j2: number,
    jb: number,
  ) => {
    const changes = costOf(e1, e2);
    if (beatsOver(total, changes)) over = schedule(total, j0, e1, j1, e2, j2, jb);
    if (
      p.autoStop &&
      beatsBest(target, changes, spreadOf(j0, j1, j2)) &&
      cutOffMeetsFloors(j0, e1, j1, e2, j2, jb)
    )
      best = schedule(target, j0, e1, j1, e2, j2, jb);
  };
  const tail = (j: number, from: number, to: number) => prefix[j]![to]! - prefix[j]![from]!;

  // After rate j0 on [0, e1) (with the bonus, `sum`): the last one or two segments, from e1 on.
  const lastTwo = (j0: number, e1: number, sum: number, jb: number) => {
    const lo2 = sufLo[e1]!;
    const hi2 = sufHi[e1]!;
    if (lo2 <= hi2) {
      // One segment: the highest rate within the target, and the rate just above it.
      let top = lo2 - 1;
      for (let a = lo2, b = hi2; a <= b; ) {
        const mid = (a + b) >> 1;
        if (sum + tail(mid, e1, m) <= target) {
          top = mid;
          a = mid + 1;
        } else b = mid - 1;
      }
      if (top >= lo2) offer(sum + tail(top, e1, m), j0, e1, top, m, top, jb);
      if (top + 1 <= hi2) offerOver(sum + tail(top + 1, e1, m), j0, e1, top + 1, m, top + 1, jb);
    }
    // Two segments, the second from e2: the same two-pointer walk as one change.
    let lo1 = 0;
    let hi1 = k - 1;
    for (let e2 = e1 + 1; e2 < m; e2++) {
      lo1 = Math.max(lo1, s.lows[regular[e2 - 1]!]!);
      hi1 = Math.min(hi1, s.highs[regular[e2 - 1]!]!);
      if (lo1 > hi1) return;
      const loE = sufLo[e2]!;
      const hiE = sufHi[e2]!;
      if (loE > hiE) continue;
      if (++steps > limit) return;
      const tailLo = tail(loE, e2, m);
      const tailHi = tail(hiE, e2, m);
      let top = lo1 - 1;
      for (let a = lo1, b = hi1; a <= b; ) {
        const mid = (a + b) >> 1;
        if (sum + tail(mid, e1, e2) + tailLo <= target) {
          top = mid;
          a = mid + 1;
        } else b = mid - 1;
      }
      if (top + 1 <= hi1) offerOver(sum + tail(top + 1, e1, e2) + tailLo, j0, e1, top + 1, e2, loE, jb);
      let j2 = loE;
      for (let j1 = top; j1 >= lo1; j1--) {
        const head = sum + tail(j1, e1, e2);
        if (best !== null && head + tailHi < best.total) break;
        steps++;
        while (j2 + 1 <= hiE && head + tail(j2 + 1, e2, m) <= target) j2++;
        const total = head + tail(j2, e2, m);
        if (best === null || total >= best.total) offer(total, j0, e1, j1, e2, j2, jb);
        if (j2 + 1 <= hiE) {
          const above = head + tail(j2 + 1, e2, m);
          if (p.autoStop || over === null || above <= over.total)
            offerOver(above, j0, e1, j1, e2, j2 + 1, jb);
        }
      }
    }
  };

  // What regular paychecks from t on withhold at the most and at the least their bounds allow.
  const mostFrom = new Float64Array(m + 1);
  const leastFrom = new Float64Array(m + 1);
  for (let t = m - 1; t >= 0; t--) {
    const i = regular[t]!;
    mostFrom[t] = mostFrom[t + 1]! + amount(i, Math.max(0, s.highs[i]!));
    leastFrom[t] = leastFrom[t + 1]! + amount(i, Math.min(k - 1, s.lows[i]!));
  }
  // Every first segment [0, e1) at every rate j0, then the last one or two segments.
  const lastBonus = bonus.length === 0 ? -1 : bonusHi;
  for (let jb = bonus.length === 0 ? -1 : bonusLo; jb <= lastBonus && !done() && steps <= limit; jb++) {
    const fromBonus = jb < 0 ? 0 : bonusTotal[jb]!;
    let lo0 = 0;
    let hi0 = k - 1;
    for (let e1 = 1; e1 < m && !done() && steps <= limit; e1++) {
      lo0 = Math.max(lo0, s.lows[regular[e1 - 1]!]!);
      hi0 = Math.min(hi0, s.highs[regular[e1 - 1]!]!);
      if (lo0 > hi0) break;
      for (let j0 = lo0; j0 <= hi0 && !done() && steps <= limit; j0++) {
        const sum = fromBonus + tail(j0, 0, e1);
        if (best !== null && sum + mostFrom[e1]! < best.total) continue;
        // Higher first rates only withhold more: once every schedule goes over, by more than the least
        // overshoot found, and payroll does not cut it off at the target, none is of use.
        const least = sum + leastFrom[e1]!;
        if (!p.autoStop && least > target && over !== null && least > (over as Found).total) break;
        lastTwo(j0, e1, sum, jb);
      }
    }
  }

  const toResult = (f: Found): FillResult => {
    const segments: { from: number; bp: number }[] = [];
    for (const [t, j] of f.segments) {
      if (segments.length > 0 && segments.at(-1)!.bp === grid[j]) continue;
      segments.push({ from: segments.length === 0 ? 0 : regular[t]!, bp: grid[j]! });
    }
    const changes = segments.slice(1).filter((x) => !p.freeChangePoints.has(x.from)).length;
    return { total: f.total as Cents, changes, segments, bonusBp: f.bonus < 0 ? null : grid[f.bonus]! };
  };
  // A search cut short proves nothing: keep the one-change answer (with a smaller budget than the planner's,
  // that is not yet the planner's answer: say so).
  if (steps > limit) return limit < MULTI_CHANGE_STEPS && one !== null ? { ...one, cutShort: true } : one;
  const found = best as Found | null;
  const above = over as Found | null;
  if (found === null) return null;
  return {
    ...toResult(found),
    overshootAlternative: above === null ? null : toResult(above),
    searchedChanges: 2,
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
