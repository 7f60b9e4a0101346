import { citeFigure, figure } from "../data/figures.js";
import { type Step, step } from "./explain.js";
import { type Cents, wholeDollars } from "./money/cents.js";

/** What decides whether an employee is highly compensated for a plan year (IRC §414(q)(1)). */
export interface HceFacts {
  /** Compensation from the employer in the look-back year (the year before the determination year). */
  readonly priorYearCompensation: Cents;
  /** A 5% owner at any time in the determination year or the look-back year. */
  readonly fivePercentOwner: boolean;
}

export type HceReason = "five-percent-owner" | "prior-year-compensation" | null;

/**
 * The look-back year for a determination year: the year before it (IRC §414(q)(1)(B); Treas. Reg.
 * §1.414(q)-1T, Q&A-14).
 */
export function lookBackYear(determinationYear: number): number {
  return determinationYear - 1;
}

/**
 * The compensation an employee must exceed in the look-back year to be an HCE in `determinationYear`.
 * The figure that applies is the one published for the look-back year, not for the determination year:
 * figures.md (†) "The figure listed for year Y is compared with compensation earned in Y … and it decides
 * HCE status for Y+1" (e.g. 2025 pay over $160,000 makes an HCE for 2026).
 * @example hceCompensationThreshold(2025) === 15_500_000 // $155,000, the 2024 figure
 */
// IRC §414(q)(1)(B)(i)
export function hceCompensationThreshold(determinationYear: number): Cents {
  return wholeDollars(figure("hceThreshold", lookBackYear(determinationYear)));
}

/** The citation of the threshold used for `determinationYear` (the look-back year's notice). */
export function citeHceThreshold(determinationYear: number): string {
  return citeFigure("hceThreshold", lookBackYear(determinationYear));
}

/**
 * Why an employee is an HCE, or null if not: a 5% owner in the current or preceding year, or
 * look-back-year compensation "in excess of" the threshold (exactly the threshold is not an HCE).
 * The optional top-paid-group election (§414(q)(1)(B)(ii)) is not applied.
 */
// IRC §414(q)(1)(A)–(B)
export function hceReason(facts: HceFacts, threshold: Cents): HceReason {
  if (facts.fivePercentOwner) return "five-percent-owner";
  return facts.priorYearCompensation > threshold ? "prior-year-compensation" : null;
}

export function isHighlyCompensatedEmployee(facts: HceFacts, threshold: Cents): boolean {
  return facts.fivePercentOwner || facts.priorYearCompensation > threshold;
}

export interface HceDetermination {
  readonly hce: boolean;
  readonly reason: HceReason;
  readonly threshold: Cents;
  readonly lookBackYear: number;
  readonly steps: readonly Step[];
}

/** HCE status of one employee for a determination year, with the steps that decide it. */
export function hceDetermination(facts: HceFacts, determinationYear: number): HceDetermination {
  const threshold = hceCompensationThreshold(determinationYear);
  const reason = hceReason(facts, threshold);
  const year = lookBackYear(determinationYear);
  const steps: Step[] = [
    step(
      `HCE compensation threshold for ${determinationYear} (look-back year ${year})`,
      threshold,
      citeHceThreshold(determinationYear),
    ),
    step(`Compensation in ${year}`, facts.priorYearCompensation, "IRC §414(q)(1)(B), §414(q)(4)"),
  ];
  const verdict =
    reason === "five-percent-owner"
      ? "HCE: 5% owner in the current or preceding year"
      : reason === "prior-year-compensation"
        ? `HCE: ${year} compensation exceeds the threshold`
        : `Not an HCE: not a 5% owner, ${year} compensation does not exceed the threshold`;
  steps.push(
    step(
      verdict,
      null,
      reason === "five-percent-owner" ? "IRC §414(q)(1)(A), §416(i)(1)(B)" : "IRC §414(q)(1)(B)",
    ),
  );
  return { hce: reason !== null, reason, threshold, lookBackYear: year, steps };
}
