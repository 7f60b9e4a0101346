import { divideRounded, type RoundingMode } from "./rounding.js";

/** An exact ratio of two bigints (denominator > 0), for ratios such as Form 8606 line 10. */
export interface Rational {
  readonly numerator: bigint;
  readonly denominator: bigint;
}

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

export function rational(numerator: bigint | number, denominator: bigint | number): Rational {
  let n = BigInt(numerator);
  let d = BigInt(denominator);
  if (d === 0n) throw new RangeError("denominator must not be zero");
  if (d < 0n) [n, d] = [-n, -d];
  const g = gcd(n, d) || 1n;
  return { numerator: n / g, denominator: d / g };
}

export const ONE: Rational = { numerator: 1n, denominator: 1n };

export function minRational(a: Rational, b: Rational): Rational {
  return a.numerator * b.denominator <= b.numerator * a.denominator ? a : b;
}

/** Rounds the ratio to `places` decimal places by `mode`, as a rational (e.g. 0.092 → 92/1000). */
export function roundRational(r: Rational, places: number, mode: RoundingMode): Rational {
  const scale = 10n ** BigInt(places);
  return rational(divideRounded(r.numerator * scale, r.denominator, mode), scale);
}

/** integer × ratio, rounded to an integer by `mode`. */
export function multiplyRounded(amount: number, r: Rational, mode: RoundingMode): number {
  return Number(divideRounded(BigInt(amount) * r.numerator, r.denominator, mode));
}

/** A decimal string of the ratio to `places` places (for display: "0.092"). */
export function formatRational(r: Rational, places: number): string {
  const scaled = divideRounded(r.numerator * 10n ** BigInt(places), r.denominator, "half-up");
  const negative = scaled < 0n;
  const digits = (negative ? -scaled : scaled).toString().padStart(places + 1, "0");
  const whole = digits.slice(0, digits.length - places);
  const fraction = digits.slice(digits.length - places);
  return `${negative ? "-" : ""}${whole}${places > 0 ? `.${fraction}` : ""}`;
}
