import type { Warning } from "../explain.js";
import { type Cents, cents, formatUsd, sub, sum } from "../money/cents.js";
import { type BasisPoints, formatPercent } from "../money/percent.js";
import type { Paycheck } from "./pay-calendar.js";
import { electedAmount, type PaycheckRow } from "./payroll.js";

/** What a flat rate withholds from the paychecks. */
function flatTotal(paychecks: readonly Paycheck[], bp: number): Cents {
  return sum(paychecks.map((p) => electedAmount(p.gross, { kind: "percent", bp })));
}

/**
 * Where payroll does not stop after-tax contributions at 415(c): the flat election a saver would pick to fill
 * the room (the lowest allowed rate that reaches it) and by how much it overshoots, which must be refunded.
 */
export function flatOvershootWarning(
  paychecks: readonly Paycheck[],
  grid: readonly number[],
  capBp: number,
  target: Cents,
): Warning | null {
  const naive = grid.find((r) => r <= capBp && flatTotal(paychecks, r) > target);
  if (naive === undefined) return null;
  const over = sub(flatTotal(paychecks, naive), target);
  return {
    code: "after-tax-overshoot",
    message: `payroll does not stop after-tax contributions at 415(c): a flat ${formatPercent(naive as BasisPoints)} would overshoot the room by ${formatUsd(over)} and force a refund; keep to the elections above`,
  };
}

/**
 * Without a true-up the match is paid paycheck by paycheck: deferrals that reach the limit early get no match
 * afterwards. The front-loaded example is the lowest flat rate that reaches the deferral target within the
 * first half of the paychecks, run through payroll that stops at the limit (`runFlat`).
 */
export function frontLoadingWarning(
  paychecks: readonly Paycheck[],
  grid: readonly number[],
  deferralTarget: Cents,
  plannedMatch: Cents,
  runFlat: (bp: number) => readonly PaycheckRow[],
): Warning | null {
  const half = paychecks.slice(0, Math.max(1, Math.ceil(paychecks.length / 2)));
  const front = grid.find((r) => flatTotal(half, r) >= deferralTarget);
  if (front === undefined) return null;
  const rows = runFlat(front);
  const lost = sub(plannedMatch, sum(rows.map((r) => r.match)));
  if (lost <= 0) return null;
  const reached = cents(sum(rows.map((r) => cents(r.deferral + r.catchUp))));
  let running = 0;
  const stop = rows.find((r) => {
    running += r.deferral + r.catchUp;
    return running >= reached;
  });
  return {
    code: "front-loading-loses-match",
    message: `front-loading loses ${formatUsd(lost)} of match without a true-up: a flat ${formatPercent(front as BasisPoints)} would reach the deferral limit at paycheck ${stop?.n} and get no match after it`,
  };
}

/** IRC §401(a)(17): the paycheck where pay reaches the compensation limit, if before the last one. */
export function compensationLimitWarning(
  paychecks: readonly Paycheck[],
  matchable: readonly Cents[],
  limit: Cents,
  what: string,
): Warning | null {
  const index = matchable.findIndex((m, i) => m < paychecks[i]!.gross);
  if (index < 0 || index >= paychecks.length - 1) return null;
  return {
    code: "compensation-limit-stops-match",
    message: `pay reaches the 401(a)(17) limit of ${formatUsd(limit)} at paycheck ${paychecks[index]!.n}: no employer ${what} on later paychecks`,
  };
}
