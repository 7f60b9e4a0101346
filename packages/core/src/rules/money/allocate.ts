import { type Cents, cents } from "./cents.js";

/**
 * Splits a total into `parts` shares that add up to the cent: floor(total / n) each, and the leftover
 * cents one each to the earliest shares (the convention of the reference PAY cases).
 * @example allocateEvenly(cents(1000), 3) → [334, 333, 333]
 */
export function allocateEvenly(total: Cents, parts: number): Cents[] {
  if (!Number.isInteger(parts) || parts <= 0)
    throw new RangeError(`parts must be a positive integer: ${parts}`);
  if (total < 0) throw new RangeError("total must not be negative");
  const base = Math.floor(total / parts);
  const leftover = total - base * parts;
  return Array.from({ length: parts }, (_, i) => cents(i < leftover ? base + 1 : base));
}

/**
 * Splits a total in proportion to integer weights; each share is floored and the leftover cents go to
 * the earliest shares with a non-zero weight, so the parts add up to the total exactly.
 */
export function allocateByWeights(total: Cents, weights: readonly number[]): Cents[] {
  if (total < 0) throw new RangeError("total must not be negative");
  const weightSum = weights.reduce((s, w) => s + BigInt(w), 0n);
  if (weightSum <= 0n) throw new RangeError("weights must add up to more than zero");
  const shares = weights.map((w) => (BigInt(total) * BigInt(w)) / weightSum);
  let leftover = BigInt(total) - shares.reduce((s, x) => s + x, 0n);
  for (let i = 0; leftover > 0n; i = (i + 1) % shares.length) {
    if (weights[i]! > 0) {
      shares[i] = shares[i]! + 1n;
      leftover -= 1n;
    }
  }
  return shares.map((s) => cents(Number(s)));
}
