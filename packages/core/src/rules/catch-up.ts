import { citeFigure, figure, figureFrom, shippedFigure } from "../data/figures.js";
import { type Step, step } from "./explain.js";
import { type Cents, wholeDollars, ZERO } from "./money/cents.js";

/** The catch-up limit that applies to a person for a year, by age at December 31. */
export interface CatchUpLimit {
  readonly limit: Cents;
  readonly kind: "none" | "age-50" | "age-60-63";
  readonly step: Step;
}

const catchUpLimits = new Map<number, CatchUpLimit>();

/**
 * The catch-up limit for a year and an age at December 31; the same (frozen) result for the same year and age,
 * computed once (a batch reads it for every row).
 */
export function catchUpLimitFor(year: number, ageAtYearEnd: number): CatchUpLimit {
  const key = year * 1000 + ageAtYearEnd;
  const cached = Number.isSafeInteger(key) ? catchUpLimits.get(key) : undefined;
  if (cached) return cached;
  const result = Object.freeze(computeCatchUpLimit(year, ageAtYearEnd));
  // Only figures that ship with megaroth are cached: a supplied one is read (and recorded as used) each time.
  const shipped = shippedFigure("catchUpLimit", year) && shippedFigure("catchUp60to63Limit", year);
  if (shipped && Number.isInteger(ageAtYearEnd) && ageAtYearEnd >= 0 && ageAtYearEnd < 1000)
    catchUpLimits.set(key, result);
  return result;
}

// IRC §414(v)(1), (v)(2)(B)(i): eligible if the participant attains 50 by the end of the year.
// IRC §414(v)(2)(E) (SECURE 2.0 §109): ages 60–63 at year end get the higher limit from 2025.
function computeCatchUpLimit(year: number, ageAtYearEnd: number): CatchUpLimit {
  figure("catchUpLimit", year);
  if (ageAtYearEnd < 50) {
    return {
      limit: ZERO,
      kind: "none",
      step: step(`Catch-up limit (age ${ageAtYearEnd} < 50 at Dec 31)`, ZERO, "IRC §414(v)(5)"),
    };
  }
  const superLimit = figureFrom("catchUp60to63Limit", year);
  if (superLimit !== null && ageAtYearEnd >= 60 && ageAtYearEnd <= 63) {
    const limit = wholeDollars(superLimit);
    return {
      limit,
      kind: "age-60-63",
      step: step(
        `Catch-up limit, ages 60–63 (age ${ageAtYearEnd})`,
        limit,
        citeFigure("catchUp60to63Limit", year),
      ),
    };
  }
  const limit = wholeDollars(figure("catchUpLimit", year));
  return {
    limit,
    kind: "age-50",
    step: step(`Catch-up limit, age 50+ (age ${ageAtYearEnd})`, limit, citeFigure("catchUpLimit", year)),
  };
}

export interface RothCatchUpRule {
  readonly mustBeRoth: boolean;
  readonly allowed: boolean;
  readonly step: Step | null;
}

/** A year's Roth catch-up threshold (null before the rule) and the look-back year's wage base, in cents. */
const rothFiguresByYear = new Map<
  number,
  { readonly threshold: Cents | null; readonly priorWageBase: Cents }
>();
const NOT_APPLIED: RothCatchUpRule = Object.freeze({ mustBeRoth: false, allowed: false, step: null });
const NOT_APPLIED_ELIGIBLE: RothCatchUpRule = Object.freeze({ mustBeRoth: false, allowed: true, step: null });
const ROTH_REQUIRED: RothCatchUpRule = Object.freeze({ mustBeRoth: true, allowed: true, step: null });
const NOT_ALLOWED: RothCatchUpRule = Object.freeze({ mustBeRoth: true, allowed: false, step: null });

// IRC §414(v)(7) (SECURE 2.0 §603; T.D. 10033): if prior-year FICA wages (W-2 box 3) from the sponsoring
// employer exceeded the threshold, catch-ups must be Roth — and are not allowed where the plan has no Roth.
export function rothCatchUpRule(
  year: number,
  eligible: boolean,
  priorYearFicaWages: Cents | null,
  planOffersRoth: boolean,
  /** false: the same rule without its step (null). */
  explain = true,
): RothCatchUpRule {
  if (!explain) {
    const figures = rothFiguresByYear.get(year);
    if (figures !== undefined) {
      // The same answers as below, from the year's figures read once (a batch asks for every row).
      if (!eligible || figures.threshold === null) return eligible ? NOT_APPLIED_ELIGIBLE : NOT_APPLIED;
      if (priorYearFicaWages === null) return NOT_APPLIED_ELIGIBLE;
      const covered = Math.min(priorYearFicaWages, figures.priorWageBase) > figures.threshold;
      return covered ? (planOffersRoth ? ROTH_REQUIRED : NOT_ALLOWED) : NOT_APPLIED_ELIGIBLE;
    }
  }
  const threshold = figureFrom("rothCatchUpWageThreshold", year);
  // Only figures that ship with megaroth are kept: a supplied one is read (and recorded as used) each time.
  if (
    !explain &&
    shippedFigure("rothCatchUpWageThreshold", year) &&
    (threshold === null || shippedFigure("socialSecurityWageBase", year - 1))
  ) {
    rothFiguresByYear.set(year, {
      threshold: threshold === null ? null : wholeDollars(threshold),
      priorWageBase: threshold === null ? ZERO : wholeDollars(figure("socialSecurityWageBase", year - 1)),
    });
  }
  if (!eligible || threshold === null) return { mustBeRoth: false, allowed: eligible, step: null };
  const thresholdCents = wholeDollars(threshold);
  if (!explain) {
    if (priorYearFicaWages === null) return { mustBeRoth: false, allowed: true, step: null };
    const covered =
      Math.min(priorYearFicaWages, wholeDollars(figure("socialSecurityWageBase", year - 1))) > thresholdCents;
    return { mustBeRoth: covered, allowed: !covered || planOffersRoth, step: null };
  }
  const citation = citeFigure("rothCatchUpWageThreshold", year);
  if (priorYearFicaWages === null) {
    return {
      mustBeRoth: false,
      allowed: true,
      step: step(
        `No ${year - 1} FICA wages from this employer: Roth catch-up rule does not apply`,
        null,
        citation,
      ),
    };
  }
  // Box 3 wages never exceed the prior year's Social Security wage base.
  const box3 = Math.min(
    priorYearFicaWages,
    wholeDollars(figure("socialSecurityWageBase", year - 1)),
  ) as Cents;
  const covered = box3 > thresholdCents;
  const capped = box3 < priorYearFicaWages ? " (capped at that year's Social Security wage base)" : "";
  const label = covered
    ? `${year - 1} FICA wages exceed the threshold: catch-ups must be Roth${planOffersRoth ? "" : " — plan has no Roth, so no catch-up"}`
    : `${year - 1} FICA wages do not exceed the threshold: catch-ups may be pre-tax`;
  return {
    mustBeRoth: covered,
    allowed: !covered || planOffersRoth,
    step: step(`${label}${capped}`, box3, citation),
  };
}
