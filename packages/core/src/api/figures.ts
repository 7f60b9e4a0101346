import { citeFigure, type FigureId, figureFrom, supportedYears } from "../data/figures.js";
import { wholeDollars } from "../rules/money/cents.js";
import { checkInput, input, year } from "./check.js";
import { fromCents, type Money } from "./money.js";

/** The plan and IRA limits {@link limits} returns (as `megaroth limits --json`). */
export const LIMIT_IDS = [
  "electiveDeferralLimit",
  "catchUpLimit",
  "catchUp60to63Limit",
  "annualAdditionsLimit",
  "compensationLimit",
  "hceThreshold",
  "iraLimit",
  "iraCatchUpLimit",
  "rothCatchUpWageThreshold",
  "socialSecurityWageBase",
] as const satisfies readonly FigureId[];

export type LimitId = (typeof LIMIT_IDS)[number];

/** A year's limits: each as Money (null where the figure is not yet in force that year) and its IRS source. */
export type Limits = {
  readonly year: number;
  readonly sources: Readonly<Partial<Record<LimitId, string>>>;
} & {
  readonly [K in LimitId]: Money | null;
};

const LimitsInput = input({ year });

/**
 * The year's retirement-plan limits (402(g), catch-ups, 415(c), 401(a)(17), HCE, IRA, Roth catch-up threshold,
 * Social Security wage base), each with its IRS notice. A year without figures is an UnsupportedYearError
 * naming the years there are.
 * @example limits({ year: 2026 }).annualAdditionsLimit.toString() === "$72,000.00"
 */
export function limits(args: { year: number }): Limits {
  const { year: y } = checkInput("limits", LimitsInput, args);
  const out: Record<string, unknown> = { year: y };
  const sources: Record<string, string> = {};
  for (const id of LIMIT_IDS) {
    const value = figureFrom(id, y) as number | null;
    out[id] = value === null ? null : fromCents(wholeDollars(value));
    if (value !== null) sources[id] = citeFigure(id, y);
  }
  out.sources = sources;
  return out as Limits;
}

export type { FigureId };
export { supportedYears };
