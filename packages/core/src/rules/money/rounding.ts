/**
 * Rounding of an exact quotient to an integer. Each call site names the mode its rule requires.
 * - "half-up": the IRS convention for amounts to the cent (Form 1040 instructions, "Rounding off to whole
 *   dollars": drop under 50 cents, round 50–99 cents up; applied here at the cent).
 * - "down" / "up": toward −∞ / +∞, for limits that must never be exceeded, or floors.
 */
export type RoundingMode = "half-up" | "down" | "up";

/** Rounds numerator/denominator (bigint, denominator > 0) to an integer by `mode`. */
export function divideRounded(numerator: bigint, denominator: bigint, mode: RoundingMode): bigint {
  if (denominator <= 0n) throw new RangeError("denominator must be positive");
  const floor = numerator >= 0n ? numerator / denominator : -((-numerator + denominator - 1n) / denominator);
  const remainder = numerator - floor * denominator;
  if (remainder === 0n) return floor;
  switch (mode) {
    case "down":
      return floor;
    case "up":
      return floor + 1n;
    case "half-up":
      return remainder * 2n >= denominator ? floor + 1n : floor;
  }
}
