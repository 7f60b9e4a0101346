import { citeFigure, FIGURES, figureFrom, supportedYears } from "../../data/figures.js";
import { type Cents, wholeDollars } from "../money/cents.js";
import type { BasisPoints } from "../money/percent.js";
import { divideRounded } from "../money/rounding.js";

/** The plan limits a multi-year projection needs beyond the last published year. */
export type IndexedLimitId =
  | "electiveDeferralLimit"
  | "catchUpLimit"
  | "catchUp60to63Limit"
  | "annualAdditionsLimit"
  | "compensationLimit"
  | "rothCatchUpWageThreshold";

/** Each limit's statutory rounding after cost-of-living indexing: down to a multiple of this many dollars. */
const ROUNDING: Readonly<Record<IndexedLimitId, { readonly multiple: number; readonly citation: string }>> = {
  electiveDeferralLimit: { multiple: 500, citation: "IRC §402(g)(4)" },
  catchUpLimit: { multiple: 500, citation: "IRC §414(v)(2)(C)" },
  catchUp60to63Limit: { multiple: 500, citation: "IRC §414(v)(2)(E)(ii)" },
  annualAdditionsLimit: { multiple: 1000, citation: "IRC §415(d)(4)(A)" },
  compensationLimit: { multiple: 5000, citation: "IRC §401(a)(17)(B)" },
  rothCatchUpWageThreshold: { multiple: 5000, citation: "IRC §414(v)(7)(A)" },
};

export interface ProjectableLimit {
  readonly id: IndexedLimitId;
  readonly year: number;
  /** Null where the rule does not exist yet that year (the ages 60–63 catch-up before 2025). */
  readonly amount: Cents | null;
  /** False: the IRS published it. True: megaroth projected it with the rule in `basis`. */
  readonly projected: boolean;
  readonly basis: string;
}

/**
 * A plan limit for any year: the published figure where the IRS has announced one, otherwise a projection,
 * clearly labelled: the last published figure × (1 + assumed yearly cost-of-living increase)^(years after it),
 * rounded down to the statutory multiple. The law indexes an unrounded base amount, so a projection from the
 * rounded figure can fall one step short of what the IRS later announces; it is an estimate, never a figure.
 */
export function projectableLimit(
  id: IndexedLimitId,
  year: number,
  indexingBp: BasisPoints,
): ProjectableLimit {
  const years = supportedYears(id);
  const last = years[years.length - 1]!;
  if (year <= last) {
    const value = figureFrom(id, year);
    return {
      id,
      year,
      amount: value === null ? null : wholeDollars(value),
      projected: false,
      basis: value === null ? `${FIGURES[id].citation}: not in effect in ${year}` : citeFigure(id, year),
    };
  }
  const base = figureFrom(id, last)!;
  const { multiple, citation } = ROUNDING[id];
  const k = year - last;
  const indexed = divideRounded(
    BigInt(base) * (10_000n + BigInt(indexingBp)) ** BigInt(k),
    10_000n ** BigInt(k) * BigInt(multiple),
    "down",
  );
  const dollars = Number(indexed) * multiple;
  return {
    id,
    year,
    amount: wholeDollars(dollars),
    projected: true,
    basis: `projected: ${last} figure $${base.toLocaleString("en-US")} × (1 + ${indexingBp / 100}%)^${k}, rounded down to a multiple of $${multiple.toLocaleString("en-US")} (${citation}); not published by the IRS`,
  };
}
