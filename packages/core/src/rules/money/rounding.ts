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

/**
 * `divideRounded` for safe integers (|numerator| ≤ 2^53 − 1, 0 < denominator ≤ 2^53 − 1), without BigInt: the
 * same result for every such input (a property test compares the two). Exact because every intermediate is an
 * integer of magnitude ≤ |numerator|: `%` of two doubles is exact (IEEE 754 remainder of integers), so
 * `numerator - remainder` is an exact multiple of the denominator and the division by it is exact. Below 2^52,
 * where `%` is not needed, the floor of the double quotient is corrected by its remainder instead.
 */
export function divideRoundedSafe(numerator: number, denominator: number, mode: RoundingMode): number {
  if (!(denominator > 0) || !Number.isSafeInteger(denominator))
    throw new RangeError("denominator must be a positive safe integer");
  if (!Number.isSafeInteger(numerator)) throw new RangeError("numerator must be a safe integer");
  if (numerator < TWO_52 && numerator > -TWO_52 && denominator < TWO_52) {
    // No `%` (slow on doubles) below 2^52: the double quotient n/d has the exact quotient's floor. When n/d is not
    // an integer it is at least 1/d from each integer, while rounding moves it by at most |n/d| × 2^-53 < 1/d (as
    // |n| < 2^53), so it cannot round onto or past an integer. The remainder is then exact: |floor × d| ≤ |n| + d
    // < 2^53. (+ 0: a numerator of −0 gives 0, as the path below does.)
    const floor = Math.floor(numerator / denominator) + 0;
    return roundedFloor(floor, numerator - floor * denominator, denominator, mode);
  }
  const truncatedRemainder = numerator % denominator;
  // floor toward −∞: for a negative numerator with a remainder, one below the truncated quotient.
  const floor = (numerator - truncatedRemainder) / denominator - (truncatedRemainder < 0 ? 1 : 0);
  const remainder = truncatedRemainder < 0 ? truncatedRemainder + denominator : truncatedRemainder;
  return roundedFloor(floor, remainder, denominator, mode);
}

const TWO_52 = 2 ** 52;

/** The quotient rounded by `mode`, from its floor and the remainder (0 ≤ remainder < denominator). */
function roundedFloor(floor: number, remainder: number, denominator: number, mode: RoundingMode): number {
  if (remainder === 0) return floor;
  switch (mode) {
    case "down":
      return floor;
    case "up":
      return floor + 1;
    case "half-up":
      // remainder < denominator ≤ 2^53 − 1, so remainder × 2 < 2^54 is exact (a double doubles exactly).
      return remainder * 2 >= denominator ? floor + 1 : floor;
  }
}
