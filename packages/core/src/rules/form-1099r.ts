import { type Cents, cents, ZERO } from "./money/cents.js";

/**
 * The Form 1099-R a plan issues for each destination of a distribution, as the 1099-R instructions
 * describe it: box 1 gross distribution, box 2a taxable amount, box 4 federal income tax withheld, box 5
 * employee contributions (basis recovered), box 7 distribution code, box 10 amount allocable to an IRR
 * within 5 years.
 */

/**
 * Box 7 codes used here: 1 early distribution, no known exception; 2 early distribution, exception
 * applies; 7 normal distribution; G direct rollover (including a direct rollover to a Roth IRA and an
 * in-plan Roth rollover).
 */
export type DistributionCode = "1" | "2" | "7" | "G";

export type RolloverDestination = "traditional-ira" | "roth-ira" | "in-plan-roth";

export interface Form1099R {
  /** Who receives the money this form reports. */
  readonly destination: RolloverDestination | "cash";
  readonly box1: Cents;
  readonly box2a: Cents;
  readonly box4: Cents;
  readonly box5: Cents;
  readonly box7: DistributionCode;
  /**
   * Box 10 is filled only on a later distribution from a designated Roth account that is allocable to an
   * IRR made within 5 years; on the conversion itself it is blank (null).
   */
  readonly box10: Cents | null;
}

/**
 * A direct rollover: code G. Box 2a is the taxable amount only when the destination is Roth (a Roth IRA
 * or the plan's designated Roth account); a direct rollover to a traditional IRA shows 0.
 */
// Form 1099-R instructions, box 2a ("direct rollover … enter 0") and box 7 code G; rules.md §(c)
export function form1099RForDirectRollover(
  destination: RolloverDestination,
  pretax: Cents,
  afterTax: Cents,
): Form1099R {
  return {
    destination,
    box1: cents(pretax + afterTax),
    box2a: destination === "traditional-ira" ? ZERO : pretax,
    box4: ZERO,
    box5: afterTax,
    box7: "G",
    box10: null,
  };
}

/** Which box 7 code a distribution paid to the participant carries. */
// Form 1099-R instructions, box 7 codes 1, 2 and 7; IRC §72(t)
export function cashDistributionCode(under59AndAHalf: boolean, exceptionApplies: boolean): DistributionCode {
  if (!under59AndAHalf) return "7";
  return exceptionApplies ? "2" : "1";
}

/** A distribution paid to the participant: taxable part in box 2a, the 20% withheld in box 4, basis in box 5. */
// Form 1099-R instructions, boxes 1, 2a, 4, 5, 7
export function form1099RForCash(
  pretax: Cents,
  afterTax: Cents,
  withheld: Cents,
  code: DistributionCode,
): Form1099R {
  return {
    destination: "cash",
    box1: cents(pretax + afterTax),
    box2a: pretax,
    box4: withheld,
    box5: afterTax,
    box7: code,
    box10: null,
  };
}
