import { type Cents, cents } from "./money/cents.js";
import { type BasisPoints, parsePercent } from "./money/percent.js";
import { divideRounded, divideRoundedSafe } from "./money/rounding.js";

/**
 * An employer match formula as stacked tiers: "100%@3%,50%@2%" matches 100% of deferrals on the first 3% of
 * pay and 50% of deferrals on the next 2% of pay.
 */
export interface MatchTier {
  readonly rateBp: BasisPoints;
  readonly upToBp: BasisPoints;
}

export class MatchFormulaError extends Error {
  override readonly name = "MatchFormulaError";
}

const TIER = /^\s*(\d+(?:\.\d{1,2})?)%?\s*@\s*(\d+(?:\.\d{1,2})?)%?\s*$/;

export function parseMatchFormula(text: string): MatchTier[] {
  if (text.trim() === "" || text.trim().toLowerCase() === "none") return [];
  const tiers = text.split(",").map((part) => {
    const m = TIER.exec(part);
    if (!m) throw new MatchFormulaError(`"${part.trim()}" is not RATE%@UPTO% (e.g. "100%@3%,50%@2%")`);
    const tier = { rateBp: parsePercent(m[1]!), upToBp: parsePercent(m[2]!) };
    if (tier.rateBp > 100_00 * 10) throw new MatchFormulaError(`match rate ${m[1]}% is above 1000%`);
    return tier;
  });
  const totalUpTo = tiers.reduce((s, t) => s + t.upToBp, 0);
  if (totalUpTo > 100_00)
    throw new MatchFormulaError(`tiers cover ${totalUpTo / 100}% of pay; at most 100% allowed`);
  return tiers;
}

export function formatMatchFormula(tiers: readonly MatchTier[]): string {
  if (tiers.length === 0) return "none";
  return tiers.map((t) => `${t.rateBp / 100}%@${t.upToBp / 100}%`).join(",");
}

/**
 * The match on `deferrals` made out of `compensation` (a pay period's or a year's; already capped at
 * 401(a)(17) by the caller). Exact in bigint, rounded once half-up to the cent.
 */
export function employerMatch(tiers: readonly MatchTier[], deferrals: Cents, compensation: Cents): Cents {
  // Work in cents × 10^4 (basis points of pay) so each tier's band is an exact integer.
  // The number path is exact when every intermediate is a safe integer. Bounds (all inputs ≥ 0 here): each band
  // `matched` ≤ deferrals × 10^4, so the total ≤ deferrals × 10^4 × the largest rate; `lower` and `width` ≤
  // compensation × Σ upToBp. If those two bounds are ≤ 2^53 − 1, so is every sum and product below.
  let maxRate = 0;
  let upToTotal = 0;
  for (const tier of tiers) {
    if (tier.rateBp > maxRate) maxRate = tier.rateBp;
    upToTotal += tier.upToBp;
  }
  if (
    deferrals >= 0 &&
    compensation >= 0 &&
    Number.isSafeInteger(deferrals * 10_000) &&
    Number.isSafeInteger(deferrals * 10_000 * maxRate) &&
    Number.isSafeInteger(compensation * upToTotal)
  ) {
    const deferralScaled = deferrals * 10_000;
    let lower = 0;
    let total = 0;
    for (const tier of tiers) {
      const width = tier.upToBp * compensation;
      const inBand = deferralScaled - lower;
      const matched = inBand <= 0 ? 0 : Math.min(inBand, width);
      total += matched * tier.rateBp;
      lower += width;
    }
    return cents(divideRoundedSafe(total, 10_000 * 10_000, "half-up"));
  }
  return employerMatchBigInt(tiers, deferrals, compensation);
}

/** The reference computation in BigInt, for amounts where the safe-integer bound above does not hold. */
export function employerMatchBigInt(
  tiers: readonly MatchTier[],
  deferrals: Cents,
  compensation: Cents,
): Cents {
  const deferralScaled = BigInt(deferrals) * 10_000n;
  let lower = 0n;
  let total = 0n;
  for (const tier of tiers) {
    const width = BigInt(tier.upToBp) * BigInt(compensation);
    const inBand = deferralScaled - lower;
    const matched = inBand <= 0n ? 0n : inBand < width ? inBand : width;
    total += matched * BigInt(tier.rateBp);
    lower += width;
  }
  return cents(Number(divideRounded(total, 10_000n * 10_000n, "half-up")));
}

/** The deferral (as % of pay, in basis points) needed to receive the full match. */
export function fullMatchDeferralBp(tiers: readonly MatchTier[]): BasisPoints {
  return tiers.reduce((s, t) => s + t.upToBp, 0) as BasisPoints;
}
