import { type Cents, cents } from "./cents.js";
import { divideRounded, divideRoundedSafe, type RoundingMode } from "./rounding.js";

/**
 * A percentage held exactly as an integer number of basis points (1% = 100 bp), enough for every
 * plan formula, election increment (0.1%) and tax rate in use.
 */
export type BasisPoints = number & { readonly __brand: "BasisPoints" };

export class PercentError extends Error {
  override readonly name = "PercentError";
}

export function basisPoints(n: number): BasisPoints {
  if (!Number.isSafeInteger(n)) throw new PercentError(`not a whole number of basis points: ${n}`);
  return n as BasisPoints;
}

const PERCENT_PATTERN = /^(\d+)(?:\.(\d{1,2}))?%?$/;

/**
 * Parses "6%", "6", "0.5%", "12.25%" into basis points, exactly.
 * @example parsePercent("0.5%") === 50
 */
export function parsePercent(text: string): BasisPoints {
  const match = PERCENT_PATTERN.exec(text.trim());
  if (!match) throw new PercentError(`not a percentage with at most 2 decimals: "${text}"`);
  const [, whole = "0", fraction = ""] = match;
  return basisPoints(Number(whole) * 100 + Number(fraction.padEnd(2, "0")));
}

/** Converts a percentage given as a JSON number (e.g. 6.5) to basis points, rejecting finer precision. */
export function percentToBasisPoints(percent: number): BasisPoints {
  if (!Number.isFinite(percent) || percent < 0) throw new PercentError(`not a percentage: ${percent}`);
  return parsePercent(String(percent));
}

export function formatPercent(bp: BasisPoints): string {
  // the sign once, in front; the digits from the magnitude (-550 bp is "-5.5%", -25 bp is "-0.25%")
  const sign = bp < 0 ? "-" : "";
  const abs = Math.abs(bp);
  const whole = Math.trunc(abs / 100);
  const fraction = abs % 100;
  return fraction === 0
    ? `${sign}${whole}%`
    : `${sign}${whole}.${fraction.toString().padStart(2, "0").replace(/0$/, "")}%`;
}

/** The percentage as a JSON number (6.5 for 650 bp). */
export function basisPointsToPercent(bp: BasisPoints): number {
  return bp / 100;
}

/** amount × bp / 10,000, rounded to the cent by `mode`. */
export function percentOf(amount: Cents, bp: BasisPoints, mode: RoundingMode): Cents {
  // amount and bp are safe integers. If the exact product is at most 2^53 − 1 in magnitude it is a double, so
  // the computed product is exact; if it is larger, the computed product (rounded monotonically) is at least
  // 2^53 and fails the test. So the check proves the product exact before the number path uses it.
  const product = amount * bp;
  if (Number.isSafeInteger(product)) return cents(divideRoundedSafe(product, 10_000, mode));
  return cents(Number(divideRounded(BigInt(amount) * BigInt(bp), 10_000n, mode)));
}
