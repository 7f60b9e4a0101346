import { type Cents, nonNegative, sub } from "../money/cents.js";
import { minRational, multiplyRounded, ONE, type Rational, rational } from "../money/rational.js";

/** The year's traditional-IRA figures the pro-rata rule needs, named by their Form 8606 Part I lines. */
export interface IraBasisRecoveryInput {
  /** Nondeductible contributions for the year, including those made Jan 1–Apr 15 of the next year. */
  readonly line1: Cents;
  /** Basis carried in: the prior year's line 14, plus after-tax plan money rolled into a traditional IRA. */
  readonly line2: Cents;
  /** Contributions on line 1 made Jan 1–Apr 15 of the next year. */
  readonly line4: Cents;
  /** Value of all traditional IRAs on December 31 (outstanding rollovers are not tracked by the ledger). */
  readonly line6: Cents;
  /** Distributions in the year other than conversions and rollovers. */
  readonly line7: Cents;
  /** Amount converted to Roth IRAs in the year. */
  readonly line8: Cents;
}

export interface IraBasisRecovery {
  readonly lines: Readonly<
    Record<
      | "1"
      | "2"
      | "3"
      | "4"
      | "5"
      | "6"
      | "7"
      | "8"
      | "9"
      | "11"
      | "12"
      | "13"
      | "14"
      | "15a"
      | "16"
      | "17"
      | "18",
      Cents
    >
  >;
  /** Line 10, exact (the form allows "at least 3 places"; the ledger keeps the exact ratio, closest to IRC §72). */
  readonly line10: Rational;
}

/**
 * Basis recovered from traditional IRAs in a year: all of a person's traditional IRAs are one contract and
 * basis comes out pro rata over the December 31 value plus the year's distributions and conversions.
 * IRC §408(d)(1)–(2), §72(e); Form 8606 Part I lines 1–14 and Part II lines 16–18. Amounts from line 10
 * are rounded half-up to the cent.
 * @example Rose Green (Pub 590-B): line1 500, line2 300, line6 20,000, line8 5,000 → line13 460, line14 340, line18 4,540
 */
export function iraBasisRecovery(input: IraBasisRecoveryInput): IraBasisRecovery {
  const line3 = (input.line1 + input.line2) as Cents;
  const line5 = sub(line3, input.line4);
  const line9 = (input.line6 + input.line7 + input.line8) as Cents;
  // Form 8606 line 10: line 5 ÷ line 9, "if the result is 1.000 or more, enter 1.000"
  const line10 = line9 === 0 ? ONE : minRational(rational(line5, line9), ONE);
  const line11 = multiplyRounded(input.line8, line10, "half-up") as Cents;
  const line12 = multiplyRounded(input.line7, line10, "half-up") as Cents;
  const line13 = (line11 + line12) as Cents;
  return {
    line10,
    lines: {
      "1": input.line1,
      "2": input.line2,
      "3": line3,
      "4": input.line4,
      "5": line5,
      "6": input.line6,
      "7": input.line7,
      "8": input.line8,
      "9": line9,
      "11": line11,
      "12": line12,
      "13": line13,
      "14": nonNegative(sub(line3, line13)),
      "15a": sub(input.line7, line12),
      "16": input.line8,
      "17": line11,
      "18": sub(input.line8, line11),
    },
  };
}
